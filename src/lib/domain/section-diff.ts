import { sameData, type FieldSpec, type SectionData } from './workbook-values';

/** One field that differs between two saved versions of a section. */
export type FieldChange =
	| { field: string; kind: 'value'; before: unknown; after: unknown }
	/** A table: how many rows each version has and which rows (numbered from 1) differ. */
	| { field: string; kind: 'rows'; before: number; after: number; changedRows: number[] };

const empty = (v: unknown) =>
	v === undefined || v === null || v === '' || (Array.isArray(v) && v.length === 0);

/**
 * What changed from one version of a section to another, field by field in the section's order:
 * a plain field by its two values, a table by its row counts and the rows that differ. Fields
 * empty in both (absent, "", []) count as unchanged.
 */
export function diffSection(
	fields: readonly FieldSpec[],
	before: SectionData,
	after: SectionData
): FieldChange[] {
	const changes: FieldChange[] = [];
	for (const f of fields) {
		const a = before[f.id];
		const b = after[f.id];
		if ((empty(a) && empty(b)) || sameData(a, b)) continue;
		if (f.type === 'table') {
			const ra = Array.isArray(a) ? a : [];
			const rb = Array.isArray(b) ? b : [];
			const changedRows: number[] = [];
			for (let i = 0; i < Math.max(ra.length, rb.length); i++)
				if (!sameData(ra[i], rb[i])) changedRows.push(i + 1);
			changes.push({ field: f.id, kind: 'rows', before: ra.length, after: rb.length, changedRows });
		} else changes.push({ field: f.id, kind: 'value', before: a, after: b });
	}
	return changes;
}
