import { randomUUID } from 'node:crypto';
import { eq, inArray } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../../src/lib/server/access/guard';
import { getTeam } from '../../src/lib/server/cohorts/get-team';
import { getCurriculum } from '../../src/lib/server/curriculum/get-curriculum';
import type { Curriculum } from '../../src/lib/server/curriculum/schema';
import type { Db, DbHandle } from '../../src/lib/server/db/client';
import {
	cohort,
	enrolment,
	runAttendance,
	runDecision,
	runNote,
	runRole,
	sessionRun,
	team
} from '../../src/lib/server/db/schema';
import { getCohortRuns } from '../../src/lib/server/sessions/cohort-runs';
import { getRunSummary } from '../../src/lib/server/sessions/run-summary';
import { getMyTeams, getTeamProgress } from '../../src/lib/server/sessions/team-progress';
import { createTestDb } from '../helpers/db';
import {
	enrol,
	makeActor,
	makeCohort,
	makeCooperative,
	makePerson,
	makeWorld
} from '../factories/org';

let handle: DbHandle;
let db: Db;
let curriculum: Curriculum;
let w: Awaited<ReturnType<typeof makeWorld>>;
let teamId: string;
let otherTeamId: string;
let doneRun: string;
let openRun: string;
let actors: Record<string, Actor>;
const deps = () => ({ db, curriculum });
const T0 = new Date('2026-10-01T22:00:00Z');

async function makeTeam(cohortId: string, cooperativeId: string, people: { id: string }[]) {
	const [t] = await db
		.insert(team)
		.values({ cohortId, cooperativeId, name: `Grupo ${randomUUID().slice(0, 4)}` })
		.returning();
	await db
		.update(enrolment)
		.set({ teamId: t!.id })
		.where(
			inArray(
				enrolment.personId,
				people.map((p) => p.id)
			)
		);
	return t!.id;
}

beforeAll(async () => {
	handle = await createTestDb();
	db = handle.db;
	curriculum = await getCurriculum();
	w = await makeWorld(db);
	await db
		.update(cohort)
		.set({ courses: ['think-coop', 'start-coop'] })
		.where(eq(cohort.id, w.cohortA.id));
	// A third member, a woman, in federation 1's cooperative, so counts by sex mean something.
	const p1c = await makePerson(db, w.coop1.id, { sex: 'F' });
	await enrol(db, w.cohortA.id, p1c);
	teamId = await makeTeam(w.cohortA.id, w.coop1.id, [w.p1a, w.p1b, p1c]);
	// Another federation's cooperative with a team in the same cohort.
	const coop3 = await makeCooperative(db, w.fed2.id);
	const p3 = await makePerson(db, coop3.id);
	await enrol(db, w.cohortA.id, p3);
	otherTeamId = await makeTeam(w.cohortA.id, coop3.id, [p3]);

	const think = curriculum.course('think-coop')!.modules[0]!;
	const [s1, s2] = think.sessions;
	doneRun = randomUUID();
	openRun = randomUUID();
	await db.insert(sessionRun).values([
		{
			id: doneRun,
			teamId,
			cohortId: w.cohortA.id,
			course: 'think-coop',
			module: think.slug,
			session: s1!.slug,
			contentVersion: curriculum.version,
			stage: 'done',
			status: 'completed',
			step: s1!.activities.length - 1,
			guests: 2,
			startedAt: T0,
			updatedAt: T0,
			completedAt: new Date(T0.getTime() + 3_600_000)
		},
		{
			id: openRun,
			teamId,
			cohortId: w.cohortA.id,
			course: 'think-coop',
			module: think.slug,
			session: s2!.slug,
			contentVersion: curriculum.version,
			stage: 'play',
			status: 'paused',
			step: 2,
			stepStartedAt: new Date('2026-10-08T22:30:00Z'),
			startedAt: new Date('2026-10-08T22:00:00Z')
		}
	]);
	// p1a and p1c came to session 1; p1b did not.
	await db.insert(runAttendance).values([
		{ runId: doneRun, personId: w.p1a.id },
		{ runId: doneRun, personId: p1c.id }
	]);
	await db.insert(runRole).values([
		{ runId: doneRun, role: 'timekeeper', personId: w.p1a.id },
		{ runId: doneRun, role: 'notetaker', personId: p1c.id },
		{ runId: doneRun, role: 'reader', step: 0, personId: w.p1a.id }
	]);
	await db.insert(runNote).values({ runId: doneRun, step: 1, text: 'Nos conocimos.' });
	const decide = s1!.activities.findIndex((a) => a.type === 'discuss');
	await db.insert(runDecision).values({
		runId: doneRun,
		step: decide,
		method: 'consensus',
		optionId: 'x',
		reasons: 'Todos de acuerdo.'
	});

	actors = {
		lead: await makeActor(db, 'cooperative_lead', { cooperativeId: w.coop1.id }),
		present: await makeActor(db, 'participant', { personId: w.p1a.id }),
		absent: await makeActor(db, 'participant', { personId: w.p1b.id }),
		facilitator: await makeActor(db, 'facilitator', { cohortId: w.cohortA.id }),
		otherFacilitator: await makeActor(db, 'facilitator', { cohortId: w.cohortB.id }),
		focal: await makeActor(db, 'federation_focal_point', { federationId: w.fed1.id }),
		otherFocal: await makeActor(db, 'federation_focal_point', { federationId: w.fed2.id }),
		coordinator: await makeActor(db, 'coordinator'),
		otherMember: await makeActor(db, 'participant', { personId: w.p2a.id }),
		otherLead: await makeActor(db, 'cooperative_lead', { cooperativeId: w.coop2.id })
	};
});
afterAll(() => handle.close());

describe('team progress', () => {
	it('says which sessions are done, under way and not started, and which comes next', async () => {
		const p = await getTeamProgress(deps(), actors.lead!, teamId, 'es');
		expect(p.courses.map((c) => c.slug)).toEqual(['think-coop', 'start-coop']);
		const [think, start] = p.courses;
		const sessions = think!.modules.flatMap((m) => m.sessions);
		expect(sessions.map((s) => s.state)).toEqual([
			'done',
			'in_progress',
			...sessions.slice(2).map(() => 'not_started')
		]);
		expect(think!.done).toBe(1);
		expect(think!.total).toBe(sessions.length);
		expect(sessions[0]!.done?.at).toEqual(new Date(T0.getTime() + 3_600_000));
		// The paused run: its step, since when.
		expect(sessions[1]!.run).toMatchObject({ id: openRun, paused: true, stepNumber: 3 });
		const s2 = curriculum.session('think-coop', sessions[1]!.module, sessions[1]!.session)!;
		expect(sessions[1]!.run!.stepTitle).toBe(s2.activities[2]!.title.es);
		expect(sessions[1]!.run!.since).toEqual(new Date('2026-10-08T22:30:00Z'));
		// The group finishes what it started before anything else.
		expect(think!.next).toMatchObject({ session: sessions[1]!.session, run: { id: openRun } });
		expect(start!.next).toMatchObject({ number: 1, moduleNumber: 1, state: 'not_started' });
		expect(p.canWrite).toBe(true);
	});

	it('counts who attended by sex, with names for readers who may see them', async () => {
		const p = await getTeamProgress(deps(), actors.facilitator!, teamId, 'es');
		const a = p.courses[0]!.modules[0]!.sessions[0]!.done!.attendance;
		const women = [w.p1a].filter((x) => x.sex === 'F').length + 1;
		expect(a).toMatchObject({ women, men: 2 - women, guests: 2, hidden: 0 });
		expect(a.names).toHaveLength(2);
		expect(a.names).toContain(`${w.p1a.givenNames} ${w.p1a.surnames}`);
		expect(p.canWrite).toBe(false);
		// A member sees the counts, but only their own name.
		const own = (await getTeamProgress(deps(), actors.present!, teamId, 'es')).courses[0]!
			.modules[0]!.sessions[0]!.done!.attendance;
		expect(own.names).toEqual([`${w.p1a.givenNames} ${w.p1a.surnames}`]);
		expect(own.hidden).toBe(1);
		expect(own.women + own.men).toBe(2);
	});

	it('offers catch-up only to a member who missed a completed session', async () => {
		const absent = await getTeamProgress(deps(), actors.absent!, teamId, 'es');
		const s = absent.courses[0]!.modules[0]!.sessions;
		expect(s[0]!.catchUp).toEqual({ runId: null, completed: false });
		expect(s[1]!.catchUp).toBeNull();
		const present = await getTeamProgress(deps(), actors.present!, teamId, 'es');
		expect(present.courses[0]!.modules[0]!.sessions[0]!.catchUp).toBeNull();
		// A catch-up run of their own shows as under way, then done.
		const think = curriculum.course('think-coop')!.modules[0]!;
		const own = randomUUID();
		await db.insert(sessionRun).values({
			id: own,
			teamId,
			cohortId: w.cohortA.id,
			course: 'think-coop',
			module: think.slug,
			session: think.sessions[0]!.slug,
			contentVersion: curriculum.version,
			mode: 'catch_up',
			personId: w.p1b.id,
			stage: 'play',
			status: 'open'
		});
		const again = await getTeamProgress(deps(), actors.absent!, teamId, 'es');
		expect(again.courses[0]!.modules[0]!.sessions[0]!.catchUp).toEqual({
			runId: own,
			completed: false
		});
		// Someone else's catch-up is not the team's progress.
		const lead = await getTeamProgress(deps(), actors.lead!, teamId, 'es');
		expect(lead.courses[0]!.modules[0]!.sessions[0]!.state).toBe('done');
		expect(lead.courses[0]!.done).toBe(1);
		await db.delete(sessionRun).where(eq(sessionRun.id, own));
	});

	it('is read by the team, its lead, the cohort, coordinators and the federation; nobody else', async () => {
		for (const who of ['lead', 'present', 'absent', 'facilitator', 'focal', 'coordinator'])
			await expect(getTeamProgress(deps(), actors[who]!, teamId, 'es')).resolves.toBeTruthy();
		for (const who of ['otherFacilitator', 'otherFocal', 'otherMember', 'otherLead'])
			await expect(getTeamProgress(deps(), actors[who]!, teamId, 'es')).rejects.toMatchObject({
				code: 'forbidden'
			});
		await expect(getTeamProgress(deps(), null, teamId, 'es')).rejects.toMatchObject({
			code: 'unauthenticated'
		});
		await expect(
			getTeamProgress(deps(), actors.coordinator!, randomUUID(), 'es')
		).rejects.toMatchObject({ code: 'not_found' });
		// Members may now open their team's page (its member list is filtered as before).
		const page = await getTeam({ db }, actors.absent!, teamId);
		expect(page.members.map((m) => m.personId)).toEqual([w.p1b.id]);
		await expect(getTeam({ db }, actors.otherMember!, teamId)).rejects.toMatchObject({
			code: 'forbidden'
		});
	});

	it('gives a member their team on the home page, and nothing to someone in no team', async () => {
		const mine = await getMyTeams(deps(), actors.present!, 'es');
		expect(mine.map((t) => t.teamId)).toEqual([teamId]);
		expect(mine[0]!.courses[0]!.next?.run?.id).toBe(openRun);
		expect(await getMyTeams(deps(), actors.coordinator!, 'es')).toEqual([]);
		// p2a is enrolled in cohort B but in no team.
		expect(await getMyTeams(deps(), actors.otherMember!, 'es')).toEqual([]);
	});
});

describe("facilitator's view of a cohort", () => {
	it('lists runs under way and completed, with attendance, notes and decisions', async () => {
		const v = await getCohortRuns(deps(), actors.facilitator!, w.cohortA.id, 'es');
		expect(v.teams.map((t) => t.id).sort()).toEqual([teamId, otherTeamId].sort());
		const t = v.teams.find((x) => x.id === teamId)!;
		expect(t.inProgress).toHaveLength(1);
		expect(t.inProgress[0]).toMatchObject({ id: openRun, stepNumber: 3, paused: true });
		expect(t.completed).toHaveLength(1);
		expect(t.completed[0]).toMatchObject({ id: doneRun, sessionNumber: 1, moduleNumber: 1 });
		expect(t.completed[0]!.attendance.women + t.completed[0]!.attendance.men).toBe(2);
		expect(t.completed[0]!.notes.map((n) => n.text)).toEqual(['Nos conocimos.']);
		expect(t.completed[0]!.decisions[0]).toMatchObject({
			method: 'consensus',
			votes: null,
			reasons: 'Todos de acuerdo.'
		});
		const other = v.teams.find((x) => x.id === otherTeamId)!;
		expect(other.completed).toEqual([]);
	});

	it("shows a focal point only its federation's teams; refuses those outside", async () => {
		const fed1 = await getCohortRuns(deps(), actors.focal!, w.cohortA.id, 'es');
		expect(fed1.teams.map((t) => t.id)).toEqual([teamId]);
		const fed2 = await getCohortRuns(deps(), actors.otherFocal!, w.cohortA.id, 'es');
		expect(fed2.teams.map((t) => t.id)).toEqual([otherTeamId]);
		for (const who of ['otherFacilitator', 'otherMember', 'otherLead'])
			await expect(getCohortRuns(deps(), actors[who]!, w.cohortA.id, 'es')).rejects.toMatchObject({
				code: 'forbidden'
			});
		const coord = await getCohortRuns(deps(), actors.coordinator!, w.cohortA.id, 'es');
		expect(coord.teams).toHaveLength(2);
		// A cohort with no teams is empty for those who read it, not an error.
		const empty = await makeCohort(db);
		expect((await getCohortRuns(deps(), actors.coordinator!, empty.id, 'es')).teams).toEqual([]);
	});

	it("a run's summary shows attendance, roles, notes per step, to its readers only", async () => {
		const s = await getRunSummary(deps(), actors.facilitator!, doneRun, 'es');
		expect(s.timekeeper).toBe(`${w.p1a.givenNames} ${w.p1a.surnames}`);
		expect(s.notetaker).not.toBeNull();
		expect(s.steps[0]!.reader).toBe(`${w.p1a.givenNames} ${w.p1a.surnames}`);
		expect(s.steps[1]!.note).toBe('Nos conocimos.');
		expect(s.attendance.guests).toBe(2);
		// The absent member reads the run, but not the names of people they may not see.
		const m = await getRunSummary(deps(), actors.absent!, doneRun, 'es');
		expect(m.timekeeper).toBeNull();
		await expect(getRunSummary(deps(), actors.otherFocal!, doneRun, 'es')).rejects.toMatchObject({
			code: 'forbidden'
		});
	});
});
