// The monitoring figures on a small programme whose every person, run, test and plan is known:
// each figure and each disaggregation is worked out by hand below, and each scope sees only its own.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { breakdownAddsUp, type Breakdown } from '../../src/lib/domain/reports/breakdown';
import { parseReportFilters, type ReportFilters } from '../../src/lib/domain/reports/filters';
import type { Indicators } from '../../src/lib/domain/reports/indicators';
import type { Actor } from '../../src/lib/server/access/guard';
import { getCurriculum } from '../../src/lib/server/curriculum/get-curriculum';
import type { Curriculum } from '../../src/lib/server/curriculum/schema';
import type { DbHandle } from '../../src/lib/server/db/client';
import { isAppError } from '../../src/lib/server/errors';
import { getIndicators } from '../../src/lib/server/reports/get-indicators';
import { makeActor } from '../factories/org';
import { createTestDb } from '../helpers/db';
import {
	buildReportWorld,
	reportNow,
	reportSessions,
	type ReportWorld
} from '../helpers/report-world';

let h: DbHandle;
let curriculum: Curriculum;
const now = reportNow;
const S = reportSessions;

let w: ReportWorld;
let coordinator: Actor;

beforeAll(async () => {
	h = await createTestDb();
	curriculum = await getCurriculum();
	w = await buildReportWorld(h.db);
	coordinator = await makeActor(h.db, 'coordinator');
}, 120_000);
afterAll(async () => h?.close());

const report = (actor: Actor | null, filters: ReportFilters = {}) =>
	getIndicators({ db: h.db, curriculum }, actor, filters, { now });

const ages = (o: Partial<Breakdown['byAgeBand']>) => ({
	'18-24': 0,
	'25-34': 0,
	'35-44': 0,
	'45-59': 0,
	'60+': 0,
	unknown: 0,
	...o
});

/** Every people breakdown in a report adds up to its total. */
function expectAddsUp(r: Indicators) {
	for (const b of [
		r.enrolled,
		r.active,
		r.droppedOut,
		r.completed,
		...r.courses.map((c) => c.completed)
	])
		expect(breakdownAddsUp(b)).toBe(true);
	for (const s of r.attendance) {
		expect(s.present.F + s.present.M).toBe(s.present.total);
		expect(s.expected.F + s.expected.M).toBe(s.expected.total);
	}
	const ap = r.actionPlans;
	expect(ap.drafted + ap.submitted + ap.approved).toBe(ap.total);
	for (const x of [...Object.values(r.participation.roles), r.participation.officers])
		expect(x.F + x.M).toBe(x.total);
}

describe('indicators for a coordinator', () => {
	let r: Indicators;
	beforeAll(async () => {
		r = await report(coordinator, { programmeId: w.prog.id });
	});

	it('counts the enrolled by sex, age band, federation and department', () => {
		expect(r.asOf).toBe('2026-10-15');
		expect(r.enrolled).toEqual({
			total: 9,
			bySex: { F: 5, M: 4 },
			byAgeBand: ages({ '18-24': 1, '25-34': 2, '35-44': 2, '45-59': 1, '60+': 1, unknown: 2 }),
			byFederation: { FEDA: 7, FEDB: 2 },
			byDepartment: { LP: 2, OR: 2, PT: 5 }
		});
		expect(r.federations.map((f) => f.shortName)).toEqual(['FEDA', 'FEDB']);
		expectAddsUp(r);
	});

	it('counts the active of the last 14 days, those who dropped out and those who completed', () => {
		// a1 and a2 (runs on 5 and 10 October), b1 (open run yesterday), k1 (a test on the 12th);
		// a5 attended on the 10th but withdrew.
		expect(r.active).toEqual({
			total: 4,
			bySex: { F: 2, M: 2 },
			byAgeBand: ages({ '25-34': 2, '35-44': 1, '45-59': 1 }),
			byFederation: { FEDA: 3, FEDB: 1 },
			byDepartment: { LP: 1, OR: 1, PT: 2 }
		});
		expect(r.droppedOut).toEqual({
			total: 1,
			bySex: { F: 1, M: 0 },
			byAgeBand: ages({ unknown: 1 }),
			byFederation: { FEDA: 1, FEDB: 0 },
			byDepartment: { LP: 0, OR: 0, PT: 1 }
		});
		// Team 1 did all five sessions: a1 took 5, a2 4, a4 4 by catch-up (≥ 75 %); a3 only 3.
		// Team 2 has one session left, so nobody there completes.
		const done = {
			total: 3,
			bySex: { F: 1, M: 2 },
			byAgeBand: ages({ '18-24': 1, '25-34': 1, '45-59': 1 }),
			byFederation: { FEDA: 3, FEDB: 0 },
			byDepartment: { LP: 0, OR: 0, PT: 3 }
		};
		expect(r.completed).toEqual(done);
		expect(r.courses).toEqual([{ course: 'think-coop', completed: done }]);
	});

	it('gives the attendance rate of each session by sex', () => {
		const one = (present: number[], expected: number[], runs: number, rate: number) => ({
			present: { F: present[0], M: present[1], total: present[0]! + present[1]! },
			expected: { F: expected[0], M: expected[1], total: expected[0]! + expected[1]! },
			runs,
			rate
		});
		expect(r.attendance.map(({ session, ...x }) => ({ session, ...x }))).toEqual([
			{
				course: 'think-coop',
				module: 'orientation',
				session: S[0],
				...one([3, 2], [3, 3], 2, 83.3)
			},
			{
				course: 'think-coop',
				module: 'orientation',
				session: S[1],
				...one([3, 2], [3, 3], 2, 83.3)
			},
			{
				course: 'think-coop',
				module: 'orientation',
				session: S[2],
				...one([3, 2], [3, 3], 2, 83.3)
			},
			{
				course: 'think-coop',
				module: 'orientation',
				session: S[3],
				...one([2, 2], [3, 3], 2, 66.7)
			},
			{ course: 'think-coop', module: 'orientation', session: S[4], ...one([1, 0], [2, 2], 1, 25) }
		]);
	});

	it('draws the team × session grid and counts sessions done per team', () => {
		expect(r.sessions.map((s) => s.session)).toEqual(S);
		const byName = Object.fromEntries(r.teams.map((t) => [t.team, t]));
		expect(Object.keys(byName).sort()).toEqual(['Equipo Dos', 'Equipo Tres', 'Equipo Uno']);
		const key = (s: string) => `think-coop/orientation/${s}`;
		expect(byName['Equipo Uno']!).toMatchObject({ sessionsDone: 5, sessionsTotal: 5 });
		expect(Object.values(byName['Equipo Uno']!.states)).toEqual(Array(5).fill('done'));
		expect(byName['Equipo Dos']!).toMatchObject({ sessionsDone: 4, sessionsTotal: 5 });
		expect(byName['Equipo Dos']!.states[key(S[4]!)]).toBe('in_progress');
		expect(byName['Equipo Dos']!.states[key(S[0]!)]).toBe('done');
		expect(byName['Equipo Tres']!).toMatchObject({ sessionsDone: 0, sessionsTotal: 5 });
		expect(Object.values(byName['Equipo Tres']!.states)).toEqual(Array(5).fill('not_started'));
		expect(byName['Equipo Uno']!.federation).toBe('FEDA');
		expect(r.teamsMore).toBe(0);
	});

	it('averages the pre-test and post-test and the knowledge gain, by sex and by team', () => {
		// Pre: a1 40, a2 60, a3 50, b1 20, k1 100; post: a1 80, a2 70, b1 60 (percent).
		expect(r.knowledgeGain).toEqual([
			{
				course: 'think-coop',
				pre: {
					all: { n: 5, average: 54 },
					F: { n: 3, average: 63.3 },
					M: { n: 2, average: 40 }
				},
				post: { all: { n: 3, average: 70 }, F: { n: 1, average: 80 }, M: { n: 2, average: 65 } },
				gain: { all: { n: 3, average: 30 }, F: { n: 1, average: 40 }, M: { n: 2, average: 25 } }
			}
		]);
		const gain = Object.fromEntries(r.teams.map((t) => [t.team, t.gain]));
		expect(gain['Equipo Uno']).toEqual({ 'think-coop': { n: 2, average: 25 } });
		expect(gain['Equipo Dos']).toEqual({ 'think-coop': { n: 1, average: 40 } });
		expect(gain['Equipo Tres']).toEqual({});
	});

	it('counts workbook sections by status, Action Plans, verdicts and decisions', () => {
		expect(r.workbooks).toEqual({
			count: 3,
			bySection: {
				'action-plan.header': { draft: 0, submitted: 2, changes_requested: 0, approved: 1 },
				'action-plan.activities': { draft: 1, submitted: 0, changes_requested: 0, approved: 1 },
				'feasibility.decision': { draft: 2, submitted: 0, changes_requested: 0, approved: 0 },
				'organisation.governance': { draft: 2, submitted: 0, changes_requested: 0, approved: 0 }
			}
		});
		expect(r.actionPlans).toEqual({ total: 3, drafted: 1, submitted: 1, approved: 1 });
		expect(r.feasibility).toEqual({
			verdicts: {
				market: { feasible: 1, 'not-feasible': 1 },
				operations: { doubtful: 1 },
				organisation: { feasible: 1 },
				finances: { 'not-feasible': 1 },
				social: { feasible: 1 }
			},
			decisions: { go: 1, 'no-go': 1 }
		});
	});

	it('gives the share of roles and of offices held by women', () => {
		expect(r.participation).toEqual({
			roles: {
				reader: { F: 1, M: 1, total: 2, womenShare: 50 },
				timekeeper: { F: 2, M: 0, total: 2, womenShare: 100 },
				notetaker: { F: 0, M: 1, total: 1, womenShare: 0 }
			},
			// The office with no person is not counted.
			officers: { F: 3, M: 1, total: 4, womenShare: 75 }
		});
	});
});

describe('filters', () => {
	it('narrows by sex, age band, role, department, mineral, cohort and programme', async () => {
		const f = async (q: Record<string, string>) => {
			const r = await report(
				coordinator,
				parseReportFilters((n) => q[n])
			);
			expectAddsUp(r);
			return r;
		};
		const women = await f({ sex: 'F' });
		expect(women.enrolled.total).toBe(5);
		expect(women.enrolled.bySex).toEqual({ F: 5, M: 0 });
		expect(women.completed.total).toBe(1);
		expect(women.knowledgeGain[0]!.pre.all).toEqual({ n: 3, average: 63.3 });
		expect(women.participation.roles.reader).toMatchObject({ F: 1, M: 0, total: 1 });
		expect((await f({ age: '25-34' })).enrolled.total).toBe(2);
		expect((await f({ role: 'PRESIDENTE' })).enrolled.total).toBe(1);
		const oruro = await f({ department: 'OR' });
		expect(oruro.enrolled.total).toBe(2);
		expect(oruro.actionPlans).toEqual({ total: 1, drafted: 1, submitted: 0, approved: 0 });
		expect((await f({ mineral: 'zinc' })).enrolled.total).toBe(2);
		expect((await f({ cohort: w.c2.id })).enrolled.total).toBe(2);
		expect((await f({ federation: w.fedB.id })).enrolled.byFederation).toEqual({ FEDB: 2 });
		const none = await f({ programme: w.other.id });
		expect(none.enrolled.total).toBe(0);
		expect(none.actionPlans.total).toBe(0);
		expect(none.teams).toEqual([]);
		// Bad values are dropped, never an error.
		expect(parseReportFilters((n) => ({ sex: 'X', age: '99', programme: 'nope' })[n])).toEqual({});
	});
});

describe('scope', () => {
	it('a federation focal point sees its federation only, and nothing of another', async () => {
		const focal = await makeActor(h.db, 'federation_focal_point', { federationId: w.fedA.id });
		const r = await report(focal);
		expect(r.enrolled).toMatchObject({
			total: 7,
			bySex: { F: 4, M: 3 },
			byFederation: { FEDA: 7 }
		});
		expect(r.completed.total).toBe(3);
		expect(r.teams.map((t) => t.team).sort()).toEqual(['Equipo Dos', 'Equipo Uno']);
		expect(r.actionPlans).toEqual({ total: 2, drafted: 1, submitted: 0, approved: 1 });
		expect(r.participation.officers).toMatchObject({ F: 2, M: 1, total: 3 });
		expect(r.feasibility.decisions).toEqual({ go: 1 });
		expectAddsUp(r);

		const elsewhere = await report(focal, { federationId: w.fedB.id });
		expect(elsewhere.enrolled.total).toBe(0);
		expect(elsewhere.completed.total).toBe(0);
		expect(elsewhere.teams).toEqual([]);
		expect(elsewhere.attendance).toEqual([]);
		expect(elsewhere.knowledgeGain.every((k) => k.pre.all.n === 0)).toBe(true);
		expect(elsewhere.actionPlans.total).toBe(0);
		expect(elsewhere.participation.officers.total).toBe(0);
		expect(elsewhere.feasibility).toEqual({ verdicts: {}, decisions: {} });
	});

	it('a cooperative lead sees its cooperative only', async () => {
		const lead = await makeActor(h.db, 'cooperative_lead', { cooperativeId: w.coopA2.id });
		const r = await report(lead);
		expect(r.enrolled).toMatchObject({ total: 2, bySex: { F: 1, M: 1 } });
		expect(r.teams.map((t) => t.team)).toEqual(['Equipo Dos']);
		expect(r.actionPlans).toEqual({ total: 1, drafted: 1, submitted: 0, approved: 0 });
		expect(r.participation.roles.timekeeper).toMatchObject({ F: 1, total: 1 });
		expect((await report(lead, { cohortId: w.c2.id })).enrolled.total).toBe(0);
	});

	it('a facilitator sees its cohort only', async () => {
		const facilitator = await makeActor(h.db, 'facilitator', { cohortId: w.c2.id });
		const r = await report(facilitator);
		expect(r.enrolled).toMatchObject({
			total: 2,
			bySex: { F: 1, M: 1 },
			byFederation: { FEDB: 2 }
		});
		expect(r.actionPlans).toEqual({ total: 1, drafted: 0, submitted: 1, approved: 0 });
		expect(r.feasibility.decisions).toEqual({ 'no-go': 1 });
		expect(r.knowledgeGain[0]!.pre.all).toEqual({ n: 1, average: 100 });
		expect((await report(facilitator, { cohortId: w.c1.id })).enrolled.total).toBe(0);
	});

	it('a participant, or nobody, is refused', async () => {
		const member = await makeActor(h.db, 'participant', { personId: w.a1.id });
		for (const actor of [member, null]) {
			const e = await report(actor).catch((x: unknown) => x);
			expect(isAppError(e)).toBe(true);
		}
	});
});

describe('Action Plan follow-up', () => {
	const figures = (o: {
		cooperatives: number;
		late: number;
		items: number;
		byStatus: [number, number, number, number, number];
		reviews: [number, number, number];
		spent: number;
		budget: number;
	}) => ({
		cooperatives: o.cooperatives,
		late: o.late,
		items: o.items,
		byStatus: {
			done: o.byStatus[0],
			on_track: o.byStatus[1],
			late: o.byStatus[2],
			not_started: o.byStatus[3],
			none: o.byStatus[4]
		},
		reviews: { validated: o.reviews[0], queried: o.reviews[1], pending: o.reviews[2] },
		spent: o.spent,
		budget: o.budget
	});
	// Round 1: Uno updated 2 of its 3 items (late), Dos its only one. Budget: Uno's snapshots
	// 1500 + 400 Bs and nothing for "Asamblea", Dos 2000 Bs.
	const round1 = () => ({
		roundId: w.r1.id,
		cohortId: w.c1.id,
		cohortName: 'Cohorte 1',
		label: 'Primera',
		dueOn: '2026-10-01',
		...figures({
			cooperatives: 2,
			late: 1,
			items: 4,
			byStatus: [1, 1, 1, 0, 1],
			reviews: [1, 1, 1],
			spent: 185_000,
			budget: 390_000
		})
	});
	// Round 2 is due today: nobody is late yet. Only Uno's first item is updated; the others'
	// budgets are the rows' current ones (500 Bs, none, 2000 Bs).
	const round2 = () => ({
		roundId: w.r2.id,
		cohortId: w.c1.id,
		cohortName: 'Cohorte 1',
		label: 'Segunda',
		dueOn: '2026-10-15',
		...figures({
			cooperatives: 2,
			late: 0,
			items: 4,
			byStatus: [1, 0, 0, 0, 3],
			reviews: [0, 0, 1],
			spent: 170_000,
			budget: 400_000
		})
	});
	// Cooperativa Tres has no items: never complete, so late once the date has passed.
	const round4 = () => ({
		roundId: w.r4.id,
		cohortId: w.c2.id,
		cohortName: 'Cohorte 2',
		label: 'Única',
		dueOn: '2026-10-10',
		...figures({
			cooperatives: 1,
			late: 1,
			items: 0,
			byStatus: [0, 0, 0, 0, 0],
			reviews: [0, 0, 0],
			spent: 0,
			budget: 0
		})
	});
	const lateUno = () => ({
		cooperativeId: w.coopA1.id,
		federationId: w.fedA.id,
		name: 'Cooperativa Uno',
		teamId: w.t1.id,
		cohortId: w.c1.id,
		roundId: w.r1.id,
		round: 'Primera',
		dueOn: '2026-10-01',
		updated: 2,
		items: 3
	});
	const lateTres = () => ({
		cooperativeId: w.coopB1.id,
		federationId: w.fedB.id,
		name: 'Cooperativa Tres',
		teamId: w.t3.id,
		cohortId: w.c2.id,
		roundId: w.r4.id,
		round: 'Única',
		dueOn: '2026-10-10',
		updated: 0,
		items: 0
	});

	it('counts items by status, reviews and spending per round due and overall, and lists the late', async () => {
		const r = await report(coordinator);
		expect(r.followUp).toEqual({
			today: '2026-10-15',
			rounds: [round1(), round4(), round2()],
			// Each item once, as its latest update says: Uno's first from round 2 (done, 1700 Bs
			// spent so far), its second from round 1, "Asamblea" never; Dos's from round 1.
			overall: figures({
				cooperatives: 3,
				late: 2,
				items: 4,
				byStatus: [1, 1, 1, 0, 1],
				reviews: [0, 1, 2],
				spent: 195_000,
				budget: 390_000
			}),
			late: [lateUno(), lateTres()],
			lateMore: 0
		});
		// The status breakdown adds up to the items.
		for (const x of [...r.followUp.rounds, r.followUp.overall])
			expect(Object.values(x.byStatus).reduce((a, b) => a + b, 0)).toBe(x.items);
		const limited = await getIndicators(
			{ db: h.db, curriculum },
			coordinator,
			{},
			{ now, lateLimit: 1 }
		);
		expect(limited.followUp.late).toEqual([lateUno()]);
		expect(limited.followUp.lateMore).toBe(1);
	});

	it('goes by the calendar in Bolivia: on a due date nobody is late yet', async () => {
		// 23:00 on 1 October in Bolivia is already 2 October in UTC.
		const r = await getIndicators(
			{ db: h.db, curriculum },
			coordinator,
			{},
			{
				now: new Date('2026-10-02T03:00:00Z')
			}
		);
		expect(r.followUp.today).toBe('2026-10-01');
		// Round 2 is not due but Uno already reported in it; round 4 is neither.
		expect(r.followUp.rounds).toEqual([{ ...round1(), late: 0 }, round2()]);
		expect(r.followUp.late).toEqual([]);
		expect(r.followUp.overall.late).toBe(0);
		const next = await getIndicators(
			{ db: h.db, curriculum },
			coordinator,
			{},
			{
				now: new Date('2026-10-02T04:00:00Z')
			}
		);
		expect(next.followUp.late).toEqual([lateUno()]);
	});

	it('ignores the filters on people, and narrows by cooperative filters', async () => {
		const all = (await report(coordinator)).followUp;
		expect(
			(await report(coordinator, { sex: 'M', ageBand: '60+', role: 'nadie' })).followUp
		).toEqual(all);
		const oruro = (await report(coordinator, { department: 'OR' })).followUp;
		expect(oruro.rounds.map((x) => [x.label, x.cooperatives, x.items, x.spent])).toEqual([
			['Primera', 1, 1, 5_000],
			['Segunda', 1, 1, 0]
		]);
		expect(oruro.late).toEqual([]);
		expect((await report(coordinator, { programmeId: w.other.id })).followUp.rounds).toEqual([]);
	});

	it('a focal point never sees another federation’s rounds or late cooperatives', async () => {
		const focal = await makeActor(h.db, 'federation_focal_point', { federationId: w.fedA.id });
		const r = (await report(focal)).followUp;
		expect(r.rounds).toEqual([round1(), round2()]);
		expect(r.late).toEqual([lateUno()]);
		expect(r.overall).toEqual(
			figures({
				cooperatives: 2,
				late: 1,
				items: 4,
				byStatus: [1, 1, 1, 0, 1],
				reviews: [0, 1, 2],
				spent: 195_000,
				budget: 390_000
			})
		);
		const elsewhere = (await report(focal, { federationId: w.fedB.id })).followUp;
		expect(elsewhere.rounds).toEqual([]);
		expect(elsewhere.late).toEqual([]);
		expect(elsewhere.overall.cooperatives).toBe(0);
		// A lead sees its cooperative; a facilitator its cohort.
		const lead = await makeActor(h.db, 'cooperative_lead', { cooperativeId: w.coopA2.id });
		const mine = (await report(lead)).followUp;
		expect(mine.rounds.map((x) => [x.label, x.cooperatives, x.items, x.late])).toEqual([
			['Primera', 1, 1, 0],
			['Segunda', 1, 1, 0]
		]);
		expect(mine.late).toEqual([]);
		const facilitator = await makeActor(h.db, 'facilitator', { cohortId: w.c2.id });
		const theirs = (await report(facilitator)).followUp;
		expect(theirs.rounds).toEqual([round4()]);
		expect(theirs.late).toEqual([lateTres()]);
	});
});
