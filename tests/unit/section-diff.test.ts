import { describe, expect, it } from 'vitest';
import { diffSection } from '../../src/lib/domain/section-diff';
import type { FieldSpec } from '../../src/lib/domain/workbook-values';

const field = (id: string, type: FieldSpec['type'], extra: Partial<FieldSpec> = {}): FieldSpec => ({
	id,
	type,
	required: false,
	multiline: false,
	multiple: false,
	...extra
});
const fields: FieldSpec[] = [
	field('problem', 'text'),
	field('budget', 'money'),
	field('issues', 'choice', { multiple: true, options: [{ id: 'osh' }, { id: 'mercury' }] }),
	field('rows', 'table', { columns: [field('activity', 'text'), field('budget', 'money')] })
];

describe('what changed between two versions of a section', () => {
	it('lists changed plain fields with both values, in the section order', () => {
		expect(
			diffSection(
				fields,
				{ problem: 'Accidentes', budget: 100000, issues: ['osh'] },
				{ problem: 'Accidentes en la bocamina', budget: 100000, issues: ['osh', 'mercury'] }
			)
		).toEqual([
			{ field: 'problem', kind: 'value', before: 'Accidentes', after: 'Accidentes en la bocamina' },
			{ field: 'issues', kind: 'value', before: ['osh'], after: ['osh', 'mercury'] }
		]);
	});

	it('tells a table by its row counts and the rows that differ', () => {
		const a = [
			{ activity: 'Comprar cascos', budget: 500000 },
			{ activity: 'Capacitación', budget: 200000 }
		];
		const b = [
			{ activity: 'Comprar cascos', budget: 650000 },
			{ activity: 'Capacitación', budget: 200000 },
			{ activity: 'Afiliar a la Caja', budget: 0 }
		];
		expect(diffSection(fields, { rows: a }, { rows: b })).toEqual([
			{ field: 'rows', kind: 'rows', before: 2, after: 3, changedRows: [1, 3] }
		]);
	});

	it('sees nothing between equal versions, nor between absent and empty values', () => {
		const data = { problem: 'x', rows: [{ activity: 'a' }] };
		expect(diffSection(fields, data, structuredClone(data))).toEqual([]);
		expect(diffSection(fields, { problem: '', issues: [] }, { rows: [] })).toEqual([]);
		expect(diffSection(fields, {}, { budget: 0 })).toEqual([
			{ field: 'budget', kind: 'value', before: undefined, after: 0 }
		]);
	});
});
