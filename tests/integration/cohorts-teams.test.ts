import { and, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../../src/lib/server/access/guard';
import { loadActor } from '../../src/lib/server/access/load-actor';
import { listHistory } from '../../src/lib/server/audit/list-history';
import type { Db, DbHandle } from '../../src/lib/server/db/client';
import { auditLog, cohort, enrolment, team } from '../../src/lib/server/db/schema';
import {
	enrolCooperative,
	enrolPeople,
	withdrawEnrolment
} from '../../src/lib/server/cohorts/enrol';
import { assignFacilitator, removeFacilitator } from '../../src/lib/server/cohorts/facilitators';
import { getCohort } from '../../src/lib/server/cohorts/get-cohort';
import { getTeam } from '../../src/lib/server/cohorts/get-team';
import { createCohort, updateCohort } from '../../src/lib/server/cohorts/save-cohort';
import { createProgramme } from '../../src/lib/server/cohorts/save-programme';
import {
	createTeam,
	deleteTeam,
	formTeams,
	moveMember,
	renameTeam
} from '../../src/lib/server/cohorts/teams';
import { createTestDb } from '../helpers/db';
import { makeActor, makeCooperative, makeFederation, makePerson } from '../factories/org';

let handle: DbHandle;
let db: Db;
let coordinator: Actor;
let programmeId: string;

beforeAll(async () => {
	handle = await createTestDb();
	db = handle.db;
	coordinator = await makeActor(db, 'coordinator');
	({ id: programmeId } = await createProgramme({ db }, coordinator, {
		name: 'Fortalecimiento 2027',
		startsOn: '2027-01-01',
		endsOn: '2027-12-31'
	}));
});
afterAll(() => handle.close());

const newCohort = async (over: Record<string, unknown> = {}) =>
	createCohort({ db }, coordinator, {
		programmeId,
		name: `Cohorte ${Math.random().toString(36).slice(2, 7)}`,
		startsOn: '2027-03-01',
		endsOn: '2027-06-30',
		capacity: '',
		courses: ['think-coop'],
		...over
	});

async function coopWith(members: number, name = `Coop ${Math.random().toString(36).slice(2, 7)}`) {
	const fed = await makeFederation(db);
	const coop = await makeCooperative(db, fed.id, name);
	const people = [];
	for (let i = 0; i < members; i++) people.push(await makePerson(db, coop.id));
	return { fed, coop, people };
}

const teamSizes = async (cohortId: string) =>
	(
		await db
			.select({ name: team.name, n: sql<number>`count(${enrolment.id})::int` })
			.from(team)
			.leftJoin(enrolment, and(eq(enrolment.teamId, team.id), eq(enrolment.status, 'active')))
			.where(eq(team.cohortId, cohortId))
			.groupBy(team.id, team.name)
			.orderBy(team.name)
	).map((t) => [t.name, t.n]);

describe('programmes and cohorts', () => {
	it('validate dates, capacity and courses, writing nothing on error', async () => {
		const before = (await db.select({ n: sql<number>`count(*)::int` }).from(cohort))[0]!.n;
		await expect(
			newCohort({ startsOn: '2027-06-30', endsOn: '2027-03-01', capacity: '0', courses: [] })
		).rejects.toMatchObject({
			code: 'invalid_input',
			fields: { endsOn: 'before_start', capacity: 'invalid_number', courses: 'required' }
		});
		await expect(newCohort({ courses: ['moodle'] })).rejects.toMatchObject({
			fields: { courses: 'invalid' }
		});
		await expect(
			createProgramme({ db }, coordinator, {
				name: 'X',
				startsOn: '2027-05-01',
				endsOn: '2027-01-01'
			})
		).rejects.toMatchObject({ fields: { endsOn: 'before_start' } });
		expect((await db.select({ n: sql<number>`count(*)::int` }).from(cohort))[0]!.n).toBe(before);
		const facilitator = await makeActor(db, 'facilitator', { cohortId: (await newCohort()).id });
		await expect(
			createCohort({ db }, facilitator, { programmeId, name: 'x' })
		).rejects.toMatchObject({ code: 'forbidden' });
	});

	it('get facilitators through a cohort-scoped role', async () => {
		const { id } = await newCohort();
		const other = await makeActor(db, 'facilitator', { cohortId: (await newCohort()).id });
		const [u] = await db
			.execute<{ username: string }>(sql`select username from "user" where id = ${other.userId}`)
			.then((r) => r.rows);
		await assignFacilitator({ db }, coordinator, id, u!.username.toUpperCase());
		const reloaded = (await loadActor(db, other.userId))!;
		expect(reloaded.grants.filter((g) => g.cohortId === id)).toHaveLength(1);
		expect((await getCohort({ db }, reloaded, id)).facilitators.map((f) => f.username)).toEqual([
			u!.username
		]);
		await expect(assignFacilitator({ db }, coordinator, id, u!.username)).rejects.toMatchObject({
			fields: { username: 'already_facilitator' }
		});
		await expect(assignFacilitator({ db }, coordinator, id, 'nadie')).rejects.toMatchObject({
			fields: { username: 'unknown_user' }
		});
		await removeFacilitator({ db }, coordinator, id, other.userId);
		await expect(getCohort({ db }, (await loadActor(db, other.userId))!, id)).rejects.toMatchObject(
			{
				code: 'forbidden'
			}
		);
		const history = await listHistory({ db }, coordinator, { entity: 'cohort', id });
		expect(history.map((h) => h.action)).toEqual([
			'facilitator_removed',
			'facilitator_added',
			'create'
		]);
	});
});

describe('enrolments', () => {
	it('enrol a whole cooperative, within the capacity, and withdraw', async () => {
		const { coop, people } = await coopWith(4);
		const { id } = await newCohort({ capacity: '5' });
		expect(await enrolCooperative({ db }, coordinator, id, coop.id)).toEqual({
			added: 4,
			reactivated: 0,
			already: 0
		});
		// Enrolling again changes nothing.
		expect(await enrolCooperative({ db }, coordinator, id, coop.id)).toMatchObject({
			added: 0,
			already: 4
		});
		const extra = await coopWith(2);
		await expect(
			enrolPeople(
				{ db },
				coordinator,
				id,
				extra.people.map((p) => p.id)
			)
		).rejects.toMatchObject({ fields: { personIds: 'capacity_full' } });
		expect((await getCohort({ db }, coordinator, id)).enrolled).toBe(4);

		const [e] = await db
			.select()
			.from(enrolment)
			.where(and(eq(enrolment.cohortId, id), eq(enrolment.personId, people[0]!.id)));
		await withdrawEnrolment({ db }, coordinator, e!.id);
		await expect(withdrawEnrolment({ db }, coordinator, e!.id)).rejects.toMatchObject({
			code: 'conflict'
		});
		// The freed place can be taken; the withdrawn member can come back when there is room.
		expect(
			await enrolPeople(
				{ db },
				coordinator,
				id,
				extra.people.map((p) => p.id)
			)
		).toMatchObject({ added: 2 });
		await expect(enrolPeople({ db }, coordinator, id, [people[0]!.id])).rejects.toMatchObject({
			fields: { personIds: 'capacity_full' }
		});
		await updateCohort({ db }, coordinator, id, {
			programmeId,
			name: 'Más cupos',
			startsOn: '2027-03-01',
			endsOn: '2027-06-30',
			capacity: '10',
			courses: ['think-coop', 'start-coop']
		});
		expect(await enrolPeople({ db }, coordinator, id, [people[0]!.id])).toMatchObject({
			reactivated: 1
		});
		await expect(
			updateCohort({ db }, coordinator, id, {
				programmeId,
				name: 'Menos',
				startsOn: '2027-03-01',
				endsOn: '2027-06-30',
				capacity: '2',
				courses: ['think-coop']
			})
		).rejects.toMatchObject({ fields: { capacity: 'below_enrolled' } });

		const actions = (
			await db
				.select({ action: auditLog.action })
				.from(auditLog)
				.where(and(eq(auditLog.entity, 'enrolment'), eq(auditLog.entityId, e!.id)))
				.orderBy(auditLog.at)
		).map((a) => a.action);
		expect(actions).toEqual(['enrol', 'withdraw', 'enrol']);
		const history = await listHistory({ db }, coordinator, { entity: 'person', id: people[0]!.id });
		expect(history.filter((h) => h.entity === 'enrolment')).toHaveLength(3);
	});

	it('may be managed only by coordinators', async () => {
		const { coop } = await coopWith(1);
		const { id } = await newCohort();
		const facilitator = await makeActor(db, 'facilitator', { cohortId: id });
		await expect(enrolCooperative({ db }, facilitator, id, coop.id)).rejects.toMatchObject({
			code: 'forbidden'
		});
	});
});

describe('teams', () => {
	it('are formed one per cooperative, split evenly above 25, and forming again changes nothing', async () => {
		const a = await coopWith(60, 'Alfa Unificada');
		const b = await coopWith(4, 'Beta Nueva');
		const { id } = await newCohort();
		await enrolCooperative({ db }, coordinator, id, a.coop.id);
		await enrolCooperative({ db }, coordinator, id, b.coop.id);
		expect(await formTeams({ db }, coordinator, id)).toEqual({
			teamsCreated: 4,
			membersAssigned: 64
		});
		expect(await teamSizes(id)).toEqual([
			[`${a.coop.name} 1`, 20],
			[`${a.coop.name} 2`, 20],
			[`${a.coop.name} 3`, 20],
			[b.coop.name, 4]
		]);
		expect(await formTeams({ db }, coordinator, id)).toEqual({
			teamsCreated: 0,
			membersAssigned: 0
		});
		// A late member joins their cooperative's team.
		const late = await makePerson(db, b.coop.id);
		await enrolPeople({ db }, coordinator, id, [late.id]);
		expect(await formTeams({ db }, coordinator, id)).toEqual({
			teamsCreated: 0,
			membersAssigned: 1
		});
		expect((await teamSizes(id)).at(-1)).toEqual([b.coop.name, 5]);
		const details = await getCohort({ db }, coordinator, id);
		expect(details.withoutTeam).toBe(0);
		expect(details.teams.every((t) => t.size === 'ok')).toBe(true);
	});

	it('keep 3 to 25 members when members move', async () => {
		const a = await coopWith(25);
		const b = await coopWith(3);
		const c = await coopWith(2);
		const { id } = await newCohort();
		for (const x of [a, b, c]) await enrolCooperative({ db }, coordinator, id, x.coop.id);
		await formTeams({ db }, coordinator, id);
		const teams = await db.select().from(team).where(eq(team.cohortId, id));
		const teamOf = (coopId: string) => teams.find((t) => t.cooperativeId === coopId)!;
		const memberOf = async (teamId: string) =>
			(await db.select().from(enrolment).where(eq(enrolment.teamId, teamId)))[0]!;

		// Into a full team: refused.
		await expect(
			moveMember(
				{ db },
				coordinator,
				(await memberOf(teamOf(b.coop.id).id)).id,
				teamOf(a.coop.id).id
			)
		).rejects.toMatchObject({ fields: { teamId: 'target_full' } });
		// Out of a team of 3: refused, it would drop below the minimum.
		await expect(
			moveMember(
				{ db },
				coordinator,
				(await memberOf(teamOf(b.coop.id).id)).id,
				teamOf(c.coop.id).id
			)
		).rejects.toMatchObject({ fields: { teamId: 'source_too_small' } });
		// A team already too small may be emptied into another.
		const small = teamOf(c.coop.id);
		const cMembers = await db.select().from(enrolment).where(eq(enrolment.teamId, small.id));
		const view = await getTeam({ db }, coordinator, small.id);
		expect(view.size).toBe('small');
		for (const m of cMembers) await moveMember({ db }, coordinator, m.id, teamOf(b.coop.id).id);
		const merged = await getTeam({ db }, coordinator, teamOf(b.coop.id).id);
		expect(merged.members).toHaveLength(5);
		expect(merged.others.find((o) => o.id === teamOf(a.coop.id).id)?.members).toBe(25);
		await deleteTeam({ db }, coordinator, small.id);
		await expect(deleteTeam({ db }, coordinator, teamOf(b.coop.id).id)).rejects.toMatchObject({
			fields: { team: 'not_empty' }
		});
		const move = await db
			.select()
			.from(auditLog)
			.where(
				and(
					eq(auditLog.entity, 'enrolment'),
					eq(auditLog.entityId, cMembers[0]!.id),
					eq(auditLog.action, 'move')
				)
			);
		expect(move[0]!.changes).toMatchObject({ team: { from: c.coop.name, to: b.coop.name } });
	});

	it('are renamed with a unique name, and new teams start empty', async () => {
		const a = await coopWith(3);
		const { id } = await newCohort();
		await enrolCooperative({ db }, coordinator, id, a.coop.id);
		await formTeams({ db }, coordinator, id);
		const { id: extra } = await createTeam({ db }, coordinator, id, { name: 'Grupo B' });
		const [t] = await db
			.select()
			.from(team)
			.where(and(eq(team.cohortId, id), eq(team.cooperativeId, a.coop.id)));
		await expect(renameTeam({ db }, coordinator, t!.id, 'grupo b')).rejects.toMatchObject({
			fields: { name: 'taken' }
		});
		await expect(renameTeam({ db }, coordinator, t!.id, '  ')).rejects.toMatchObject({
			fields: { name: 'required' }
		});
		await renameTeam({ db }, coordinator, t!.id, 'Las Palliris');
		expect((await getTeam({ db }, coordinator, t!.id)).name).toBe('Las Palliris');
		expect((await getTeam({ db }, coordinator, extra)).members).toHaveLength(0);
		const history = await listHistory({ db }, coordinator, { entity: 'cohort', id });
		expect(history.some((h) => h.action === 'rename' && h.entity === 'team')).toBe(true);
	});
});
