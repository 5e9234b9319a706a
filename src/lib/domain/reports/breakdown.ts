// A count and its disaggregations. The database groups people once by every dimension together
// (a few dozen rows at most); these fold that small cross-tab into one count per dimension, so
// each breakdown is a sum of the same rows and always adds up to the total.
import { ageBandKeys, type AgeBandKey } from './age-bands';

export type Sex = 'F' | 'M';
export interface BySex {
	F: number;
	M: number;
}

export interface Breakdown {
	total: number;
	bySex: BySex;
	byAgeBand: Record<AgeBandKey, number>;
	/** By federation short name. */
	byFederation: Record<string, number>;
	/** By department code (LP, OR, PT…). */
	byDepartment: Record<string, number>;
}

/** One cell of the cross-tab: people of one sex, age band, federation and department. */
export interface CrossTabCell {
	sex: Sex;
	ageBand: AgeBandKey;
	federation: string;
	department: string;
}

export function emptyBreakdown(
	federations: readonly string[] = [],
	departments: readonly string[] = []
): Breakdown {
	return {
		total: 0,
		bySex: { F: 0, M: 0 },
		byAgeBand: Object.fromEntries(ageBandKeys.map((k) => [k, 0])) as Record<AgeBandKey, number>,
		byFederation: Object.fromEntries(federations.map((f) => [f, 0])),
		byDepartment: Object.fromEntries(departments.map((d) => [d, 0]))
	};
}

/** Adds `n` people of one cell to a breakdown. */
export function addToBreakdown(b: Breakdown, cell: CrossTabCell, n: number): void {
	if (!n) return;
	b.total += n;
	b.bySex[cell.sex] += n;
	b.byAgeBand[cell.ageBand] += n;
	b.byFederation[cell.federation] = (b.byFederation[cell.federation] ?? 0) + n;
	b.byDepartment[cell.department] = (b.byDepartment[cell.department] ?? 0) + n;
}

const sum = (o: object) => (Object.values(o) as number[]).reduce((a, b) => a + b, 0);

/** Whether every disaggregation adds up to the total. */
export function breakdownAddsUp(b: Breakdown): boolean {
	return [b.bySex, b.byAgeBand, b.byFederation, b.byDepartment].every((o) => sum(o) === b.total);
}

export function emptyBySex(): BySex {
	return { F: 0, M: 0 };
}

/** A share in percent with one decimal, or null when there is nothing to divide by. */
export function percent(part: number, whole: number): number | null {
	return whole > 0 ? Math.round((part * 1000) / whole) / 10 : null;
}

/** An average with one decimal, or null without data. */
export function average(sumOf: number, n: number): number | null {
	return n > 0 ? Math.round((sumOf * 10) / n) / 10 : null;
}
