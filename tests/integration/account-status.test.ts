import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../../src/lib/server/access/guard';
import { acceptInvitation, issueLink, readInvitation } from '../../src/lib/server/auth/invitations';
import { bulkInvite } from '../../src/lib/server/cohorts/bulk-invite';
import { getCohort } from '../../src/lib/server/cohorts/get-cohort';
import type { Db, DbHandle } from '../../src/lib/server/db/client';
import { getCooperative } from '../../src/lib/server/org/get-cooperative';
import { getPerson } from '../../src/lib/server/org/get-person';
import { listPeople } from '../../src/lib/server/org/list-people';
import { createTestDb } from '../helpers/db';
import {
	enrol,
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

/** A cohort with one cooperative of three enrolled members, none with an account yet. */
async function makeCohortOfThree() {
	const fed = await makeFederation(db);
	const coop = await makeCooperative(db, fed.id);
	const cohort = await makeCohort(db);
	const people = [];
	for (let i = 0; i < 3; i++) {
		const p = await makePerson(db, coop.id);
		await enrol(db, cohort.id, p);
		people.push(p);
	}
	return { coop, cohort, people };
}

describe('an invited account', () => {
	it('shows as invited, with the date of its link, until the person chooses a password', async () => {
		const { cohort, people } = await makeCohortOfThree();
		const [a, b] = people;
		const may1 = () => new Date('2026-05-01T15:00:00Z');
		const link = await issueLink({ db, now: may1 }, coordinator, a!.id);

		const person = await getPerson({ db }, coordinator, a!.id);
		expect(person).toMatchObject({ account: 'invited', invitedAt: '2026-05-01T15:00:00.000Z' });
		// Still someone a new link is offered for.
		expect(person.can.reset).toBe(true);
		const list = async (account?: string) =>
			(
				await listPeople({ db }, coordinator, {
					filters: { cohort: cohort.id, ...(account ? { account } : {}) }
				})
			).rows;
		const row = (await list()).find((r) => r.id === a!.id)!;
		expect(row).toMatchObject({ account: 'invited', invitedAt: '2026-05-01T15:00:00.000Z' });
		expect((await list()).find((r) => r.id === b!.id)).toMatchObject({
			account: 'none',
			invitedAt: null
		});
		expect((await list('invited')).map((r) => r.id)).toEqual([a!.id]);
		expect(await list('yes')).toEqual([]);
		expect((await list('no')).map((r) => r.id).sort()).toEqual(
			people
				.slice(1)
				.map((p) => p.id)
				.sort()
		);
		// The cohort counts it apart: neither without an account nor signed in.
		expect(await getCohort({ db }, coordinator, cohort.id)).toMatchObject({
			withoutAccount: 2,
			invited: 1
		});
		expect(await getCooperative({ db }, coordinator, a!.cooperativeId!)).toMatchObject({
			withAccount: 0,
			invited: 1
		});

		await acceptInvitation(
			{ db, now: may1 },
			{ token: link.token, password: 'clave-segura-1', confirm: 'clave-segura-1' }
		);
		expect(await getPerson({ db }, coordinator, a!.id)).toMatchObject({
			account: 'active',
			invitedAt: null
		});
		expect((await list('yes')).map((r) => r.id)).toEqual([a!.id]);
		expect(await list('invited')).toEqual([]);
		expect(await getCohort({ db }, coordinator, cohort.id)).toMatchObject({
			withoutAccount: 2,
			invited: 0
		});
		expect(await getCooperative({ db }, coordinator, a!.cooperativeId!)).toMatchObject({
			withAccount: 1,
			invited: 0
		});
	});

	it('gets a new link from the cohort, which ends the old one; members who came in do not', async () => {
		const { coop, cohort, people } = await makeCohortOfThree();
		const first = await bulkInvite({ db }, coordinator, { cohortId: cohort.id });
		expect(first.links).toHaveLength(3);
		const [came, waiting, other] = first.links;
		await acceptInvitation(
			{ db },
			{ token: came!.token, password: 'clave-segura-1', confirm: 'clave-segura-1' }
		);
		// Inviting again creates nothing: everyone has an account.
		expect(await bulkInvite({ db }, coordinator, { cohortId: cohort.id })).toEqual({
			links: [],
			skipped: []
		});

		const again = await bulkInvite({ db }, coordinator, {
			cohortId: cohort.id,
			cooperativeId: coop.id,
			resend: true
		});
		expect(again.skipped).toEqual([]);
		expect(again.links.map((l) => l.personId).sort()).toEqual(
			[waiting!.personId, other!.personId].sort()
		);
		expect(again.links.map((l) => l.username).sort()).toEqual(
			[waiting!.username, other!.username].sort()
		);
		for (const old of [waiting!, other!])
			await expect(readInvitation({ db }, old.token)).rejects.toMatchObject({
				code: 'link_invalid'
			});
		for (const l of again.links)
			await expect(readInvitation({ db }, l.token)).resolves.toMatchObject({ purpose: 'invite' });
		expect(people.map((p) => p.id)).toContain(came!.personId);
		expect(await getCohort({ db }, coordinator, cohort.id)).toMatchObject({
			withoutAccount: 0,
			invited: 2
		});

		// Only those who may invite may send them.
		const facilitator = await makeActor(db, 'facilitator', { cohortId: cohort.id });
		await expect(
			bulkInvite({ db }, facilitator, { cohortId: cohort.id, resend: true })
		).rejects.toMatchObject({ code: 'forbidden' });
	});
});
