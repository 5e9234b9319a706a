// The Action Plan's activities grouped by the objective each serves, as the plan is read: one
// block per objective with what it costs. Pure: the caller passes the rows as saved, the plan's
// objective (from «Problema y objetivo») and the word for "no objective" in the reader's language.
import type { CellValue } from '../workbook-values';

export interface ActivityGroup<R> {
	/** The objective as first written (trimmed), or the fallback. */
	objective: string;
	rows: R[];
	/** Sum of the rows' budgets, in centavos. */
	subtotal: number;
}

const text = (v: CellValue | undefined): string => (typeof v === 'string' ? v.trim() : '');

/** Same objective written differently: spaces, capitals and accents do not count. */
export function objectiveKey(s: string): string {
	return s
		.normalize('NFD')
		.replace(/\p{M}/gu, '')
		.replace(/\s+/g, ' ')
		.trim()
		.toLocaleLowerCase('es');
}

/** A row nobody has written in yet (the form shows empty rows). */
function isBlank(row: Record<string, CellValue>): boolean {
	return Object.values(row).every((v) =>
		Array.isArray(v) ? v.length === 0 : typeof v === 'number' ? false : text(v) === ''
	);
}

/**
 * Activities by objective, groups in the order their first activity appears, rows in their order.
 * A row without an objective serves the plan's objective (`planObjective`), or `noObjective` when
 * the plan has none written either. Blank rows are left out.
 */
export function groupActivities<R extends Record<string, CellValue>>(
	rows: readonly R[],
	planObjective: string,
	noObjective: string
): ActivityGroup<R>[] {
	const fallback = planObjective.trim() || noObjective;
	const groups = new Map<string, ActivityGroup<R>>();
	for (const row of rows) {
		if (isBlank(row)) continue;
		const objective = text(row.objective) || fallback;
		const key = objectiveKey(objective);
		let g = groups.get(key);
		if (!g) groups.set(key, (g = { objective, rows: [], subtotal: 0 }));
		g.rows.push(row);
		if (typeof row.budget === 'number' && Number.isFinite(row.budget)) g.subtotal += row.budget;
	}
	return [...groups.values()];
}

/** Whether the Action Plan has at least one activity written (blank rows do not count). */
export function hasActivities(rows: readonly Record<string, CellValue>[]): boolean {
	return rows.some((r) => !isBlank(r));
}
