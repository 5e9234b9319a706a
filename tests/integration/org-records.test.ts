import { and, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../../src/lib/server/access/guard';
import { listHistory } from '../../src/lib/server/audit/list-history';
import type { Db, DbHandle } from '../../src/lib/server/db/client';
import { auditLog, cooperative, federation, person } from '../../src/lib/server/db/schema';
import { createCooperative, updateCooperative } from '../../src/lib/server/org/save-cooperative';
import { createFederation, updateFederation } from '../../src/lib/server/org/save-federation';
import { createPerson, updatePerson } from '../../src/lib/server/org/save-person';
import { getPerson } from '../../src/lib/server/org/get-person';
import { getFederation } from '../../src/lib/server/org/get-federation';
import { getCooperative } from '../../src/lib/server/org/get-cooperative';
import { createTestDb } from '../helpers/db';
import { makeActor, makeWorld } from '../factories/org';

let handle: DbHandle;
let db: Db;
let coordinator: Actor;
let w: Awaited<ReturnType<typeof makeWorld>>;
// A fixed day, so "adult" does not drift with the calendar.
const now = () => new Date('2026-05-01T15:00:00Z');

beforeAll(async () => {
	handle = await createTestDb();
	db = handle.db;
	w = await makeWorld(db);
	coordinator = await makeActor(db, 'coordinator');
});
afterAll(() => handle.close());

const count = async (table: typeof federation | typeof cooperative | typeof person) =>
	(await db.select({ n: sql<number>`count(*)::int` }).from(table))[0]!.n;
const auditFor = (entity: string, id: string) =>
	db
		.select()
		.from(auditLog)
		.where(and(eq(auditLog.entity, entity), eq(auditLog.entityId, id)))
		.orderBy(auditLog.at);

const fedInput = {
	name: 'Federación Departamental de Cooperativas Mineras de Potosí',
	shortName: 'FEDECOMIN Potosí',
	level: 'departmental',
	department: 'PT'
};

describe('federations', () => {
	it('are created with an audit line', async () => {
		const { id } = await createFederation({ db }, coordinator, fedInput);
		const [row] = await db.select().from(federation).where(eq(federation.id, id));
		expect(row).toMatchObject({ shortName: 'FEDECOMIN Potosí', level: 'departmental' });
		const audit = await auditFor('federation', id);
		expect(audit).toHaveLength(1);
		expect(audit[0]).toMatchObject({ action: 'create', actorUserId: coordinator.userId });
	});

	it('refuse bad input with a code per field, writing nothing', async () => {
		const before = await count(federation);
		await expect(
			createFederation({ db }, coordinator, { name: '', shortName: 'x', level: 'departmental' })
		).rejects.toMatchObject({
			code: 'invalid_input',
			fields: { name: 'required', department: 'required' }
		});
		// Short names are unique whatever their case.
		await expect(
			createFederation({ db }, coordinator, { ...fedInput, shortName: 'fedecomin potosí' })
		).rejects.toMatchObject({ code: 'invalid_input', fields: { shortName: 'taken' } });
		expect(await count(federation)).toBe(before);
	});

	it('record only the fields that changed', async () => {
		const { id } = await createFederation({ db }, coordinator, {
			...fedInput,
			shortName: 'FERRECO-2'
		});
		await updateFederation({ db }, coordinator, id, {
			...fedInput,
			shortName: 'FERRECO-2',
			level: 'regional'
		});
		const audit = await auditFor('federation', id);
		expect(audit.at(-1)).toMatchObject({
			action: 'update',
			changes: { level: { from: 'departmental', to: 'regional' } }
		});
		expect(Object.keys(audit.at(-1)!.changes!)).toEqual(['level']);
	});

	it('show their cooperatives and people, to coordinators and their own focal point', async () => {
		const focal = await makeActor(db, 'federation_focal_point', { federationId: w.fed1.id });
		expect(await getFederation({ db }, focal, w.fed1.id)).toMatchObject({
			cooperatives: 1,
			people: 2,
			canEdit: false
		});
		expect((await getFederation({ db }, coordinator, w.fed2.id)).canEdit).toBe(true);
		await expect(getFederation({ db }, focal, w.fed2.id)).rejects.toMatchObject({
			code: 'forbidden'
		});
	});

	it('may be managed only by coordinators', async () => {
		const lead = await makeActor(db, 'cooperative_lead', { cooperativeId: w.coop1.id });
		await expect(
			createFederation({ db }, lead, { ...fedInput, shortName: 'Z' })
		).rejects.toMatchObject({
			code: 'forbidden'
		});
		await expect(createFederation({ db }, null, fedInput)).rejects.toMatchObject({
			code: 'unauthenticated'
		});
	});
});

describe('cooperatives', () => {
	const coopInput = () => ({
		name: 'Cooperativa Minera Siglo XX Ltda.',
		shortName: 'Siglo XX',
		registryNumber: 'rec-pt 0999',
		federationId: w.fed1.id,
		minerals: ['tin', 'silver'],
		department: 'PT',
		municipality: 'Llallagua',
		membersWomen: '40',
		membersMen: '300',
		miningContract: 'AMC-PT-12/2019',
		status: 'active'
	});

	it('are created with a normalised, unique registry number', async () => {
		const { id } = await createCooperative({ db }, coordinator, coopInput());
		const [row] = await db.select().from(cooperative).where(eq(cooperative.id, id));
		expect(row).toMatchObject({
			registryNumber: 'REC-PT0999',
			minerals: ['tin', 'silver'],
			membersWomen: 40,
			membersMen: 300
		});
		const before = await count(cooperative);
		await expect(
			createCooperative({ db }, coordinator, {
				...coopInput(),
				name: 'Otra',
				registryNumber: 'REC-PT0999'
			})
		).rejects.toMatchObject({ fields: { registryNumber: 'taken' } });
		expect(await count(cooperative)).toBe(before);
	});

	it('refuse unknown minerals, departments, federations and negative counts', async () => {
		await expect(
			createCooperative({ db }, coordinator, {
				...coopInput(),
				registryNumber: '',
				minerals: ['gold', 'uranium'],
				department: 'XX',
				membersMen: '-3'
			})
		).rejects.toMatchObject({
			fields: { minerals: 'invalid', department: 'required', membersMen: 'invalid_number' }
		});
		await expect(
			createCooperative({ db }, coordinator, {
				...coopInput(),
				registryNumber: '',
				federationId: '00000000-0000-4000-8000-000000000000'
			})
		).rejects.toMatchObject({ fields: { federationId: 'not_found' } });
	});

	it('show their members in Minka to those who follow them', async () => {
		const facilitator = await makeActor(db, 'facilitator', { cohortId: w.cohortA.id });
		const seen = await getCooperative({ db }, facilitator, w.coop1.id);
		expect(seen).toMatchObject({ people: 2, canEdit: false, canInvite: false });
		expect(seen.cohorts).toEqual([{ id: w.cohortA.id, name: w.cohortA.name, enrolled: 2 }]);
		await expect(getCooperative({ db }, facilitator, w.coop2.id)).rejects.toMatchObject({
			code: 'forbidden'
		});
		await expect(
			getCooperative({ db }, coordinator, '00000000-0000-4000-8000-000000000000')
		).rejects.toMatchObject({ code: 'not_found' });
	});

	it('audit updates field by field', async () => {
		const { id } = await createCooperative({ db }, coordinator, {
			...coopInput(),
			registryNumber: 'REC-PT-7'
		});
		await updateCooperative({ db }, coordinator, id, {
			...coopInput(),
			registryNumber: 'REC-PT-7',
			minerals: ['tin'],
			status: 'inactive'
		});
		const audit = await auditFor('cooperative', id);
		expect(audit.at(-1)!.changes).toEqual({
			minerals: { from: ['tin', 'silver'], to: ['tin'] },
			status: { from: 'active', to: 'inactive' }
		});
		// A registry number may stay the same on edit, but not take another's.
		await expect(
			updateCooperative({ db }, coordinator, id, { ...coopInput(), registryNumber: 'REC-PT0999' })
		).rejects.toMatchObject({ fields: { registryNumber: 'taken' } });
	});
});

describe('people', () => {
	const personInput = () => ({
		givenNames: 'Domitila',
		surnames: 'Chungara Barrios',
		ciNumber: '4 567 890',
		ciExtension: 'PT',
		sex: 'F',
		birthDate: '1980-05-07',
		phone: '7123 4567',
		cooperativeId: w.coop1.id,
		roleInCooperative: 'Palliri'
	});

	it('are created with a normalised CI and phone', async () => {
		const { id } = await createPerson({ db, now }, coordinator, personInput());
		const [row] = await db.select().from(person).where(eq(person.id, id));
		expect(row).toMatchObject({ ciNumber: '4567890', phone: '+59171234567', sex: 'F' });
		expect(await auditFor('person', id)).toHaveLength(1);
	});

	it('must be adults, with a unique CI and a Bolivian phone', async () => {
		const before = await count(person);
		await expect(
			createPerson({ db, now }, coordinator, {
				...personInput(),
				ciNumber: '4567890',
				birthDate: '2008-05-02',
				phone: '12345'
			})
		).rejects.toMatchObject({
			code: 'invalid_input',
			fields: { birthDate: 'minor', phone: 'invalid_phone' }
		});
		// Eighteen the day before: allowed. The CI is then the problem.
		await expect(
			createPerson({ db, now }, coordinator, { ...personInput(), birthDate: '2008-05-01' })
		).rejects.toMatchObject({ fields: { ciNumber: 'taken' } });
		await expect(
			createPerson({ db, now }, coordinator, {
				...personInput(),
				ciNumber: 'ABC',
				birthDate: '2030-01-01',
				givenNames: ' ',
				sex: ''
			})
		).rejects.toMatchObject({
			fields: {
				ciNumber: 'invalid_ci',
				birthDate: 'future',
				givenNames: 'required',
				sex: 'required'
			}
		});
		expect(await count(person)).toBe(before);
	});

	it('edits are audited and visible in the History of coordinators only', async () => {
		const { id } = await createPerson({ db, now }, coordinator, {
			...personInput(),
			ciNumber: '5550001'
		});
		await updatePerson({ db, now }, coordinator, id, {
			...personInput(),
			ciNumber: '5550001',
			roleInCooperative: 'Tesorera'
		});
		const history = await listHistory({ db }, coordinator, { entity: 'person', id });
		expect(history.map((h) => h.action)).toEqual(['update', 'create']);
		expect(history[0]).toMatchObject({
			who: expect.stringContaining('coordinator'),
			changes: { roleInCooperative: { from: 'Palliri', to: 'Tesorera' } }
		});
		const focal = await makeActor(db, 'federation_focal_point', { federationId: w.fed1.id });
		await expect(listHistory({ db }, focal, { entity: 'person', id })).rejects.toMatchObject({
			code: 'forbidden'
		});
	});

	it('show CI and phone only to roles that need them', async () => {
		const focal = await makeActor(db, 'federation_focal_point', { federationId: w.fed1.id });
		const lead = await makeActor(db, 'cooperative_lead', { cooperativeId: w.coop1.id });
		const seen = await getPerson({ db }, focal, w.p1a.id);
		expect(seen).toMatchObject({ ciNumber: null, phone: null, can: { edit: false } });
		expect((await getPerson({ db }, lead, w.p1a.id)).ciNumber).toBe(w.p1a.ciNumber);
		expect((await getPerson({ db }, coordinator, w.p1a.id)).phone).toBe(w.p1a.phone);
		await expect(getPerson({ db }, lead, w.p2a.id)).rejects.toMatchObject({ code: 'forbidden' });
	});
});
