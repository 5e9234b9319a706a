import { describe, expect, it } from 'vitest';
import {
	addToBreakdown,
	emptyBreakdown,
	type Breakdown
} from '../../src/lib/domain/reports/breakdown';
import type { Indicators } from '../../src/lib/domain/reports/indicators';
import { publicColumns, publicCounts } from '../../src/lib/domain/reports/public-counts';
import {
	COMPLEMENT_MARK,
	SMALL_MARK,
	isShown,
	suppressBreakdown
} from '../../src/lib/domain/reports/suppress';
import { indicatorTables, type TableWords } from '../../src/lib/domain/reports/tables';

const sum = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0);

describe('suppression of small cells', () => {
	it('keeps cells of 5 or more and zeros', () => {
		expect(suppressBreakdown(17, [5, 12, 0])).toEqual({ total: 17, cells: [5, 12, 0] });
		expect(suppressBreakdown(0, [0, 0])).toEqual({ total: 0, cells: [0, 0] });
	});

	it('hides every cell of 1 to 4 people', () => {
		expect(suppressBreakdown(20, [1, 2, 17])).toEqual({
			total: 20,
			cells: [SMALL_MARK, SMALL_MARK, 17]
		});
		expect(suppressBreakdown(24, [4, 4, 16])).toEqual({
			total: 24,
			cells: [SMALL_MARK, SMALL_MARK, 16]
		});
	});

	it('hides the next smallest cell when only one is small, so subtraction finds nothing', () => {
		// Women 3, men 40, total kept: men would give women away; both go.
		expect(suppressBreakdown(43, [3, 40])).toEqual({
			total: 43,
			cells: [SMALL_MARK, COMPLEMENT_MARK]
		});
		// The smallest other non-zero cell, not a zero and not the largest; the first of equals.
		expect(suppressBreakdown(40, [0, 2, 9, 20, 9])).toEqual({
			total: 40,
			cells: [0, SMALL_MARK, COMPLEMENT_MARK, 20, 9]
		});
	});

	it('hides a total of 1 to 4 and then all its non-zero cells', () => {
		expect(suppressBreakdown(4, [1, 3, 0])).toEqual({
			total: SMALL_MARK,
			cells: [SMALL_MARK, SMALL_MARK, 0]
		});
		expect(suppressBreakdown(3, [3, 0])).toEqual({ total: SMALL_MARK, cells: [SMALL_MARK, 0] });
	});

	it('never lets one hidden cell be worked out from the total and the cells shown', () => {
		// Every breakdown of up to four cells of 0..12: a kept total never leaves exactly one cell
		// hidden, and whatever is shown is the true count.
		const values = [0, 1, 2, 3, 4, 5, 6, 12];
		for (const a of values)
			for (const b of values)
				for (const c of values)
					for (const d of [0, 3, 7]) {
						const cells = [a, b, c, d];
						const s = suppressBreakdown(sum(cells), cells);
						const hidden = s.cells.filter((x) => !isShown(x)).length;
						if (isShown(s.total)) expect(hidden === 0 || hidden >= 2).toBe(true);
						s.cells.forEach((x, i) => {
							if (isShown(x)) expect(x).toBe(cells[i]);
							else expect(cells[i]).toBeGreaterThan(0);
							if (cells[i]! > 0 && cells[i]! < 5) expect(x).toBe(SMALL_MARK);
						});
					}
	});
});

function breakdown(cells: [sex: 'F' | 'M', age: '25-34' | '60+', fed: string, n: number][]) {
	const b: Breakdown = emptyBreakdown(['FEDA', 'FEDB'], ['LP', 'PT']);
	for (const [sex, ageBand, federation, n] of cells)
		addToBreakdown(
			b,
			{ sex, ageBand, federation, department: federation === 'FEDA' ? 'PT' : 'LP' },
			n
		);
	return b;
}

const indicators = (): Indicators => {
	const enrolled = breakdown([
		['F', '25-34', 'FEDA', 10],
		['M', '25-34', 'FEDA', 8],
		['F', '60+', 'FEDB', 2]
	]);
	const completed = breakdown([['F', '25-34', 'FEDA', 3]]);
	return {
		asOf: '2026-10-15',
		filters: {},
		federations: [
			{ id: 'a', shortName: 'FEDA' },
			{ id: 'b', shortName: 'FEDB' }
		],
		departments: ['LP', 'PT'],
		enrolled,
		active: breakdown([]),
		droppedOut: breakdown([]),
		completed,
		courses: [{ course: 'think-coop', completed }],
		attendance: [],
		sessions: [],
		teams: [],
		teamsMore: 0,
		knowledgeGain: [],
		workbooks: { count: 0, bySection: {} },
		actionPlans: { total: 2, drafted: 1, submitted: 0, approved: 1 },
		feasibility: { verdicts: {}, decisions: { go: 1 } },
		followUp: {
			today: '2026-10-15',
			rounds: [],
			overall: {
				cooperatives: 0,
				late: 0,
				items: 0,
				byStatus: { done: 0, on_track: 0, late: 0, not_started: 0, none: 0 },
				reviews: { validated: 0, queried: 0, pending: 0 },
				spent: 0,
				budget: 0
			},
			late: [],
			lateMore: 0
		},
		participation: {
			roles: {
				reader: { F: 1, M: 1, total: 2, womenShare: 50 },
				timekeeper: { F: 0, M: 0, total: 0, womenShare: null },
				notetaker: { F: 0, M: 0, total: 0, womenShare: null }
			},
			officers: { F: 0, M: 0, total: 0, womenShare: null }
		},
		live: {
			sessions: 0,
			present: { F: 0, M: 0, total: 0 },
			expected: { F: 0, M: 0, total: 0 },
			rate: null
		}
	};
};

describe('the public counts', () => {
	const rows = publicCounts(indicators());
	const get = (indicator: string, breakdown: string, group = '', course = '') =>
		rows.find(
			(r) =>
				r.indicator === indicator &&
				r.breakdown === breakdown &&
				r.group === group &&
				r.course === course
		)?.people;

	it('lists each indicator once with its total and every breakdown, in stable codes', () => {
		expect(publicColumns).toEqual(['as_of', 'indicator', 'course', 'breakdown', 'group', 'people']);
		expect(rows.filter((r) => r.breakdown === 'total').map((r) => r.indicator)).toEqual([
			'enrolled',
			'active',
			'dropped_out',
			'completed',
			'completed'
		]);
		expect(get('enrolled', 'total')).toBe(20);
		expect(get('enrolled', 'sex', 'F')).toBe(12);
		expect(get('enrolled', 'sex', 'M')).toBe(8);
		expect(get('enrolled', 'age_band', 'unknown')).toBe(0);
	});

	it('suppresses each breakdown: a small cell and its complement, a small total', () => {
		// FEDB has 2 of 20: hidden, and FEDA (18) with it; the same in departments and age bands.
		expect(get('enrolled', 'federation', 'FEDB')).toBe(SMALL_MARK);
		expect(get('enrolled', 'federation', 'FEDA')).toBe(COMPLEMENT_MARK);
		expect(get('enrolled', 'department', 'LP')).toBe(SMALL_MARK);
		expect(get('enrolled', 'department', 'PT')).toBe(COMPLEMENT_MARK);
		expect(get('enrolled', 'age_band', '60+')).toBe(SMALL_MARK);
		expect(get('enrolled', 'age_band', '25-34')).toBe(COMPLEMENT_MARK);
		// Three completed: the total and every non-zero cell hidden, course by course too.
		for (const course of ['', 'think-coop']) {
			expect(get('completed', 'total', '', course)).toBe(SMALL_MARK);
			expect(get('completed', 'sex', 'F', course)).toBe(SMALL_MARK);
			expect(get('completed', 'sex', 'M', course)).toBe(0);
		}
		expect(
			rows.every(
				(r) => isShown(r.people) || r.people === SMALL_MARK || r.people === COMPLEMENT_MARK
			)
		).toBe(true);
	});
});

describe('the tables of a report', () => {
	// Words as their own keys, except those the assertions read.
	const given: Record<string, unknown> = {
		summary: 'Summary',
		bySex: 'Sex',
		total: 'Total',
		women: 'Women',
		men: 'Men',
		group: 'Group',
		actionPlans: 'Action plans',
		figures: { enrolled: 'E', active: 'A', dropped: 'D', completed: 'C' },
		sections: {}
	};
	const words = new Proxy(given, {
		get: (t, key) =>
			t[String(key)] ??
			(['age', 'department', 'course', 'session'].includes(String(key))
				? (k: string) => `<${k}>`
				: new Proxy({}, { get: (_, k) => String(k) }))
	}) as unknown as TableWords;
	const tables = indicatorTables(indicators(), words);
	const byId = Object.fromEntries(tables.map((t) => [t.id, t]));

	it('lays out the dashboard tables in its order, numbers kept as numbers', () => {
		expect(tables.map((t) => t.id)).toEqual([
			'summary',
			'sex',
			'federation',
			'age',
			'department',
			'courses',
			'attendance',
			'live',
			'grid',
			'tests',
			'plans',
			'decisions',
			'verdicts',
			'workbooks',
			'participation',
			'follow-up-rounds',
			'follow-up-late'
		]);
		expect(byId.summary!.rows).toEqual([
			['E', 20, 12, 8],
			['A', 0, 0, 0],
			['D', 0, 0, 0],
			['C', 3, 3, 0]
		]);
		expect(byId.sex!.columns.map((c) => c.label)).toEqual(['Group', 'E', 'A', 'D', 'C']);
		expect(byId.sex!.rows).toEqual([
			['Women', 12, 0, 0, 3],
			['Men', 8, 0, 0, 0],
			['Total', 20, 0, 0, 3]
		]);
		expect(byId.federation!.rows).toEqual([
			['FEDA', 18, 0, 0, 3],
			['FEDB', 2, 0, 0, 0]
		]);
		expect(byId.age!.rows.map((r) => r[1])).toEqual([0, 18, 0, 0, 2, 0]);
		expect(byId.department!.rows[0]).toEqual(['<LP>', 2, 0, 0, 0]);
		expect(byId.plans!.rows).toEqual([['Action plans', 2, 1, 0, 1]]);
		expect(byId.participation!.rows[0]!.slice(1)).toEqual([1, 1, 2, 50]);
		expect(byId.participation!.columns.at(-1)!.format).toBe('percent');
		expect(byId.workbooks!.rows).toEqual([]);
	});
});
