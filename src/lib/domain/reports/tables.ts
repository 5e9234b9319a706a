// The dashboard's figures laid out as titled tables, for the workbook and the PDF summary: every
// number here is read from the one Indicators object, never counted again.
import { ageBandKeys, type AgeBandKey } from './age-bands';
import { percent, type Breakdown } from './breakdown';
import type { Indicators, ScoreAverage } from './indicators';

/** How a column's numbers read: whole counts, one decimal, a percentage with one decimal. */
export type ColumnFormat = 'text' | 'count' | 'decimal' | 'percent';

export interface ReportTable {
	/** Stable name (sheet order, tests). */
	id: string;
	title: string;
	/** The first column names the rows; the others are figures. */
	columns: { label: string; format: ColumnFormat }[];
	rows: (string | number | null)[][];
}

/** The words of the tables, in the reader's language. */
export interface TableWords {
	summary: string;
	group: string;
	total: string;
	women: string;
	men: string;
	figures: { enrolled: string; active: string; dropped: string; completed: string };
	bySex: string;
	byFederation: string;
	byAge: string;
	byDepartment: string;
	age: (k: AgeBandKey) => string;
	department: (code: string) => string;
	courses: string;
	course: (slug: string) => string;
	attendance: string;
	live: string;
	session: (key: string) => string;
	col: {
		course: string;
		session: string;
		groups: string;
		present: string;
		expected: string;
		rate: string;
		team: string;
		federation: string;
		cooperative: string;
		done: string;
		pre: string;
		post: string;
		gain: string;
		people: string;
		area: string;
		section: string;
		role: string;
		womenShare: string;
		workbooks: string;
	};
	grid: string;
	state: { done: string; in_progress: string; not_started: string };
	tests: string;
	plans: string;
	actionPlans: string;
	ap: { drafted: string; submitted: string; approved: string };
	decisions: string;
	decision: { go: string; revise: string; 'no-go': string };
	verdicts: string;
	areas: Record<'market' | 'operations' | 'organisation' | 'finances' | 'social', string>;
	verdict: Record<'feasible' | 'doubtful' | 'not-feasible', string>;
	workbooks: string;
	sections: Record<string, string>;
	status: Record<'draft' | 'submitted' | 'changes_requested' | 'approved', string>;
	participation: string;
	roles: Record<'reader' | 'timekeeper' | 'notetaker' | 'officers', string>;
	followUp: {
		byRound: string;
		late: string;
		col: Record<
			| 'round'
			| 'due'
			| 'coops'
			| 'late'
			| 'items'
			| 'done'
			| 'updated'
			| 'spent'
			| 'budget'
			| 'coop',
			string
		>;
	};
}

const skey = (s: { course: string; module: string; session: string }) =>
	`${s.course}/${s.module}/${s.session}`;

/** The four people figures (enrolled, active, dropped out, completed) in the page's order. */
function figureList(r: Indicators, w: TableWords): [string, Breakdown][] {
	return [
		[w.figures.enrolled, r.enrolled],
		[w.figures.active, r.active],
		[w.figures.dropped, r.droppedOut],
		[w.figures.completed, r.completed]
	];
}

/** The dashboard's tables, in its order. */
export function indicatorTables(r: Indicators, w: TableWords): ReportTable[] {
	const figs = figureList(r, w);
	const count = (label: string) => ({ label, format: 'count' as const });
	const figureColumns = [
		{ label: w.group, format: 'text' as const },
		...figs.map(([l]) => count(l))
	];
	const breakdown = (
		id: string,
		title: string,
		keys: string[],
		label: (k: string) => string,
		pick: (b: Breakdown, k: string) => number
	): ReportTable => ({
		id,
		title,
		columns: figureColumns,
		rows: keys.map((k) => [label(k), ...figs.map(([, b]) => pick(b, k))])
	});
	const avg = (s: ScoreAverage) => [s.average, s.n];
	const tables: ReportTable[] = [
		{
			id: 'summary',
			title: w.summary,
			columns: [{ label: w.group, format: 'text' }, count(w.total), count(w.women), count(w.men)],
			rows: figs.map(([l, b]) => [l, b.total, b.bySex.F, b.bySex.M])
		},
		breakdown(
			'sex',
			w.bySex,
			['F', 'M', 'T'],
			(k) => (k === 'F' ? w.women : k === 'M' ? w.men : w.total),
			(b, k) => (k === 'T' ? b.total : b.bySex[k as 'F' | 'M'])
		),
		breakdown(
			'federation',
			w.byFederation,
			r.federations.map((f) => f.shortName),
			(k) => k,
			(b, k) => b.byFederation[k] ?? 0
		),
		breakdown(
			'age',
			w.byAge,
			[...ageBandKeys],
			(k) => w.age(k as AgeBandKey),
			(b, k) => b.byAgeBand[k as AgeBandKey] ?? 0
		),
		breakdown(
			'department',
			w.byDepartment,
			r.departments,
			(k) => w.department(k),
			(b, k) => b.byDepartment[k] ?? 0
		),
		{
			id: 'courses',
			title: w.courses,
			columns: [
				{ label: w.col.course, format: 'text' },
				count(w.total),
				count(w.women),
				count(w.men)
			],
			rows: r.courses.map((c) => [
				w.course(c.course),
				c.completed.total,
				c.completed.bySex.F,
				c.completed.bySex.M
			])
		},
		{
			id: 'attendance',
			title: w.attendance,
			columns: [
				{ label: w.col.session, format: 'text' },
				count(w.col.groups),
				count(w.col.present),
				count(w.col.expected),
				{ label: w.col.rate, format: 'percent' },
				count(`${w.col.present} · ${w.women}`),
				count(`${w.col.expected} · ${w.women}`),
				count(`${w.col.present} · ${w.men}`),
				count(`${w.col.expected} · ${w.men}`)
			],
			rows: r.attendance.map((a) => [
				w.session(skey(a)),
				a.runs,
				a.present.total,
				a.expected.total,
				a.rate,
				a.present.F,
				a.expected.F,
				a.present.M,
				a.expected.M
			])
		},
		{
			id: 'live',
			title: w.live,
			columns: [
				{ label: w.group, format: 'text' },
				count(w.col.present),
				count(w.col.expected),
				{ label: w.col.rate, format: 'percent' }
			],
			rows: r.live.sessions
				? (['F', 'M', 'total'] as const).map((k) => [
						k === 'F' ? w.women : k === 'M' ? w.men : w.total,
						r.live.present[k],
						r.live.expected[k],
						percent(r.live.present[k], r.live.expected[k])
					])
				: []
		},
		{
			id: 'grid',
			title: w.grid,
			columns: [
				{ label: w.col.team, format: 'text' },
				{ label: w.col.cooperative, format: 'text' },
				{ label: w.col.federation, format: 'text' },
				count(w.col.done),
				count(w.total),
				...r.sessions.map((s) => ({ label: w.session(skey(s)), format: 'text' as const }))
			],
			rows: r.teams.map((t) => [
				t.team,
				t.cooperative,
				t.federation,
				t.sessionsDone,
				t.sessionsTotal,
				...r.sessions.map((s) => {
					const st = t.states[skey(s)];
					return st ? w.state[st] : null;
				})
			])
		},
		{
			id: 'tests',
			title: w.tests,
			columns: [
				{ label: w.col.course, format: 'text' },
				{ label: w.col.pre, format: 'decimal' },
				count(`${w.col.pre} · ${w.col.people}`),
				{ label: w.col.post, format: 'decimal' },
				count(`${w.col.post} · ${w.col.people}`),
				{ label: w.col.gain, format: 'decimal' },
				count(`${w.col.gain} · ${w.col.people}`)
			],
			rows: r.knowledgeGain.flatMap((k) =>
				(
					[
						['all', w.total],
						['F', w.women],
						['M', w.men]
					] as const
				).map(([key, who]) => [
					`${w.course(k.course)} · ${who}`,
					...avg(k.pre[key]),
					...avg(k.post[key]),
					...avg(k.gain[key])
				])
			)
		},
		{
			id: 'plans',
			title: w.plans,
			columns: [
				{ label: w.group, format: 'text' },
				count(w.total),
				count(w.ap.drafted),
				count(w.ap.submitted),
				count(w.ap.approved)
			],
			rows: [
				[
					w.actionPlans,
					r.actionPlans.total,
					r.actionPlans.drafted,
					r.actionPlans.submitted,
					r.actionPlans.approved
				]
			]
		},
		{
			id: 'decisions',
			title: w.decisions,
			columns: [{ label: w.group, format: 'text' }, count(w.col.workbooks)],
			rows: (['go', 'revise', 'no-go'] as const).map((d) => [
				w.decision[d],
				r.feasibility.decisions[d] ?? 0
			])
		},
		{
			id: 'verdicts',
			title: w.verdicts,
			columns: [
				{ label: w.col.area, format: 'text' },
				...(['feasible', 'doubtful', 'not-feasible'] as const).map((v) => count(w.verdict[v]))
			],
			rows: (['market', 'operations', 'organisation', 'finances', 'social'] as const).map((a) => [
				w.areas[a],
				...(['feasible', 'doubtful', 'not-feasible'] as const).map(
					(v) => r.feasibility.verdicts[a]?.[v] ?? 0
				)
			])
		},
		{
			id: 'workbooks',
			title: w.workbooks,
			columns: [
				{ label: w.col.section, format: 'text' },
				...(['draft', 'submitted', 'changes_requested', 'approved'] as const).map((s) =>
					count(w.status[s])
				)
			],
			rows: Object.keys(w.sections)
				.filter((k) => r.workbooks.bySection[k])
				.map((k) => {
					const s = r.workbooks.bySection[k]!;
					return [w.sections[k]!, s.draft, s.submitted, s.changes_requested, s.approved];
				})
		},
		{
			id: 'participation',
			title: w.participation,
			columns: [
				{ label: w.col.role, format: 'text' },
				count(w.women),
				count(w.men),
				count(w.total),
				{ label: w.col.womenShare, format: 'percent' }
			],
			rows: (
				[
					['reader', r.participation.roles.reader],
					['timekeeper', r.participation.roles.timekeeper],
					['notetaker', r.participation.roles.notetaker],
					['officers', r.participation.officers]
				] as const
			).map(([k, x]) => [w.roles[k], x.F, x.M, x.total, x.womenShare])
		},
		// Action Plan follow-up: cooperatives and their activities (money in bolivianos).
		{
			id: 'follow-up-rounds',
			title: w.followUp.byRound,
			columns: [
				{ label: w.followUp.col.round, format: 'text' },
				{ label: w.followUp.col.due, format: 'text' },
				count(w.followUp.col.coops),
				count(w.followUp.col.late),
				count(w.followUp.col.items),
				count(w.followUp.col.done),
				{ label: w.followUp.col.spent, format: 'decimal' },
				{ label: w.followUp.col.budget, format: 'decimal' }
			],
			rows: r.followUp.rounds.map((x) => [
				x.label,
				x.dueOn,
				x.cooperatives,
				x.late,
				x.items,
				x.byStatus.done,
				x.spent / 100,
				x.budget / 100
			])
		},
		{
			id: 'follow-up-late',
			title: w.followUp.late,
			columns: [
				{ label: w.followUp.col.coop, format: 'text' },
				{ label: w.followUp.col.round, format: 'text' },
				{ label: w.followUp.col.due, format: 'text' },
				count(w.followUp.col.updated),
				count(w.followUp.col.items)
			],
			rows: r.followUp.late.map((x) => [x.name, x.round, x.dueOn, x.updated, x.items])
		}
	];
	return tables;
}
