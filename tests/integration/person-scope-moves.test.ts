// Names never cross scopes: every row (team members, enrolments and their export) is filtered by
// the scope of the person it shows, and a person who changes cooperative takes their enrolments
// and teams along, by every way a cooperative can change (the coordinator's edit, an import).
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseListQuery } from '../../src/lib/domain/list-query';
import type { Actor } from '../../src/lib/server/access/guard';
import { enrolPeople } from '../../src/lib/server/cohorts/enrol';
import { getCohort } from '../../src/lib/server/cohorts/get-cohort';
import { getTeam } from '../../src/lib/server/cohorts/get-team';
import { enrolmentListSpec, prepareEnrolments } from '../../src/lib/server/cohorts/list-enrolments';
import { formTeams, moveMember } from '../../src/lib/server/cohorts/teams';
import type { Db, DbHandle } from '../../src/lib/server/db/client';
import { auditLog, enrolment, person, team } from '../../src/lib/server/db/schema';
import { commitImport } from '../../src/lib/server/import/commit-import';
import { startImport } from '../../src/lib/server/import/start-import';
import { allRows } from '../../src/lib/server/lists/paging';
import { updatePerson } from '../../src/lib/server/org/save-person';
import { createTestDb } from '../helpers/db';
import { tableCsv } from '../helpers/member-list';
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
const now = () => new Date('2026-11-23T15:00:00Z');

beforeAll(async () => {
	handle = await createTestDb();
	db = handle.db;
	coordinator = await makeActor(db, 'coordinator');
});
afterAll(() => handle.close());

/** Two federations, a cooperative in each, with their lead and focal point. */
async function twoFederations() {
	const fed1 = await makeFederation(db);
	const fed2 = await makeFederation(db);
	const coop1 = await makeCooperative(db, fed1.id);
	const coop2 = await makeCooperative(db, fed2.id);
	return {
		fed1,
		fed2,
		coop1,
		coop2,
		lead1: await makeActor(db, 'cooperative_lead', { cooperativeId: coop1.id }),
		focal1: await makeActor(db, 'federation_focal_point', { federationId: fed1.id }),
		lead2: await makeActor(db, 'cooperative_lead', { cooperativeId: coop2.id }),
		focal2: await makeActor(db, 'federation_focal_point', { federationId: fed2.id })
	};
}

/** The person ids of every enrolment row the actor gets, from the page's list and its export. */
async function enrolledSeenBy(actor: Actor, params = '') {
	const list = prepareEnrolments(
		{ db },
		actor,
		parseListQuery(new URLSearchParams(params), enrolmentListSpec)
	);
	const rows = [];
	for await (const batch of allRows(list)) rows.push(...batch);
	return rows;
}

const enrolmentOf = async (personId: string, cohortId: string) =>
	(
		await db
			.select()
			.from(enrolment)
			.where(and(eq(enrolment.personId, personId), eq(enrolment.cohortId, cohortId)))
	)[0]!;

describe('a team page shows each member only to those who may read that person', () => {
	it('hides members of another federation from the focal point and the lead', async () => {
		const s = await twoFederations();
		const own = [];
		for (let i = 0; i < 4; i++) own.push(await makePerson(db, s.coop1.id));
		const stranger = await makePerson(db, s.coop2.id, { givenNames: 'Forastera' });
		const strangerMate = [];
		for (let i = 0; i < 3; i++) strangerMate.push(await makePerson(db, s.coop2.id));
		const c = await makeCohort(db);
		await enrolPeople(
			{ db },
			coordinator,
			c.id,
			[...own, stranger, ...strangerMate].map((p) => p.id)
		);
		await formTeams({ db }, coordinator, c.id);
		const [team1] = await db
			.select()
			.from(team)
			.where(and(eq(team.cohortId, c.id), eq(team.cooperativeId, s.coop1.id)));
		// The coordinator puts a member of federation 2 in federation 1's team.
		await moveMember({ db }, coordinator, (await enrolmentOf(stranger.id, c.id)).id, team1!.id);

		for (const who of [s.lead1, s.focal1]) {
			const seen = await getTeam({ db }, who, team1!.id);
			expect(seen.members.map((m) => m.personId).sort()).toEqual(own.map((p) => p.id).sort());
			expect(JSON.stringify(seen)).not.toContain('Forastera');
			// The team's size is still the team's: one member is not shown.
			expect(seen).toMatchObject({ count: 5, hidden: 1, size: 'ok' });
		}
		const full = await getTeam({ db }, coordinator, team1!.id);
		expect(full.members.map((m) => m.personId)).toContain(stranger.id);
		expect(full).toMatchObject({ count: 5, hidden: 0, size: 'ok' });
		// A facilitator of the cohort reads every member of it.
		const facilitator = await makeActor(db, 'facilitator', { cohortId: c.id });
		expect((await getTeam({ db }, facilitator, team1!.id)).hidden).toBe(0);
	});
});

describe('the enrolments list shows each row through the person it names', () => {
	it('not through the cooperative an enrolment remembers', async () => {
		const s = await twoFederations();
		const p = await makePerson(db, s.coop1.id);
		const c = await makeCohort(db);
		await enrolPeople({ db }, coordinator, c.id, [p.id]);
		// Data written before enrolments followed their person: the enrolment still names coop1.
		await db.update(person).set({ cooperativeId: s.coop2.id }).where(eq(person.id, p.id));
		for (const who of [s.lead1, s.focal1])
			expect((await enrolledSeenBy(who)).map((r) => r.personId)).not.toContain(p.id);
		for (const who of [s.lead2, s.focal2])
			expect((await enrolledSeenBy(who)).map((r) => r.personId)).toContain(p.id);
	});
});

describe('a person who changes cooperative leaves the old scope everywhere', () => {
	it('through the coordinator’s edit: enrolments follow, the old team is left', async () => {
		const s = await twoFederations();
		const mover = await makePerson(db, s.coop1.id, { givenNames: 'Trasladada' });
		const stay = [];
		for (let i = 0; i < 3; i++) stay.push(await makePerson(db, s.coop1.id));
		const current = await makeCohort(db);
		const past = await makeCohort(db);
		await enrolPeople(
			{ db },
			coordinator,
			current.id,
			[mover, ...stay].map((p) => p.id)
		);
		await enrolPeople({ db }, coordinator, past.id, [mover.id]);
		await formTeams({ db }, coordinator, current.id);
		const oldTeam = (await enrolmentOf(mover.id, current.id)).teamId!;
		expect((await getTeam({ db }, s.lead1, oldTeam)).members).toHaveLength(4);

		await updatePerson({ db, now }, coordinator, mover.id, {
			givenNames: mover.givenNames,
			surnames: mover.surnames,
			ciNumber: mover.ciNumber ?? '',
			ciExtension: '',
			sex: mover.sex,
			birthDate: '',
			phone: mover.phone ?? '',
			roleInCooperative: '',
			cooperativeId: s.coop2.id
		});

		// Each enrolment names the new cooperative; the active one left the old cooperative's team.
		const now1 = await enrolmentOf(mover.id, current.id);
		const now2 = await enrolmentOf(mover.id, past.id);
		expect(now1).toMatchObject({ cooperativeId: s.coop2.id, teamId: null, status: 'active' });
		expect(now2).toMatchObject({ cooperativeId: s.coop2.id });
		// The old cooperative's lead and federation's focal point see them nowhere: list, export,
		// filtered by the old cooperative, or on the team page.
		for (const who of [s.lead1, s.focal1]) {
			expect((await enrolledSeenBy(who)).map((r) => r.personId)).not.toContain(mover.id);
			expect(
				(await enrolledSeenBy(who, `cooperative=${s.coop1.id}`)).map((r) => r.personId)
			).not.toContain(mover.id);
			const page = await getTeam({ db }, who, oldTeam);
			expect(page.members.map((m) => m.personId)).not.toContain(mover.id);
			expect(page.count).toBe(3);
		}
		// The new ones do, with the new cooperative's name.
		for (const who of [s.lead2, s.focal2]) {
			const rows = (await enrolledSeenBy(who)).filter((r) => r.personId === mover.id);
			expect(rows.map((r) => r.cohortId).sort()).toEqual([current.id, past.id].sort());
			expect(rows.every((r) => r.cooperativeId === s.coop2.id)).toBe(true);
		}
		// The coordinator is told the member needs a team, and forming teams places them.
		expect((await getCohort({ db }, coordinator, current.id)).withoutTeam).toBe(1);
		await formTeams({ db }, coordinator, current.id);
		const placed = await enrolmentOf(mover.id, current.id);
		const [newTeam] = await db.select().from(team).where(eq(team.id, placed.teamId!));
		expect(newTeam!.cooperativeId).toBe(s.coop2.id);
		// Recorded on the enrolment.
		const [line] = await db
			.select()
			.from(auditLog)
			.where(
				and(
					eq(auditLog.entity, 'enrolment'),
					eq(auditLog.entityId, now1.id),
					eq(auditLog.action, 'update')
				)
			);
		expect(line!.changes).toMatchObject({
			cooperativeId: { from: s.coop1.id, to: s.coop2.id },
			teamId: { from: oldTeam, to: null }
		});
	});

	it('a member of a team made for no cooperative stays in it', async () => {
		const s = await twoFederations();
		const people = [];
		for (let i = 0; i < 3; i++) people.push(await makePerson(db, s.coop1.id));
		const c = await makeCohort(db);
		await enrolPeople(
			{ db },
			coordinator,
			c.id,
			people.map((p) => p.id)
		);
		const [mixed] = await db
			.insert(team)
			.values({ cohortId: c.id, name: 'Mixto', cooperativeId: null })
			.returning();
		await db.update(enrolment).set({ teamId: mixed!.id }).where(eq(enrolment.cohortId, c.id));
		await updatePerson({ db, now }, coordinator, people[0]!.id, {
			givenNames: people[0]!.givenNames,
			surnames: people[0]!.surnames,
			sex: people[0]!.sex,
			cooperativeId: s.coop2.id
		});
		expect(await enrolmentOf(people[0]!.id, c.id)).toMatchObject({
			cooperativeId: s.coop2.id,
			teamId: mixed!.id
		});
	});

	it('through an import in one cohort: enrolments in other cohorts follow too', async () => {
		const fed1 = await makeFederation(db);
		const fed2 = await makeFederation(db);
		const coop1 = await makeCooperative(db, fed1.id, 'Cooperativa Minera Kami Ltda.');
		const coop2 = await makeCooperative(db, fed2.id, 'Cooperativa Minera Colquiri Ltda.');
		const lead1 = await makeActor(db, 'cooperative_lead', { cooperativeId: coop1.id });
		const focal1 = await makeActor(db, 'federation_focal_point', { federationId: fed1.id });
		const mover = await makePerson(db, coop1.id, {
			givenNames: 'Justina',
			surnames: 'Colque Yujra',
			sex: 'F',
			ciNumber: '7711223'
		});
		const mates = [];
		for (let i = 0; i < 3; i++) mates.push(await makePerson(db, coop1.id));
		const earlier = await makeCohort(db);
		await enrolPeople(
			{ db },
			coordinator,
			earlier.id,
			[mover, ...mates].map((p) => p.id)
		);
		await formTeams({ db }, coordinator, earlier.id);
		const oldTeam = (await enrolmentOf(mover.id, earlier.id)).teamId!;

		const later = await makeCohort(db);
		const csv = tableCsv([
			['NOMBRES Y APELLIDOS', 'C.I.', 'SEXO', 'COOPERATIVA'],
			['Justina Colque Yujra', '7711223', 'F', 'Coop. Colquiri']
		]);
		const { batchId } = await startImport({ db, now }, coordinator, {
			cohortId: later.id,
			fileName: 'lista.csv',
			bytes: new TextEncoder().encode(csv)
		});
		await commitImport({ db, now }, coordinator, { cohortId: later.id, batchId });

		const [after] = await db.select().from(person).where(eq(person.id, mover.id));
		expect(after!.cooperativeId).toBe(coop2.id);
		expect(await enrolmentOf(mover.id, earlier.id)).toMatchObject({
			cooperativeId: coop2.id,
			teamId: null
		});
		expect((await enrolmentOf(mover.id, later.id)).cooperativeId).toBe(coop2.id);
		for (const who of [lead1, focal1]) {
			expect((await enrolledSeenBy(who)).map((r) => r.personId)).not.toContain(mover.id);
			expect((await getTeam({ db }, who, oldTeam)).members.map((m) => m.personId)).not.toContain(
				mover.id
			);
		}
		const [line] = await db
			.select()
			.from(auditLog)
			.where(
				and(
					eq(auditLog.entity, 'enrolment'),
					eq(auditLog.entityId, (await enrolmentOf(mover.id, earlier.id)).id),
					eq(auditLog.action, 'update')
				)
			);
		expect(line).toMatchObject({
			actorUserId: coordinator.userId,
			changes: { via: 'web', batchId, cooperativeId: { from: coop1.id, to: coop2.id } }
		});
	});
});
