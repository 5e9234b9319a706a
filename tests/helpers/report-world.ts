// A small programme whose every person, run, test and plan is known, for the monitoring tests:
// two federations, three cooperatives, two cohorts, three teams and nine people. The figures it
// gives are worked out by hand in tests/integration/report-indicators.test.ts.
import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import type { Executor } from '../../src/lib/server/db/client';
import {
	cohort,
	cooperative,
	enrolment,
	followUpRound,
	followUpUpdate,
	planSection,
	programme,
	runAttendance,
	runRole,
	sessionRun,
	team,
	testAttempt,
	workbook
} from '../../src/lib/server/db/schema';
import { makeCooperative, makeFederation, makePerson } from '../factories/org';

/** The reference date of the world's figures. */
export const reportNow = new Date('2026-10-15T12:00:00Z');
const at = (d: string) => new Date(`${d}T12:00:00Z`);
/** The five sessions of Think.COOP's first module, in order. */
export const reportSessions = [
	'good-relationships',
	'horizontal-vertical',
	'collective-action',
	'business-structures',
	'doing-business-together'
];
const S = reportSessions;

export type ReportWorld = Awaited<ReturnType<typeof buildReportWorld>>;

export async function buildReportWorld(db: Executor) {
	const fedA = await makeFederation(db, 'FEDA');
	const fedB = await makeFederation(db, 'FEDB');
	const coopA1 = await makeCooperative(db, fedA.id, 'Cooperativa Uno');
	const coopA2 = await makeCooperative(db, fedA.id, 'Cooperativa Dos');
	const coopB1 = await makeCooperative(db, fedB.id, 'Cooperativa Tres');
	await db
		.update(cooperative)
		.set({ department: 'OR', minerals: ['zinc'] })
		.where(eq(cooperative.id, coopA2.id));
	await db
		.update(cooperative)
		.set({ department: 'LP', minerals: ['gold'] })
		.where(eq(cooperative.id, coopB1.id));
	const [prog] = await db.insert(programme).values({ name: 'Programa' }).returning();
	const [other] = await db.insert(programme).values({ name: 'Otro' }).returning();
	const mkCohort = async (name: string) =>
		(
			await db
				.insert(cohort)
				.values({
					programmeId: prog!.id,
					name,
					startsOn: '2026-09-01',
					endsOn: '2026-12-01',
					courses: ['think-coop']
				})
				.returning()
		)[0]!;
	const c1 = await mkCohort('Cohorte 1');
	const c2 = await mkCohort('Cohorte 2');
	const mkTeam = async (cohortId: string, cooperativeId: string, name: string) =>
		(await db.insert(team).values({ cohortId, cooperativeId, name }).returning())[0]!;
	const t1 = await mkTeam(c1.id, coopA1.id, 'Equipo Uno');
	const t2 = await mkTeam(c1.id, coopA2.id, 'Equipo Dos');
	const t3 = await mkTeam(c2.id, coopB1.id, 'Equipo Tres');
	const member = async (
		coopId: string,
		cohortId: string,
		teamId: string,
		sex: 'F' | 'M',
		birthDate: string | null,
		role = 'Socio'
	) => {
		const p = await makePerson(db, coopId, { sex, birthDate, roleInCooperative: role });
		await db.insert(enrolment).values({ cohortId, personId: p.id, cooperativeId: coopId, teamId });
		return p;
	};
	// Ages at 2026-10-15.
	const a1 = await member(coopA1.id, c1.id, t1.id, 'F', '2000-01-01', 'Presidente'); // 26
	const a2 = await member(coopA1.id, c1.id, t1.id, 'M', '1980-06-01'); // 46
	const a3 = await member(coopA1.id, c1.id, t1.id, 'F', '1960-01-01'); // 66
	const a4 = await member(coopA1.id, c1.id, t1.id, 'M', '2003-05-01'); // 23
	const a5 = await member(coopA1.id, c1.id, t1.id, 'F', null); // no birth date; withdraws
	const b1 = await member(coopA2.id, c1.id, t2.id, 'M', '1990-12-31'); // 35
	const b2 = await member(coopA2.id, c1.id, t2.id, 'F', '1985-03-03'); // 41
	const k1 = await member(coopB1.id, c2.id, t3.id, 'F', '1999-10-16'); // 26, birthday tomorrow
	const k2 = await member(coopB1.id, c2.id, t3.id, 'M', '2009-01-01'); // 17: no band
	await db.update(enrolment).set({ status: 'withdrawn' }).where(eq(enrolment.personId, a5.id));

	const run = async (o: {
		teamId: string;
		cohortId: string;
		session: string;
		day: string;
		present: string[];
		status?: 'open' | 'completed';
		catchUp?: string;
	}) => {
		const id = randomUUID();
		const status = o.status ?? 'completed';
		await db.insert(sessionRun).values({
			id,
			teamId: o.teamId,
			cohortId: o.cohortId,
			course: 'think-coop',
			module: 'orientation',
			session: o.session,
			contentVersion: 'test',
			mode: o.catchUp ? 'catch_up' : 'group',
			personId: o.catchUp ?? null,
			stage: status === 'completed' ? 'done' : 'play',
			status,
			startedAt: at(o.day),
			updatedAt: at(o.day),
			completedAt: status === 'completed' ? at(o.day) : null
		});
		if (o.present.length)
			await db
				.insert(runAttendance)
				.values(o.present.map((personId) => ({ runId: id, personId, recordedAt: at(o.day) })));
		return id;
	};
	// Team 1 completes all five sessions; the last two in the 14 days before `now`.
	const t1Runs: string[] = [];
	for (const [i, s] of S.entries()) {
		const present = [a1.id, a5.id];
		if (i <= 3) present.push(a2.id);
		if (i <= 2) present.push(a3.id);
		t1Runs.push(
			await run({
				teamId: t1.id,
				cohortId: c1.id,
				session: s,
				day: i === 3 ? '2026-10-05' : i === 4 ? '2026-10-10' : `2026-09-0${i + 1}`,
				present
			})
		);
	}
	// a4 caught up alone on four sessions (long ago) and has a fifth under way.
	for (const [i, s] of S.entries())
		await run({
			teamId: t1.id,
			cohortId: c1.id,
			session: s,
			day: '2026-09-20',
			present: [],
			catchUp: a4.id,
			status: i < 4 ? 'completed' : 'open'
		});
	// Team 2 completed four sessions in September; the fifth is under way since yesterday.
	const t2Runs: string[] = [];
	for (const [i, s] of S.entries())
		t2Runs.push(
			await run({
				teamId: t2.id,
				cohortId: c1.id,
				session: s,
				day: i < 4 ? `2026-09-1${i}` : '2026-10-14',
				present: i < 4 ? [b1.id, b2.id] : [b1.id],
				status: i < 4 ? 'completed' : 'open'
			})
		);
	await db.insert(runRole).values([
		{ runId: t1Runs[0]!, role: 'timekeeper', step: -1, personId: a1.id },
		{ runId: t1Runs[0]!, role: 'notetaker', step: -1, personId: a2.id },
		{ runId: t1Runs[0]!, role: 'reader', step: 2, personId: a3.id },
		{ runId: t1Runs[0]!, role: 'reader', step: 3, personId: a2.id },
		{ runId: t2Runs[0]!, role: 'timekeeper', step: -1, personId: b2.id }
	]);

	const test = (
		personId: string,
		cohortId: string,
		kind: 'pre' | 'post',
		score: number,
		day = '2026-09-01'
	) => ({
		id: randomUUID(),
		personId,
		cohortId,
		course: 'think-coop',
		kind,
		contentVersion: 'test',
		score,
		maxScore: 10,
		startedAt: at(day),
		submittedAt: at(day)
	});
	await db.insert(testAttempt).values([
		test(a1.id, c1.id, 'pre', 4),
		test(a1.id, c1.id, 'post', 8),
		test(a2.id, c1.id, 'pre', 6),
		test(a2.id, c1.id, 'post', 7),
		test(a3.id, c1.id, 'pre', 5),
		test(b1.id, c1.id, 'pre', 2),
		test(b1.id, c1.id, 'post', 6),
		test(k1.id, c2.id, 'pre', 10, '2026-10-12'),
		// Started, never handed in: counts for nothing but activity.
		{ ...test(b2.id, c1.id, 'pre', 0), score: null, submittedAt: null }
	]);

	const wb = async (cooperativeId: string, sections: Record<string, [string, object]>) => {
		const [row] = await db
			.insert(workbook)
			.values({ cooperativeId, programmeId: prog!.id })
			.returning();
		for (const [sectionKey, [status, data]] of Object.entries(sections))
			await db.insert(planSection).values({
				workbookId: row!.id,
				sectionKey,
				data: data as Record<string, unknown>,
				revision: 1,
				status: status as 'draft',
				source: 'workbook'
			});
		return row!.id;
	};
	// Items: rows 0, 1 and 3 (row 2 is blank); budgets 1500 Bs, 500 Bs and none.
	const wbA1 = await wb(coopA1.id, {
		'action-plan.header': ['approved', { problem: 'x', objective: 'y' }],
		'action-plan.activities': [
			'approved',
			{
				activities: [
					{ activity: 'Comprar ventiladores', budget: 150_000 },
					{ activity: 'Capacitar', budget: 50_000 },
					{ activity: '  ' },
					{ activity: 'Asamblea' }
				]
			}
		],
		'feasibility.decision': [
			'draft',
			{
				marketVerdict: 'feasible',
				operationsVerdict: 'doubtful',
				organisationVerdict: 'feasible',
				financesVerdict: 'not-feasible',
				socialVerdict: 'feasible',
				finalDecision: 'go'
			}
		],
		'organisation.governance': [
			'draft',
			{
				officers: [
					{ body: 'administration-council', person: a1.id, position: 'Presidenta' },
					{ body: 'administration-council', person: a2.id, position: 'Tesorero' },
					{ body: 'oversight-council', person: a3.id, position: 'Presidenta' },
					{ body: 'manager', position: 'Gerente' }
				]
			}
		]
	});
	const wbA2 = await wb(coopA2.id, {
		'action-plan.header': ['submitted', { problem: 'x', objective: 'y' }],
		'action-plan.activities': ['draft', { activities: [{ activity: 'Pozo', budget: 200_000 }] }]
	});
	// Cooperativa Tres has a workbook but no activities: no items.
	await wb(coopB1.id, {
		'action-plan.header': ['submitted', { problem: 'x', objective: 'y' }],
		'feasibility.decision': ['draft', { marketVerdict: 'not-feasible', finalDecision: 'no-go' }],
		'organisation.governance': [
			'draft',
			{ officers: [{ body: 'oversight-council', person: k1.id, position: 'Vocal' }] }
		]
	});

	// Follow-up rounds: cohort 1 on 1 October (past), 15 October (today) and 1 November (not
	// due, no report: left out); cohort 2 on 10 October (past).
	const round = async (cohortId: string, dueOn: string, label: string) =>
		(await db.insert(followUpRound).values({ cohortId, dueOn, label }).returning())[0]!;
	const r1 = await round(c1.id, '2026-10-01', 'Primera');
	const r2 = await round(c1.id, '2026-10-15', 'Segunda');
	const r3 = await round(c1.id, '2026-11-01', 'Tercera');
	const r4 = await round(c2.id, '2026-10-10', 'Única');
	const update = (
		roundId: string,
		workbookId: string,
		itemKey: string,
		status: 'done' | 'on_track' | 'late' | 'not_started',
		spent: number,
		reviewState: 'pending' | 'validated' | 'queried',
		budget: number | null
	) => ({
		roundId,
		workbookId,
		itemKey,
		snapshot: { activity: 'x', budget },
		status,
		percent: 50,
		spent,
		revision: 1,
		reviewState
	});
	await db.insert(followUpUpdate).values([
		update(r1.id, wbA1, '0', 'done', 160_000, 'validated', 150_000),
		// Written when the row's budget was 400 Bs: the snapshot's budget counts.
		update(r1.id, wbA1, '1', 'on_track', 20_000, 'queried', 40_000),
		// About the blank row: no item, so it counts for nothing.
		update(r1.id, wbA1, '2', 'late', 999, 'pending', 1),
		update(r1.id, wbA2, '0', 'late', 5_000, 'pending', 200_000),
		update(r2.id, wbA1, '0', 'done', 170_000, 'pending', 150_000)
	]);
	return {
		r1,
		r2,
		r3,
		r4,
		fedA,
		fedB,
		coopA1,
		coopA2,
		coopB1,
		prog: prog!,
		other: other!,
		c1,
		c2,
		t1,
		t2,
		t3,
		a1,
		a2,
		a3,
		a4,
		a5,
		b1,
		b2,
		k1,
		k2
	};
}
