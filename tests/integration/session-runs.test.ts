import { randomUUID } from 'node:crypto';
import { and, eq, like, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../../src/lib/server/access/guard';
import type { Db, DbHandle } from '../../src/lib/server/db/client';
import {
	auditLog,
	cohort,
	enrolment,
	learningEvent,
	runAttendance,
	runCheckin,
	runExtension,
	runRole,
	sessionRun,
	team
} from '../../src/lib/server/db/schema';
import { liveBus } from '../../src/lib/server/live/notify';
import { assignRoles } from '../../src/lib/server/sessions/assign-roles';
import { completeRun } from '../../src/lib/server/sessions/complete-run';
import { extendStep } from '../../src/lib/server/sessions/extend-step';
import { moveStep } from '../../src/lib/server/sessions/move-step';
import { pauseRun, resumeRun } from '../../src/lib/server/sessions/pause-run';
import { readRun } from '../../src/lib/server/sessions/read-run';
import { StaleRunError } from '../../src/lib/server/sessions/run-state';
import { NoteConflictError, saveNote } from '../../src/lib/server/sessions/save-note';
import { addLateArrivals, setAttendance } from '../../src/lib/server/sessions/set-attendance';
import { startRun } from '../../src/lib/server/sessions/start-run';
import { takeLead } from '../../src/lib/server/sessions/take-lead';
import { listStartable } from '../../src/lib/server/sessions/list-startable';
import { getCurriculum } from '../../src/lib/server/curriculum/get-curriculum';
import { createTestDb } from '../helpers/db';
import {
	makeActor,
	makeCohort,
	makeCooperative,
	makeFederation,
	makePerson
} from '../factories/org';

let handle: DbHandle;
let db: Db;

// Think.COOP, module 1, session 1: read (opening), discuss, worksheet, read, worksheet, reflect.
const S1 = { course: 'think-coop', module: 'orientation', session: 'good-relationships' };
const S2 = { course: 'think-coop', module: 'orientation', session: 'horizontal-vertical' };
const PHONE_A = 'device-aaaaaaaaaaaaaaaa';
const PHONE_B = 'device-bbbbbbbbbbbbbbbb';

let w: Awaited<ReturnType<typeof world>>;

async function world() {
	const fed = await makeFederation(db);
	const otherFed = await makeFederation(db);
	const coop = await makeCooperative(db, fed.id);
	const otherCoop = await makeCooperative(db, otherFed.id);
	const c = await makeCohort(db);
	const otherCohort = await makeCohort(db);
	await db
		.update(cohort)
		.set({ courses: ['think-coop'] })
		.where(eq(cohort.id, c.id));
	const [t] = await db
		.insert(team)
		.values({ cohortId: c.id, cooperativeId: coop.id, name: 'Equipo' })
		.returning();
	const [ot] = await db
		.insert(team)
		.values({ cohortId: c.id, cooperativeId: otherCoop.id, name: 'Otro' })
		.returning();
	const people: Awaited<ReturnType<typeof makePerson>>[] = [];
	for (let i = 0; i < 4; i++) {
		const p = await makePerson(db, coop.id);
		await db
			.insert(enrolment)
			.values({ cohortId: c.id, personId: p.id, cooperativeId: coop.id, teamId: t!.id });
		people.push(p);
	}
	const outsider = await makePerson(db, otherCoop.id);
	await db
		.insert(enrolment)
		.values({ cohortId: c.id, personId: outsider.id, cooperativeId: otherCoop.id, teamId: ot!.id });
	const member = (i: number) => makeActor(db, 'participant', { personId: people[i]!.id });
	return {
		cohort: c,
		team: t!,
		otherTeam: ot!,
		people,
		ids: people.map((p) => p.id),
		members: [await member(0), await member(1), await member(2), await member(3)],
		lead: await makeActor(db, 'cooperative_lead', { cooperativeId: coop.id }),
		otherLead: await makeActor(db, 'cooperative_lead', { cooperativeId: otherCoop.id }),
		otherMember: await makeActor(db, 'participant', { personId: outsider.id }),
		facilitator: await makeActor(db, 'facilitator', { cohortId: c.id }),
		otherFacilitator: await makeActor(db, 'facilitator', { cohortId: otherCohort.id }),
		focal: await makeActor(db, 'federation_focal_point', { federationId: fed.id }),
		otherFocal: await makeActor(db, 'federation_focal_point', { federationId: otherFed.id }),
		coordinator: await makeActor(db, 'coordinator'),
		admin: await makeActor(db, 'admin')
	};
}

beforeAll(async () => {
	handle = await createTestDb();
	db = handle.db;
	w = await world();
});
afterAll(() => handle.close());

const deps = () => ({ db });
const run = async (id: string) =>
	(await db.select().from(sessionRun).where(eq(sessionRun.id, id)))[0]!;
const events = async (runId: string) =>
	db
		.select({
			verb: learningEvent.verb,
			personId: learningEvent.personId,
			objectId: learningEvent.objectId
		})
		.from(learningEvent)
		.where(sql`${learningEvent.context}->>'run' = ${runId}`);
const start = (actor: Actor, at = S1, over: Record<string, unknown> = {}) =>
	startRun(deps(), actor, {
		team: w.team.id,
		...at,
		mode: 'group',
		clientId: randomUUID(),
		deviceId: PHONE_A,
		...over
	});
const view = async (actor: Actor, runId: string, deviceId: string | null = PHONE_A) =>
	(await readRun(deps(), actor, { runId, deviceId, locale: 'es' })).view;

/** A run of S1 through setup: all four present, proposals accepted, led by phone A. */
async function playing(at = S1, present = w.ids) {
	const lead = w.members[0]!;
	const { id } = await start(lead, at);
	await setAttendance(deps(), lead, {
		runId: id,
		version: String((await run(id)).version),
		present,
		guests: '2'
	});
	const v = await view(lead, id);
	await assignRoles(deps(), lead, {
		runId: id,
		version: String(v.version),
		timekeeper: v.proposal!.timekeeper,
		notetaker: v.proposal!.notetaker,
		readers: v.proposal!.readers,
		deviceId: PHONE_A
	});
	return id;
}

async function finish(id: string, actor: Actor = w.members[0]!) {
	for (;;) {
		const r = await run(id);
		if (r.stage !== 'play') break;
		await moveStep(deps(), actor, {
			runId: id,
			version: String(r.version),
			to: 'next',
			deviceId: PHONE_A
		});
	}
	const r = await run(id);
	if (r.stage === 'checkin') {
		const v = await view(actor, id);
		await completeRun(deps(), actor, {
			runId: id,
			version: String(r.version),
			scores: Object.fromEntries(v.present.map((p) => [p, '3']))
		});
	}
}

describe('starting a run', () => {
	it('is idempotent under its client id and keeps one open group run per team and session', async () => {
		const clientId = randomUUID();
		const a = await start(w.members[0]!, S1, { clientId });
		const b = await start(w.members[0]!, S1, { clientId });
		expect(b.id).toBe(a.id);
		expect(a.resumed).toBe(false);
		// Another member (another phone, another id) resumes the same open run.
		const c = await start(w.members[1]!, S1);
		expect(c).toEqual({ id: a.id, resumed: true });
		const rows = await db.select().from(sessionRun).where(eq(sessionRun.teamId, w.team.id));
		expect(rows).toHaveLength(1);
		expect(rows[0]).toMatchObject({
			stage: 'setup',
			status: 'open',
			leadDevice: PHONE_A,
			mode: 'group'
		});
		expect((await events(a.id)).filter((e) => e.verb.endsWith('/initialized'))).toHaveLength(1);
		await db.delete(sessionRun).where(eq(sessionRun.id, a.id));
	});

	it('refuses unknown sessions, courses the cohort lacks, bad modes and bad ids', async () => {
		await expect(start(w.members[0]!, { ...S1, session: 'nope' })).rejects.toMatchObject({
			code: 'invalid_input',
			fields: { session: 'not_found' }
		});
		await expect(
			start(w.members[0]!, { course: 'start-coop', module: 'core-group', session: 'x' })
		).rejects.toMatchObject({ code: 'invalid_input' });
		await expect(start(w.members[0]!, S1, { mode: 'solo' })).rejects.toMatchObject({
			fields: { mode: 'invalid' }
		});
		await expect(start(w.members[0]!, S1, { clientId: 'abc' })).rejects.toMatchObject({
			fields: { clientId: 'invalid' }
		});
		await expect(start(w.members[0]!, S1, { team: randomUUID() })).rejects.toMatchObject({
			code: 'not_found'
		});
		// A lead who is not in the team runs group sessions but has nothing to catch up.
		await expect(start(w.lead, S1, { mode: 'catch_up' })).rejects.toMatchObject({
			fields: { mode: 'not_catch_up' }
		});
		expect(await db.select().from(sessionRun).where(eq(sessionRun.teamId, w.team.id))).toHaveLength(
			0
		);
	});

	it('is for team members and the cooperative lead only', async () => {
		for (const a of [w.otherMember, w.otherLead, w.facilitator, w.focal, w.coordinator, w.admin])
			await expect(start(a, S1)).rejects.toMatchObject({ code: 'forbidden' });
		const { id } = await start(w.lead, S1);
		expect((await run(id)).startedBy).toBe(w.lead.userId);
		await db.delete(sessionRun).where(eq(sessionRun.id, id));
	});
});

describe('attendance and roles', () => {
	it('keeps attendance within the team and the guests within 0–500', async () => {
		const { id } = await start(w.members[0]!, S1);
		const version = String((await run(id)).version);
		const a = (present: unknown, guests: unknown) =>
			setAttendance(deps(), w.members[0]!, { runId: id, version, present, guests });
		await expect(a(w.ids, '501')).rejects.toMatchObject({ fields: { guests: 'range:0:500' } });
		await expect(a(w.ids, '-1')).rejects.toMatchObject({ fields: { guests: 'range:0:500' } });
		await expect(a(w.ids, 'tres')).rejects.toMatchObject({ fields: { guests: 'range:0:500' } });
		await expect(a([...w.ids, w.otherMember.personId], '0')).rejects.toMatchObject({
			fields: { present: 'not_member' }
		});
		await expect(a([], '0')).rejects.toMatchObject({ fields: { present: 'none_present' } });
		expect(await db.select().from(runAttendance).where(eq(runAttendance.runId, id))).toHaveLength(
			0
		);
		await a(w.ids.slice(0, 3), '500');
		expect((await run(id)).guests).toBe(500);
		// A stale roll call (the version moved on) writes nothing.
		await expect(a(w.ids, '0')).rejects.toBeInstanceOf(StaleRunError);
		expect(await db.select().from(runAttendance).where(eq(runAttendance.runId, id))).toHaveLength(
			3
		);
		// Roles must name people who are present.
		const v = await view(w.members[0]!, id);
		await expect(
			assignRoles(deps(), w.members[0]!, {
				runId: id,
				version: String(v.version),
				timekeeper: w.ids[3],
				notetaker: v.proposal!.notetaker,
				readers: v.proposal!.readers,
				deviceId: PHONE_A
			})
		).rejects.toMatchObject({ fields: { timekeeper: 'not_present' } });
		await db.delete(sessionRun).where(eq(sessionRun.id, id));
	});

	it('records roles and attendance, then rotates them across the runs of the course', async () => {
		const id1 = await playing(S1);
		const r1 = await db.select().from(runRole).where(eq(runRole.runId, id1));
		// Time-keeper, note-taker, and a reader for the opening and the other read step.
		expect(r1.map((r) => `${r.role}:${r.step}`).sort()).toEqual([
			'notetaker:-1',
			'reader:0',
			'reader:3',
			'timekeeper:-1'
		]);
		const tk1 = r1.find((r) => r.role === 'timekeeper')!.personId;
		const nt1 = r1.find((r) => r.role === 'notetaker')!.personId;
		expect(tk1).not.toBe(nt1);
		expect(await db.select().from(runAttendance).where(eq(runAttendance.runId, id1))).toHaveLength(
			4
		);
		expect(await run(id1)).toMatchObject({ stage: 'play', step: 0, guests: 2 });
		await finish(id1);

		// The next session proposes people who have not had each role yet.
		const { id: id2 } = await start(w.members[1]!, S2);
		await setAttendance(deps(), w.members[1]!, {
			runId: id2,
			version: String((await run(id2)).version),
			present: w.ids,
			guests: ''
		});
		const v2 = await view(w.members[1]!, id2);
		expect(v2.proposal!.timekeeper).not.toBe(tk1);
		expect(v2.proposal!.notetaker).not.toBe(nt1);
		const readers1 = r1.filter((r) => r.role === 'reader').map((r) => r.personId);
		for (const r of Object.values(v2.proposal!.readers).slice(0, 2))
			expect(readers1).not.toContain(r);
		// Any proposal can be swapped.
		await assignRoles(deps(), w.members[1]!, {
			runId: id2,
			version: String(v2.version),
			timekeeper: tk1,
			notetaker: v2.proposal!.notetaker,
			readers: v2.proposal!.readers,
			deviceId: PHONE_B
		});
		const r2 = await db.select().from(runRole).where(eq(runRole.runId, id2));
		expect(r2.find((r) => r.role === 'timekeeper')!.personId).toBe(tk1);
		await db.delete(sessionRun).where(eq(sessionRun.teamId, w.team.id));
	});
});

describe('moving through the steps', () => {
	it('lets the leading phone or the time-keeper move; a stale version changes nothing', async () => {
		const id = await playing();
		const roles = await db.select().from(runRole).where(eq(runRole.runId, id));
		const tkPerson = roles.find((r) => r.role === 'timekeeper')!.personId;
		const tk = w.members[w.ids.indexOf(tkPerson)]!;
		const other = w.members.find((m) => m.personId !== tkPerson && m !== w.members[0])!;
		const seen: string[] = [];
		const stop = liveBus().subscribe(id, () => seen.push(id));

		const v1 = (await run(id)).version;
		await moveStep(deps(), w.members[0]!, {
			runId: id,
			version: String(v1),
			to: 'next',
			deviceId: PHONE_A
		});
		expect(await run(id)).toMatchObject({ step: 1, version: v1 + 1 });
		expect(seen).toHaveLength(1);
		// The same tap again (the page still says v1): nothing moves, the page learns where the group is.
		const stale = await moveStep(deps(), w.members[0]!, {
			runId: id,
			version: String(v1),
			to: 'next',
			deviceId: PHONE_A
		}).catch((e: unknown) => e);
		expect(stale).toBeInstanceOf(StaleRunError);
		expect((stale as StaleRunError).current).toMatchObject({ step: 1, version: v1 + 1 });
		expect((await run(id)).step).toBe(1);
		// Another member on another phone only follows.
		await expect(
			moveStep(deps(), other, { runId: id, version: String(v1 + 1), to: 'next', deviceId: PHONE_B })
		).rejects.toMatchObject({ code: 'forbidden' });
		// The time-keeper moves from any phone, also to a step of the list.
		await moveStep(deps(), tk, { runId: id, version: String(v1 + 1), to: '4', deviceId: null });
		expect((await run(id)).step).toBe(3);
		await moveStep(deps(), tk, { runId: id, version: String(v1 + 2), to: 'back', deviceId: null });
		expect((await run(id)).step).toBe(2);
		// The move buttons have no field of their own: the refusal is the page's general message.
		for (const to of ['0', '8', 'x', '99999'])
			await expect(
				moveStep(deps(), tk, { runId: id, version: String(v1 + 3), to, deviceId: null })
			).rejects.toMatchObject({ code: 'invalid_input', fields: { _: 'invalid' } });
		// "Lead from this phone": the other member takes over, audited; phone A no longer leads.
		await takeLead(deps(), other, { runId: id, version: String(v1 + 3), deviceId: PHONE_B });
		expect((await run(id)).leadDevice).toBe(PHONE_B);
		const audits = await db
			.select()
			.from(auditLog)
			.where(and(eq(auditLog.entityId, id), eq(auditLog.action, 'run.lead_taken')));
		expect(audits).toHaveLength(1);
		expect(audits[0]!.actorUserId).toBe(other.userId);
		const third = w.members.find((m) => m.personId !== tkPerson && m !== other)!;
		await expect(
			moveStep(deps(), third, {
				runId: id,
				version: String(v1 + 4),
				to: 'next',
				deviceId: PHONE_A
			})
		).rejects.toMatchObject({ code: 'forbidden' });
		await moveStep(deps(), other, {
			runId: id,
			version: String(v1 + 4),
			to: 'next',
			deviceId: PHONE_B
		});
		expect((await run(id)).step).toBe(3);
		stop();
		// Steps completed going forward are recorded once each (0→1, 2→3 twice-free: 1→3 jump counts 1).
		const progressed = (await events(id)).filter((e) => e.verb.endsWith('/progressed'));
		expect(progressed.map((e) => e.objectId.split('/').pop()).sort()).toEqual(
			['getting-to-know', 'group-agreements', 'welcome'].sort()
		);
		await db.delete(sessionRun).where(eq(sessionRun.id, id));
	});

	it('pauses and resumes at the same step; resuming takes the lead', async () => {
		const id = await playing();
		// A second tap on "start the steps" changes nothing and tells where the group is.
		const again = await assignRoles(deps(), w.members[0]!, {
			runId: id,
			version: '2',
			timekeeper: w.ids[0],
			notetaker: w.ids[1],
			readers: {},
			deviceId: PHONE_B
		}).catch((e: unknown) => e);
		expect(again).toBeInstanceOf(StaleRunError);
		expect((again as StaleRunError).current).toMatchObject({ stage: 'play', step: 0 });
		expect((await run(id)).leadDevice).toBe(PHONE_A);
		let r = await run(id);
		await moveStep(deps(), w.members[0]!, {
			runId: id,
			version: String(r.version),
			to: 'next',
			deviceId: PHONE_A
		});
		r = await run(id);
		await pauseRun(deps(), w.members[2]!, {
			runId: id,
			version: String(r.version),
			deviceId: PHONE_B
		});
		r = await run(id);
		expect(r.status).toBe('paused');
		await expect(
			moveStep(deps(), w.members[0]!, {
				runId: id,
				version: String(r.version),
				to: 'next',
				deviceId: PHONE_A
			})
		).rejects.toMatchObject({ fields: { _: 'not_playing' } });
		// Starting the session again finds the paused run.
		expect((await start(w.members[3]!, S1)).id).toBe(id);
		await resumeRun(deps(), w.members[3]!, {
			runId: id,
			version: String(r.version),
			deviceId: PHONE_B
		});
		expect(await run(id)).toMatchObject({ status: 'open', step: 1, leadDevice: PHONE_B });
		await expect(
			pauseRun(deps(), w.facilitator, { runId: id, version: String(r.version + 1), deviceId: null })
		).rejects.toMatchObject({ code: 'forbidden' });
		await db.delete(sessionRun).where(eq(sessionRun.id, id));
	});

	it('adds five minutes once per tap, even when the post is retried', async () => {
		const id = await playing();
		const tap = randomUUID();
		const ext = () =>
			extendStep(deps(), w.members[0]!, { runId: id, clientId: tap, step: '1', deviceId: PHONE_A });
		expect(await ext()).toEqual({ added: true });
		expect(await ext()).toEqual({ added: false });
		expect(await run(id)).toMatchObject({ stepExtraMinutes: 5 });
		expect(await db.select().from(runExtension).where(eq(runExtension.runId, id))).toHaveLength(1);
		// A second tap is five more; a tap for a step the group left changes nothing.
		await extendStep(deps(), w.members[0]!, {
			runId: id,
			clientId: randomUUID(),
			step: '1',
			deviceId: PHONE_A
		});
		expect((await run(id)).stepExtraMinutes).toBe(10);
		await expect(
			extendStep(deps(), w.members[0]!, {
				runId: id,
				clientId: randomUUID(),
				step: '2',
				deviceId: PHONE_A
			})
		).rejects.toBeInstanceOf(StaleRunError);
		// Someone who neither leads nor keeps time cannot.
		const roles = await db.select().from(runRole).where(eq(runRole.runId, id));
		const tk = roles.find((r) => r.role === 'timekeeper')!.personId;
		const other = w.members.find((m) => m.personId !== tk)!;
		await expect(
			extendStep(deps(), other, { runId: id, clientId: randomUUID(), step: '1', deviceId: PHONE_B })
		).rejects.toMatchObject({ code: 'forbidden' });
		// Moving on resets the extra time.
		const r = await run(id);
		await moveStep(deps(), w.members[0]!, {
			runId: id,
			version: String(r.version),
			to: 'next',
			deviceId: PHONE_A
		});
		expect((await run(id)).stepExtraMinutes).toBe(0);
		await db.delete(sessionRun).where(eq(sessionRun.id, id));
	});
});

describe('notes', () => {
	it('saves with revisions and shows a conflict instead of overwriting', async () => {
		const id = await playing();
		const roles = await db.select().from(runRole).where(eq(runRole.runId, id));
		const ntPerson = roles.find((r) => r.role === 'notetaker')!.personId;
		const nt = w.members[w.ids.indexOf(ntPerson)]!;
		const note = (
			actor: Actor,
			revision: string,
			text: unknown,
			step = '2',
			deviceId: string | null = null
		) => saveNote(deps(), actor, { runId: id, step, revision, text, deviceId });
		expect(await note(nt, '0', 'Juan sabe reparar compresoras.')).toEqual({ revision: 1 });
		// A retry of the same save is no conflict.
		expect(await note(nt, '0', 'Juan sabe reparar compresoras.')).toEqual({ revision: 1 });
		// The leading phone edits from revision 1.
		expect(await note(w.members[0]!, '1', 'Juan y Rosa reparan.', '2', PHONE_A)).toEqual({
			revision: 2
		});
		// The note-taker's phone still shows revision 1: its save is refused with both texts.
		const conflict = await note(nt, '1', 'Otra cosa').catch((e: unknown) => e);
		expect(conflict).toBeInstanceOf(NoteConflictError);
		expect((conflict as NoteConflictError).current).toEqual({
			text: 'Juan y Rosa reparan.',
			revision: 2
		});
		// Too long, not a discuss/reflect step, a member who is not the note-taker.
		await expect(note(nt, '2', 'x'.repeat(4001))).rejects.toMatchObject({
			fields: { text: 'too_long:4000' }
		});
		await expect(note(nt, '0', 'hola', '3')).rejects.toMatchObject({ fields: { _: 'invalid' } });
		await expect(note(nt, '0', 'hola', '99')).rejects.toMatchObject({ fields: { _: 'invalid' } });
		const other = w.members.find((m) => m.personId !== ntPerson && m !== w.members[0])!;
		await expect(note(other, '2', 'hola', '2', PHONE_B)).rejects.toMatchObject({
			code: 'forbidden'
		});
		const v = await view(w.facilitator, id, null);
		expect(v.notes[1]).toEqual({ text: 'Juan y Rosa reparan.', revision: 2 });
		expect(v.can).toMatchObject({ write: false, lead: false, notes: false });
		await db.delete(sessionRun).where(eq(sessionRun.id, id));
	});
});

describe('closing', () => {
	it('asks each present member for a check-in, then completes the run, recording events once', async () => {
		const present = w.ids.slice(0, 3);
		const id = await playing(S1, present);
		for (;;) {
			const r = await run(id);
			if (r.stage !== 'play') break;
			await moveStep(deps(), w.members[0]!, {
				runId: id,
				version: String(r.version),
				to: 'next',
				deviceId: PHONE_A
			});
		}
		let r = await run(id);
		expect(r).toMatchObject({ stage: 'checkin', step: 5, status: 'open' });
		// Back from the check-in to the last step, and forward again.
		await moveStep(deps(), w.members[0]!, {
			runId: id,
			version: String(r.version),
			to: 'back',
			deviceId: PHONE_A
		});
		expect(await run(id)).toMatchObject({ stage: 'play', step: 5 });
		await moveStep(deps(), w.members[0]!, {
			runId: id,
			version: String(r.version + 1),
			to: 'next',
			deviceId: PHONE_A
		});
		r = await run(id);
		const scores = { [present[0]!]: '3', [present[1]!]: '2', [present[2]!]: '4' };
		await expect(
			completeRun(deps(), w.members[0]!, { runId: id, version: String(r.version), scores })
		).rejects.toMatchObject({ fields: { [`score-${present[2]}`]: 'required' } });
		scores[present[2]!] = '1';
		await completeRun(deps(), w.members[0]!, { runId: id, version: String(r.version), scores });
		r = await run(id);
		expect(r).toMatchObject({ stage: 'done', status: 'completed' });
		expect(r.completedAt).toBeInstanceOf(Date);
		expect(await db.select().from(runCheckin).where(eq(runCheckin.runId, id))).toHaveLength(3);
		// A retried completion (a double tap) changes nothing and writes nothing twice.
		await completeRun(deps(), w.members[0]!, { runId: id, version: String(r.version - 1), scores });
		expect((await run(id)).version).toBe(r.version);
		const ev = await events(id);
		const count = (verb: string) => ev.filter((e) => e.verb.endsWith(`/${verb}`)).length;
		expect(count('initialized')).toBe(1);
		expect(count('attended')).toBe(3);
		expect(count('adopted')).toBe(4);
		expect(count('progressed')).toBe(6);
		expect(count('completed')).toBe(3);
		expect(
			ev
				.filter((e) => e.verb.endsWith('/completed'))
				.map((e) => e.personId)
				.sort()
		).toEqual([...present].sort());
		// The team can run the same session again now that it is done.
		const again = await start(w.members[0]!, S1);
		expect(again.id).not.toBe(id);
		await db.delete(sessionRun).where(eq(sessionRun.teamId, w.team.id));
	});
});

describe('catch-up', () => {
	it('is a member alone, recorded as catch-up, not attendance', async () => {
		const me = w.members[2]!;
		const clientId = randomUUID();
		const { id } = await start(me, S1, { mode: 'catch_up', clientId });
		expect((await start(me, S1, { mode: 'catch_up', clientId })).id).toBe(id);
		expect(await run(id)).toMatchObject({
			mode: 'catch_up',
			personId: me.personId,
			stage: 'play',
			step: 0
		});
		// Another member reads it but does not drive it; a group run of the session is separate.
		await expect(
			moveStep(deps(), w.members[1]!, { runId: id, version: '1', to: 'next', deviceId: PHONE_A })
		).rejects.toMatchObject({ code: 'forbidden' });
		expect((await view(w.members[1]!, id)).can.write).toBe(false);
		const group = await start(w.members[0]!, S1);
		expect(group.id).not.toBe(id);
		// Any device of the member moves it, and past the last step it is done (no check-in).
		for (;;) {
			const r = await run(id);
			if (r.stage !== 'play') break;
			await moveStep(deps(), me, {
				runId: id,
				version: String(r.version),
				to: 'next',
				deviceId: null
			});
		}
		expect(await run(id)).toMatchObject({ stage: 'done', status: 'completed' });
		expect(await db.select().from(runAttendance).where(eq(runAttendance.runId, id))).toHaveLength(
			0
		);
		expect(await db.select().from(runRole).where(eq(runRole.runId, id))).toHaveLength(0);
		const ev = await events(id);
		expect(ev.filter((e) => e.verb.endsWith('/attended'))).toHaveLength(0);
		expect(ev.filter((e) => e.verb.endsWith('/completed')).map((e) => e.personId)).toEqual([
			me.personId
		]);
		await expect(
			setAttendance(deps(), me, { runId: id, version: '1', present: [me.personId], guests: '0' })
		).rejects.toMatchObject({ code: 'invalid_input' });
		await db.delete(sessionRun).where(eq(sessionRun.teamId, w.team.id));
	});
});

describe('access', () => {
	it('lets the team, its lead and those who follow read; only the team and lead write', async () => {
		const id = await playing();
		const readers = [...w.members, w.lead, w.facilitator, w.focal, w.coordinator, w.admin];
		for (const a of readers) {
			const v = await view(a, id, null);
			expect(v.members.length, 'members shown').toBeGreaterThanOrEqual(4);
		}
		for (const a of [w.otherMember, w.otherLead, w.otherFocal, w.otherFacilitator])
			await expect(view(a, id, null)).rejects.toMatchObject({ code: 'forbidden' });
		const version = String((await run(id)).version);
		for (const a of [
			w.facilitator,
			w.focal,
			w.coordinator,
			w.admin,
			w.otherMember,
			w.otherLead,
			w.otherFocal
		]) {
			await expect(
				takeLead(deps(), a, { runId: id, version, deviceId: PHONE_B })
			).rejects.toMatchObject({
				code: 'forbidden'
			});
			await expect(
				saveNote(deps(), a, { runId: id, step: '2', revision: '0', text: 'x', deviceId: PHONE_A })
			).rejects.toMatchObject({ code: 'forbidden' });
			await expect(
				moveStep(deps(), a, { runId: id, version, to: 'next', deviceId: PHONE_A })
			).rejects.toMatchObject({ code: 'forbidden' });
		}
		// The cooperative's lead, not in the team, takes the lead and moves.
		await takeLead(deps(), w.lead, { runId: id, version, deviceId: PHONE_B });
		await moveStep(deps(), w.lead, {
			runId: id,
			version: String(Number(version) + 1),
			to: 'next',
			deviceId: PHONE_B
		});
		expect((await run(id)).step).toBe(1);
		// A member who left the team no longer writes.
		await db
			.update(enrolment)
			.set({ status: 'withdrawn' })
			.where(eq(enrolment.personId, w.ids[3]!));
		await expect(
			pauseRun(deps(), w.members[3]!, {
				runId: id,
				version: String(Number(version) + 2),
				deviceId: null
			})
		).rejects.toMatchObject({ code: 'forbidden' });
		await db.update(enrolment).set({ status: 'active' }).where(eq(enrolment.personId, w.ids[3]!));
		await expect(view(w.members[0]!, randomUUID(), null)).rejects.toMatchObject({
			code: 'not_found'
		});
		await expect(view(w.members[0]!, 'not-an-id', null)).rejects.toMatchObject({
			code: 'not_found'
		});
		expect(await db.select().from(auditLog).where(like(auditLog.action, 'run.%'))).not.toHaveLength(
			0
		);
		await db.delete(sessionRun).where(eq(sessionRun.teamId, w.team.id));
	});
});

describe('what a team may start', () => {
	it("offers the cohort's sessions to those who run them, the next one first", async () => {
		const list = await listStartable(deps(), w.members[0]!, w.team.id, 'es');
		expect(list!.next).toBe('think-coop/orientation/good-relationships');
		expect(list!.sessions.every((s) => s.value.startsWith('think-coop/'))).toBe(true);
		expect(list!.canCatchUp).toBe(true);
		expect((await listStartable(deps(), w.lead, w.team.id, 'es'))!.canCatchUp).toBe(false);
		for (const a of [w.facilitator, w.focal, w.coordinator, w.otherMember, w.otherLead])
			expect(await listStartable(deps(), a, w.team.id, 'es')).toBeNull();
		const id = await playing();
		await finish(id);
		expect((await listStartable(deps(), w.members[0]!, w.team.id, 'es'))!.next).toBe(
			'think-coop/orientation/horizontal-vertical'
		);
		await db.delete(sessionRun).where(eq(sessionRun.teamId, w.team.id));
	});
});

describe('recorded readings', () => {
	it("offer the audio of the step in the reader's language when the content has one", async () => {
		const id = await playing();
		const welcome = (await getCurriculum()).session(S1.course, S1.module, S1.session)!
			.activities[0]!;
		const withAudio = welcome as typeof welcome & { audio?: Record<string, string> };
		try {
			expect((await view(w.members[0]!, id)).current!.audio).toBeNull();
			withAudio.audio = { es: '/audio/think-coop/welcome.es.opus' };
			expect((await view(w.members[0]!, id)).current!.audio).toBe(
				'/audio/think-coop/welcome.es.opus'
			);
			expect(
				(await readRun(deps(), w.members[0]!, { runId: id, deviceId: null, locale: 'en' })).view
					.current!.audio
			).toBeNull();
			// Only our own files reach the page.
			for (const bad of [
				'javascript:alert(1)',
				'https://cdn.example/a.opus',
				'//cdn.example/a.opus'
			]) {
				withAudio.audio = { es: bad };
				expect((await view(w.members[0]!, id)).current!.audio).toBeNull();
			}
		} finally {
			delete withAudio.audio;
		}
		await db.delete(sessionRun).where(eq(sessionRun.teamId, w.team.id));
	});
});

describe('late arrivals', () => {
	it('join those present once the steps began, never twice, and only from the team', async () => {
		const id = await playing(S1, w.ids.slice(0, 2));
		const late = (present: unknown, guests: unknown, version?: number) =>
			run(id).then((r) =>
				addLateArrivals(deps(), w.members[1]!, {
					runId: id,
					version: String(version ?? r.version),
					present,
					guests
				})
			);
		await expect(late([w.otherMember.personId], '')).rejects.toMatchObject({
			fields: { present: 'not_member' }
		});
		await expect(late([], '501')).rejects.toMatchObject({ fields: { guests: 'range:0:500' } });
		const v = (await run(id)).version;
		await late([w.ids[2]], '');
		// The same post again (stale version, already present): nothing changes.
		await late([w.ids[2]], '', v);
		expect(await run(id)).toMatchObject({ guests: 2, version: v + 1 });
		// Someone arriving is added even from a page the group has moved on from; a new guests'
		// count from such a page is stale.
		await late([w.ids[3]], '', v);
		await expect(late([], '4', v)).rejects.toBeInstanceOf(StaleRunError);
		await late([], '4');
		expect(await run(id)).toMatchObject({ guests: 4 });
		const rows = await db.select().from(runAttendance).where(eq(runAttendance.runId, id));
		expect(rows.map((r) => r.personId).sort()).toEqual([...w.ids].sort());
		expect((await events(id)).filter((e) => e.verb.endsWith('/attended'))).toHaveLength(4);
		// They are asked for their check-in too.
		await finish(id);
		expect(await db.select().from(runCheckin).where(eq(runCheckin.runId, id))).toHaveLength(4);
		await expect(late([w.ids[3]], '')).rejects.toMatchObject({ fields: { _: 'not_playing' } });
		await db.delete(sessionRun).where(eq(sessionRun.teamId, w.team.id));
	});
});
