import { randomUUID } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../../src/lib/server/access/guard';
import type { Db, DbHandle } from '../../src/lib/server/db/client';
import {
	enrolment,
	runAttendance,
	runNote,
	runRole,
	sessionRun,
	team
} from '../../src/lib/server/db/schema';
import { readRun } from '../../src/lib/server/sessions/read-run';
import { loadRunContext } from '../../src/lib/server/sessions/run-context';
import { createTestDb } from '../helpers/db';
import { makeActor, makePerson } from '../factories/org';
import { makeRun, makeTeamWorld } from '../helpers/runs';

// loadRunContext reads the run, the asker's membership and the attendance in one query; readRun
// reads roles, members and notes at once. These pin down what those combined reads return.

let handle: DbHandle;
let db: Db;
let w: Awaited<ReturnType<typeof world>>;

async function world() {
	const base = await makeTeamWorld(db, 3);
	// A member of the same cooperative who is in its other team.
	const [other] = await db
		.insert(team)
		.values({ cohortId: base.cohort.id, cooperativeId: base.coop.id, name: 'Otro equipo' })
		.returning();
	const outsider = await makePerson(db, base.coop.id);
	await db.insert(enrolment).values({
		cohortId: base.cohort.id,
		personId: outsider.id,
		cooperativeId: base.coop.id,
		teamId: other!.id
	});
	const run = await makeRun(db, {
		teamId: base.team.id,
		cohortId: base.cohort.id,
		course: 'think-coop',
		module: 'orientation',
		session: 'good-relationships'
	});
	return {
		cohortId: base.cohort.id,
		teamId: base.team.id,
		runId: run.id,
		people: [...base.people, outsider],
		members: base.actors,
		otherTeamMember: await makeActor(db, 'participant', { personId: outsider.id }),
		lead: base.lead
	};
}

beforeAll(async () => {
	handle = await createTestDb();
	db = handle.db;
	w = await world();
});
afterAll(() => handle.close());

const ctxOf = (actor: Actor, action: 'run.read' | 'run.write' = 'run.read') =>
	loadRunContext(db, actor, w.runId, action);

describe('loadRunContext', () => {
	it('says who is present: nobody, then exactly those ticked', async () => {
		expect((await ctxOf(w.members[0]!)).presentPersonIds).toEqual([]);
		await db.insert(runAttendance).values([
			{ runId: w.runId, personId: w.people[0]!.id },
			{ runId: w.runId, personId: w.people[2]!.id }
		]);
		const present = (await ctxOf(w.members[0]!)).presentPersonIds;
		expect([...present].sort()).toEqual([w.people[0]!.id, w.people[2]!.id].sort());
		// Plain strings, as the rest of the code compares them.
		expect(present.every((id) => typeof id === 'string')).toBe(true);
	});

	it('knows an active member of the team, and lets the member write', async () => {
		const ctx = await ctxOf(w.members[1]!, 'run.write');
		expect(ctx.actorIsMember).toBe(true);
		expect(ctx.teamId).toBe(w.teamId);
	});

	it('a member of another team of the same cooperative is not a member: refused', async () => {
		await expect(ctxOf(w.otherTeamMember)).rejects.toMatchObject({ code: 'forbidden' });
	});

	it('a lead with no person of their own is no member, yet writes by the cooperative', async () => {
		const ctx = await ctxOf(w.lead, 'run.write');
		expect(ctx.actorIsMember).toBe(false);
	});

	it('a member who left the team is no member any more', async () => {
		await db
			.update(enrolment)
			.set({ status: 'withdrawn' })
			.where(and(eq(enrolment.personId, w.people[2]!.id), eq(enrolment.teamId, w.teamId)));
		try {
			await expect(ctxOf(w.members[2]!)).rejects.toMatchObject({ code: 'forbidden' });
			const lead = await ctxOf(w.lead);
			expect(lead.actorIsMember).toBe(false);
		} finally {
			await db
				.update(enrolment)
				.set({ status: 'active' })
				.where(and(eq(enrolment.personId, w.people[2]!.id), eq(enrolment.teamId, w.teamId)));
		}
	});
});

describe('readRun roles and notes', () => {
	it("shows every role and every note of the run, and no other run's", async () => {
		const view = async () =>
			(await readRun({ db }, w.members[0]!, { runId: w.runId, deviceId: null, locale: 'es' })).view;
		expect((await view()).notes).toEqual({});
		await db.insert(runRole).values([
			{ runId: w.runId, role: 'timekeeper', personId: w.people[0]!.id },
			{ runId: w.runId, role: 'reader', step: 0, personId: w.people[2]!.id },
			{ runId: w.runId, role: 'reader', step: 3, personId: w.people[0]!.id }
		]);
		await db.insert(runNote).values([
			{ runId: w.runId, step: 1, text: 'Hablamos de la confianza.', revision: 2 },
			{ runId: w.runId, step: 5, text: 'Nos sentimos bien.' }
		]);
		// Another run of the same team: nothing of it shows here.
		const otherRun = randomUUID();
		await db.insert(sessionRun).values({
			id: otherRun,
			teamId: w.teamId,
			cohortId: w.cohortId,
			course: 'think-coop',
			module: 'orientation',
			session: 'horizontal-vertical',
			contentVersion: 'test'
		});
		await db.insert(runNote).values({ runId: otherRun, step: 1, text: 'Otra sesión.' });
		await db
			.insert(runRole)
			.values({ runId: otherRun, role: 'notetaker', personId: w.people[2]!.id });
		const v = await view();
		expect(v.roles).toEqual({
			timekeeper: w.people[0]!.id,
			notetaker: null,
			readers: { 0: w.people[2]!.id, 3: w.people[0]!.id }
		});
		expect(v.notes).toEqual({
			1: { text: 'Hablamos de la confianza.', revision: 2 },
			5: { text: 'Nos sentimos bien.', revision: 1 }
		});
		await db.delete(runRole).where(eq(runRole.runId, w.runId));
	});
});

describe('readRun members', () => {
	it('lists the team, and someone who left only while the run names them', async () => {
		const names = async () =>
			(await readRun({ db }, w.members[0]!, { runId: w.runId, deviceId: null, locale: 'es' })).view
				.members;
		// people[1] leaves the team: not present, no role, so no longer listed.
		await db
			.update(enrolment)
			.set({ status: 'withdrawn' })
			.where(and(eq(enrolment.personId, w.people[1]!.id), eq(enrolment.teamId, w.teamId)));
		let members = await names();
		expect(members.map((p) => p.personId).sort()).toEqual(
			[w.people[0]!.id, w.people[2]!.id].sort()
		);
		// Given a role in the run (the note-taker), they show again, marked as gone.
		await db
			.insert(runRole)
			.values({ runId: w.runId, role: 'notetaker', personId: w.people[1]!.id });
		members = await names();
		expect(members.find((p) => p.personId === w.people[1]!.id)).toMatchObject({ active: false });
		expect(
			members
				.filter((p) => p.active)
				.map((p) => p.personId)
				.sort()
		).toEqual([w.people[0]!.id, w.people[2]!.id].sort());
		// Someone of another team is never listed.
		expect(members.some((p) => p.personId === w.people[3]!.id)).toBe(false);
	});
});
