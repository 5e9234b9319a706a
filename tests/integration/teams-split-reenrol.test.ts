// Splitting an oversize team in one step, and the way back from withdrawing an enrolment.
import { and, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../../src/lib/server/access/guard';
import {
	enrolPeople,
	getEnrolment,
	reenrolEnrolment,
	withdrawEnrolment
} from '../../src/lib/server/cohorts/enrol';
import { getTeam } from '../../src/lib/server/cohorts/get-team';
import { splitTeam } from '../../src/lib/server/cohorts/teams';
import type { Db, DbHandle } from '../../src/lib/server/db/client';
import { auditLog, cohort, enrolment, team } from '../../src/lib/server/db/schema';
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
let coordinator: Actor;

beforeAll(async () => {
	handle = await createTestDb();
	db = handle.db;
	coordinator = await makeActor(db, 'coordinator');
});
afterAll(() => handle.close());

async function coopWith(n: number, name?: string) {
	const fed = await makeFederation(db);
	const coop = await makeCooperative(db, fed.id, name);
	const people = [];
	for (let i = 0; i < n; i++) people.push(await makePerson(db, coop.id));
	return { fed, coop, people };
}

const membersOf = async (teamId: string) =>
	db
		.select()
		.from(enrolment)
		.where(and(eq(enrolment.teamId, teamId), eq(enrolment.status, 'active')));

/** An imported team: everyone in one team, however many (as an import leaves it). */
async function oneTeam(cohortId: string, name: string, groups: Array<Array<{ id: string }>>) {
	const [t] = await db.insert(team).values({ cohortId, name }).returning();
	for (const people of groups) {
		await enrolPeople(
			{ db },
			coordinator,
			cohortId,
			people.map((p) => p.id)
		);
		await db
			.update(enrolment)
			.set({ teamId: t!.id })
			.where(and(eq(enrolment.cohortId, cohortId), eq(enrolment.status, 'active')));
	}
	return t!;
}

describe('splitting a team of more than 25', () => {
	it('makes even teams of at most 25 in one step, audited, keeping cooperatives together', async () => {
		const a = await coopWith(20, 'Alfa');
		const b = await coopWith(13, 'Beta');
		const c = await makeCohort(db);
		const big = await oneTeam(c.id, 'Alfa', [a.people, b.people]);
		expect((await getTeam({ db }, coordinator, big.id)).size).toBe('large');

		const { teams } = await splitTeam({ db }, coordinator, big.id);
		expect(teams.map((t) => [t.name, t.members])).toEqual([
			['Alfa', 17],
			['Alfa 2', 16]
		]);
		const first = await membersOf(big.id);
		const second = await membersOf(teams[1]!.id);
		expect([first.length, second.length]).toEqual([17, 16]);
		// Alfa's 20 are contiguous: 17 in the first team, the other 3 with Beta's 13.
		expect(first.every((e) => e.cooperativeId === a.coop.id)).toBe(true);
		expect(second.filter((e) => e.cooperativeId === b.coop.id)).toHaveLength(13);
		const [newTeam] = await db.select().from(team).where(eq(team.id, teams[1]!.id));
		expect(newTeam).toMatchObject({ cohortId: c.id, cooperativeId: big.cooperativeId });
		expect((await getTeam({ db }, coordinator, big.id)).size).toBe('ok');

		const lines = await db
			.select({ action: auditLog.action, entity: auditLog.entity, changes: auditLog.changes })
			.from(auditLog)
			.where(
				sql`${auditLog.entityId} in (${sql.join(
					[big.id, teams[1]!.id, ...second.map((e) => e.id)].map((id) => sql`${id}`),
					sql`, `
				)})`
			);
		expect(lines.find((l) => l.action === 'split')).toMatchObject({
			entity: 'team',
			changes: { members: { from: 33, to: 17 }, teams: ['Alfa 2'] }
		});
		expect(lines.filter((l) => l.action === 'move')).toHaveLength(16);
		expect(lines.filter((l) => l.action === 'create' && l.entity === 'team')).toHaveLength(1);
	});

	it('splits 60 into three of 20, avoiding names already taken', async () => {
		const a = await coopWith(60, 'Gamma');
		const c = await makeCohort(db);
		await db.insert(team).values({ cohortId: c.id, name: 'Gamma 2' });
		const big = await oneTeam(c.id, 'Gamma', [a.people]);
		const { teams } = await splitTeam({ db }, coordinator, big.id);
		expect(teams.map((t) => [t.name, t.members])).toEqual([
			['Gamma', 20],
			['Gamma 3', 20],
			['Gamma 4', 20]
		]);
	});

	it('is refused for a team within the limit, and to anyone but a coordinator', async () => {
		const a = await coopWith(25);
		const c = await makeCohort(db);
		const t = await oneTeam(c.id, 'Justo', [a.people]);
		await expect(splitTeam({ db }, coordinator, t.id)).rejects.toMatchObject({
			fields: { team: 'not_large' }
		});
		const facilitator = await makeActor(db, 'facilitator', { cohortId: c.id });
		await expect(splitTeam({ db }, facilitator, t.id)).rejects.toMatchObject({
			code: 'forbidden'
		});
		expect((await db.select().from(team).where(eq(team.cohortId, c.id))).length).toBe(1);
	});
});

describe('withdrawing and enrolling again', () => {
	it('brings a withdrawn enrolment back, audited, within the capacity', async () => {
		const a = await coopWith(3);
		const c = await makeCohort(db);
		await db.update(cohort).set({ capacity: 3 }).where(eq(cohort.id, c.id));
		await enrolPeople(
			{ db },
			coordinator,
			c.id,
			a.people.map((p) => p.id)
		);
		const [e] = await db
			.select()
			.from(enrolment)
			.where(and(eq(enrolment.cohortId, c.id), eq(enrolment.personId, a.people[0]!.id)));
		expect(await getEnrolment({ db }, coordinator, e!.id)).toMatchObject({
			name: `${a.people[0]!.givenNames} ${a.people[0]!.surnames}`,
			cohort: c.name,
			status: 'active'
		});
		// Only an active enrolment can be withdrawn, only a withdrawn one brought back.
		await expect(reenrolEnrolment({ db }, coordinator, e!.id)).rejects.toMatchObject({
			code: 'conflict'
		});
		await withdrawEnrolment({ db }, coordinator, e!.id);
		// Its place was taken meanwhile: refused, nothing changes.
		const other = await makePerson(db, a.coop.id);
		await enrolPeople({ db }, coordinator, c.id, [other.id]);
		await expect(reenrolEnrolment({ db }, coordinator, e!.id)).rejects.toMatchObject({
			fields: { personIds: 'capacity_full' }
		});
		await db.update(cohort).set({ capacity: 4 }).where(eq(cohort.id, c.id));
		const facilitator = await makeActor(db, 'facilitator', { cohortId: c.id });
		await expect(reenrolEnrolment({ db }, facilitator, e!.id)).rejects.toMatchObject({
			code: 'forbidden'
		});
		await expect(getEnrolment({ db }, facilitator, e!.id)).rejects.toMatchObject({
			code: 'forbidden'
		});

		expect(await reenrolEnrolment({ db }, coordinator, e!.id)).toEqual({
			cohortId: c.id,
			personId: a.people[0]!.id
		});
		const [back] = await db.select().from(enrolment).where(eq(enrolment.id, e!.id));
		expect(back!.status).toBe('active');
		const actions = (
			await db
				.select({ action: auditLog.action, changes: auditLog.changes })
				.from(auditLog)
				.where(and(eq(auditLog.entity, 'enrolment'), eq(auditLog.entityId, e!.id)))
				.orderBy(auditLog.at)
		).map((l) => [l.action, (l.changes as { status?: unknown }).status ?? null]);
		expect(actions).toEqual([
			['enrol', null],
			['withdraw', { from: 'active', to: 'withdrawn' }],
			['enrol', { from: 'withdrawn', to: 'active' }]
		]);
	});
});
