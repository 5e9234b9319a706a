import { describe, expect, it } from 'vitest';
import {
	applyRowEdit,
	formatMoney,
	formatMoneyInput,
	parseMoney,
	parseNumber,
	parseValues,
	repeatedNames,
	rowEdit,
	sameData,
	shownRows,
	toFormRaw,
	type FieldSpec,
	type SectionData
} from '../../src/lib/domain/workbook-values';

const base = { required: false, multiline: false, multiple: false };
const field = (id: string, type: FieldSpec['type'], over: Partial<FieldSpec> = {}): FieldSpec => ({
	id,
	type,
	...base,
	...over
});
const opts = (...ids: string[]) => ids.map((id) => ({ id }));

const member = '11111111-1111-4111-8111-111111111111';
const stranger = '22222222-2222-4222-8222-222222222222';
const ctx = { personIds: [member] };

describe('money', () => {
	it('reads as Bs with thousands marks from four digits on, in each language', () => {
		expect(formatMoney(160_000, 'es')).toBe('Bs 1.600');
		expect(formatMoney(123_450, 'es')).toBe('Bs 1.234,50');
		expect(formatMoney(123_450, 'en')).toBe('Bs 1,234.50');
		expect(formatMoney(99_900, 'es')).toBe('Bs 999');
	});

	it.each([
		['1.234,50', 123450],
		['1234.5', 123450],
		['1234', 123400],
		['1,234.50', 123450],
		['1.234', 123400],
		['1.234.567', 123456700],
		['0,5', 50],
		['Bs 12', 1200],
		['-3,25', -325],
		[' 12 000 ', 1200000]
	])('reads %s as %i centavos', (text, centavos) => {
		expect(parseMoney(text)).toBe(centavos);
	});

	it.each([
		'12a',
		'doce',
		'1,234,5',
		'1.2.3',
		'1,234',
		'1e5',
		'',
		'-',
		'12.345,678',
		'99999999999999'
	])('refuses %s', (text) => {
		expect(parseMoney(text)).toBeNull();
	});

	it('shows centavos back so they read the same', () => {
		for (const c of [0, 5, 50, 123450, 123400, -325])
			expect(parseMoney(formatMoneyInput(c))).toBe(c);
		expect(formatMoneyInput(123450)).toBe('1234,50');
	});
});

describe('numbers', () => {
	it('reads decimal commas and dots, refuses letters', () => {
		expect(parseNumber('2,5')).toBe(2.5);
		expect(parseNumber('2.5')).toBe(2.5);
		expect(parseNumber('1.500')).toBe(1500);
		expect(parseNumber('-4')).toBe(-4);
		expect(parseNumber('dos')).toBeNull();
		expect(parseNumber('1e9')).toBeNull();
	});
});

describe('parseValues', () => {
	const fields: FieldSpec[] = [
		field('name', 'text', { required: true }),
		field('story', 'text', { multiline: true }),
		field('tons', 'number'),
		field('price', 'money'),
		field('when', 'date'),
		field('kind', 'choice', { options: opts('a', 'b') }),
		field('many', 'choice', { multiple: true, options: opts('x', 'y', 'z') }),
		field('who', 'person'),
		field('score', 'score')
	];

	it('parses every type into its stored value and leaves empty fields out', () => {
		const r = parseValues(
			fields,
			{
				'f.name': '  Estaño Llallagua ',
				'f.story': '',
				'f.tons': '2,5',
				'f.price': '1.234,50',
				'f.when': '2027-02-28',
				'f.kind': 'b',
				'f.many': ['x', 'z', 'x'],
				'f.who': member,
				'f.score': '4'
			},
			ctx
		);
		expect(r).toEqual({
			ok: true,
			data: {
				name: 'Estaño Llallagua',
				tons: 2.5,
				price: 123450,
				when: '2027-02-28',
				kind: 'b',
				many: ['x', 'z'],
				who: member,
				score: 4
			}
		});
	});

	it('gives a code per bad field', () => {
		const r = parseValues(
			fields,
			{
				'f.name': '',
				'f.story': 'x'.repeat(5001),
				'f.tons': 'muchas',
				'f.price': '12 Bs y algo',
				'f.when': '2027-02-31',
				'f.kind': 'c',
				'f.many': ['x', 'nope'],
				'f.who': stranger,
				'f.score': '6'
			},
			ctx
		);
		expect(r).toEqual({
			ok: false,
			errors: {
				name: 'required',
				story: 'too_long:5000',
				tons: 'invalid_number',
				price: 'invalid_money',
				when: 'invalid_date',
				kind: 'unknown_option',
				many: 'unknown_option',
				who: 'not_a_member',
				score: 'out_of_range'
			}
		});
	});

	it('refuses a single-line text over 500 and a date not from a date input', () => {
		const r = parseValues(
			[field('t', 'text'), field('d', 'date')],
			{ 'f.t': 'y'.repeat(501), 'f.d': '31/01/2027' },
			ctx
		);
		expect(r).toEqual({ ok: false, errors: { t: 'too_long:500', d: 'invalid_date' } });
	});

	const table = field('rows', 'table', {
		required: true,
		minRows: 3,
		columns: [
			field('what', 'text', { required: true }),
			field('cost', 'money'),
			field('who', 'person')
		]
	});

	it('keeps the filled rows of a table and skips blank ones', () => {
		const r = parseValues(
			[table],
			{
				'f.rows._rows': '3',
				'f.rows.0.what': 'Compresora',
				'f.rows.0.cost': '5000',
				'f.rows.1.what': '',
				'f.rows.1.cost': '',
				'f.rows.2.what': 'Palas',
				'f.rows.2.who': member
			},
			ctx
		);
		expect(r).toEqual({
			ok: true,
			data: {
				rows: [
					{ what: 'Compresora', cost: 500000 },
					{ what: 'Palas', who: member }
				]
			}
		});
	});

	it('reports cell errors by row and column, a required empty table, and too many rows', () => {
		expect(parseValues([table], { 'f.rows.0.cost': 'mil', 'f.rows.2.cost': '10' }, ctx)).toEqual({
			ok: false,
			errors: {
				'rows.0.cost': 'invalid_money',
				'rows.0.what': 'required',
				'rows.2.what': 'required'
			}
		});
		expect(parseValues([table], { 'f.rows._rows': '3' }, ctx)).toEqual({
			ok: false,
			errors: { rows: 'required' }
		});
		expect(parseValues([table], { 'f.rows.200.what': 'x' }, ctx)).toEqual({
			ok: false,
			errors: { rows: 'too_many_rows' }
		});
	});

	it('round-trips stored data through the form', () => {
		const data = {
			name: 'A',
			price: 123450,
			tons: 2.5,
			many: ['x'],
			score: 3
		};
		const raw = toFormRaw(fields, data);
		expect(raw['f.price']).toBe('1234,50');
		expect(parseValues(fields, raw, ctx)).toEqual({ ok: true, data });
		const rows: SectionData = { rows: [{ what: 'a' }, { what: 'b', cost: 1 }] };
		const traw = toFormRaw([table], rows);
		expect(traw['f.rows._rows']).toBe('2');
		expect(parseValues([table], traw, ctx)).toEqual({ ok: true, data: rows });
		expect(shownRows(table, traw)).toBe(3);
	});
});

describe('table row buttons', () => {
	const table = field('t', 'table', { columns: [field('a', 'text'), field('b', 'text')] });
	const raw = {
		'f.t._rows': '3',
		'f.t.0.a': 'uno',
		'f.t.1.a': 'dos',
		'f.t.2.a': 'tres',
		'f.other': 'kept',
		_removeRow: 't:1'
	};

	it('finds the pressed button, only for real tables', () => {
		expect(rowEdit([table], raw)).toEqual({ kind: 'remove', table: 't', row: 1 });
		expect(rowEdit([table], { _addRow: 't' })).toEqual({ kind: 'add', table: 't' });
		expect(rowEdit([table], { _addRow: 'nope' })).toBeNull();
		expect(rowEdit([table], { _removeRow: 't:x' })).toBeNull();
	});

	it('removes a row and moves the rows below up, keeping everything typed', () => {
		expect(applyRowEdit([table], raw, { kind: 'remove', table: 't', row: 1 })).toEqual({
			'f.t._rows': '2',
			'f.t.0.a': 'uno',
			'f.t.1.a': 'tres',
			'f.other': 'kept'
		});
	});

	it('adds a row, up to 200', () => {
		expect(applyRowEdit([table], { 'f.t.0.a': 'uno' }, { kind: 'add', table: 't' })).toEqual({
			'f.t.0.a': 'uno',
			'f.t._rows': '2'
		});
		expect(
			applyRowEdit([table], { 'f.t._rows': '200' }, { kind: 'add', table: 't' })['f.t._rows']
		).toBe('200');
	});

	it('lists the names a multiple choice repeats under', () => {
		const f = [
			field('m', 'choice', { multiple: true, options: opts('a', 'b') }),
			field('t', 'table', {
				columns: [field('c', 'choice', { multiple: true, options: opts('a', 'b') })]
			})
		];
		const names = repeatedNames(f);
		expect(names[0]).toBe('f.m');
		expect(names).toContain('f.t.199.c');
		expect(names).toHaveLength(201);
	});
});

describe('sameData', () => {
	it('ignores key order, not values', () => {
		expect(sameData({ a: 1, b: [1, { c: 2, d: 3 }] }, { b: [1, { d: 3, c: 2 }], a: 1 })).toBe(true);
		expect(sameData({ a: 1 }, { a: 2 })).toBe(false);
		expect(sameData({ a: [1, 2] }, { a: [2, 1] })).toBe(false);
	});
});
