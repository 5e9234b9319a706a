// The open-data table of a report: aggregates only (never a row per person), each breakdown
// suppressed as a whole by the rule in suppress.ts.
import { ageBandKeys } from './age-bands';
import type { Breakdown } from './breakdown';
import type { Indicators } from './indicators';
import { suppressBreakdown, type PublicCount } from './suppress';

export interface PublicRow {
	/** enrolled, active, dropped_out, completed. */
	indicator: string;
	/** A course's slug for completion course by course; empty for all courses. */
	course: string;
	/** total, sex, age_band, federation, department. */
	breakdown: string;
	/** F / M, an age band, a federation's short name, a department code; empty for the total. */
	group: string;
	people: PublicCount;
}

/** Column names of the public file, stable codes for those who read it with a program. */
export const publicColumns = ['as_of', 'indicator', 'course', 'breakdown', 'group', 'people'];

function rowsOf(indicator: string, course: string, b: Breakdown, r: Indicators): PublicRow[] {
	const dims: [string, string[], number[]][] = [
		['sex', ['F', 'M'], [b.bySex.F, b.bySex.M]],
		['age_band', [...ageBandKeys], ageBandKeys.map((k) => b.byAgeBand[k] ?? 0)],
		[
			'federation',
			r.federations.map((f) => f.shortName),
			r.federations.map((f) => b.byFederation[f.shortName] ?? 0)
		],
		['department', r.departments, r.departments.map((d) => b.byDepartment[d] ?? 0)]
	];
	const out: PublicRow[] = [];
	for (const [breakdown, groups, counts] of dims) {
		const s = suppressBreakdown(b.total, counts);
		// The total once per indicator; the same suppression applies to it in every breakdown.
		if (!out.length)
			out.push({ indicator, course, breakdown: 'total', group: '', people: s.total });
		groups.forEach((group, i) =>
			out.push({ indicator, course, breakdown, group, people: s.cells[i]! })
		);
	}
	return out;
}

/** Every public row of a report: people enrolled, active, dropped out and completed. */
export function publicCounts(r: Indicators): PublicRow[] {
	return [
		...rowsOf('enrolled', '', r.enrolled, r),
		...rowsOf('active', '', r.active, r),
		...rowsOf('dropped_out', '', r.droppedOut, r),
		...rowsOf('completed', '', r.completed, r),
		...r.courses.flatMap((c) => rowsOf('completed', c.course, c.completed, r))
	];
}
