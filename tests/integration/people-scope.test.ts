import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db, DbHandle } from '../../src/lib/server/db/client';
import { listPeople } from '../../src/lib/server/org/list-people';
import { createTestDb } from '../helpers/db';
import { makeActor, makePerson, makeWorld } from '../factories/org';

let handle: DbHandle;
let db: Db;
let w: Awaited<ReturnType<typeof makeWorld>>;

beforeAll(async () => {
	handle = await createTestDb();
	db = handle.db;
	w = await makeWorld(db);
});
afterAll(() => handle.close());

const names = async (actor: Parameters<typeof listPeople>[1], q?: string) =>
	(await listPeople({ db }, actor, { q })).rows.map((r) => r.id).sort();

describe('people lists follow scope', () => {
	it('coordinator sees everyone, with contacts', async () => {
		const actor = await makeActor(db, 'coordinator');
		expect(await names(actor)).toEqual([w.p1a.id, w.p1b.id, w.p2a.id, w.p2b.id].sort());
		const page = await listPeople({ db }, actor, {});
		expect(page.rows.every((r) => r.phone !== null && r.canInvite)).toBe(true);
	});

	it('federation focal point sees only its federation, without contacts', async () => {
		const actor = await makeActor(db, 'federation_focal_point', { federationId: w.fed1.id });
		expect(await names(actor)).toEqual([w.p1a.id, w.p1b.id].sort());
		const page = await listPeople({ db }, actor, {});
		expect(page.rows.every((r) => r.phone === null && !r.canInvite && !r.canReset)).toBe(true);
	});

	it('facilitator sees only the people of their cohort', async () => {
		const actor = await makeActor(db, 'facilitator', { cohortId: w.cohortB.id });
		expect(await names(actor)).toEqual([w.p2a.id, w.p2b.id].sort());
	});

	it('cooperative lead sees only their cooperative', async () => {
		const actor = await makeActor(db, 'cooperative_lead', { cooperativeId: w.coop2.id });
		expect(await names(actor)).toEqual([w.p2a.id, w.p2b.id].sort());
	});

	it('participant may not list people', async () => {
		const actor = await makeActor(db, 'participant', { personId: w.p1a.id });
		await expect(listPeople({ db }, actor, {})).rejects.toMatchObject({ code: 'forbidden' });
	});

	it('searches without regard to accents or case', async () => {
		const p = await makePerson(db, w.coop1.id, { givenNames: 'Ñusta', surnames: 'Mamaní Flores' });
		const actor = await makeActor(db, 'coordinator');
		expect(await names(actor, 'nusta mamani')).toEqual([p.id]);
		expect(await names(actor, 'ÑUSTA')).toEqual([p.id]);
		expect(await names(actor, '%')).toEqual([]);
	});
});
