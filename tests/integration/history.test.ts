// The History of a record, as a coordinator reads it: every line in their language, naming the
// people and records it is about, with imports and bulk invitations in the cohort's History.
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../../src/lib/server/access/guard';
import { listHistory, type HistoryEntry } from '../../src/lib/server/audit/list-history';
import { issueLink } from '../../src/lib/server/auth/invitations';
import { bulkInvite } from '../../src/lib/server/cohorts/bulk-invite';
import { enrolPeople, withdrawEnrolment } from '../../src/lib/server/cohorts/enrol';
import { formTeams, moveMember, createTeam } from '../../src/lib/server/cohorts/teams';
import type { Db, DbHandle } from '../../src/lib/server/db/client';
import { auditLog, enrolment } from '../../src/lib/server/db/schema';
import { commitImport } from '../../src/lib/server/import/commit-import';
import { startImport } from '../../src/lib/server/import/start-import';
import { systemActor } from '../../src/lib/server/import/system-actor';
import { updateCooperative } from '../../src/lib/server/org/save-cooperative';
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

const uuid = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i;
/** What a reader sees: the title, then "label: value" lines. */
const shown = (entries: HistoryEntry[]) =>
	entries.map((e) => [e.title, ...e.details.map((d) => `${d.label}: ${d.value}`)]);
/** No id, no stored code, no field name the reader does not speak. */
function expectReadable(entries: HistoryEntry[]) {
	for (const line of shown(entries).flat()) {
		expect(line).not.toMatch(uuid);
		expect(line).not.toMatch(
			/\b(active|withdrawn|inactive|participant|cooperativeId|teamId|status|roles)\b/
		);
	}
}

describe('a cohort’s History', () => {
	it('names the person enrolled, withdrawn or moved, with translated fields and values', async () => {
		const fed = await makeFederation(db);
		const coop = await makeCooperative(db, fed.id, 'Cooperativa Minera Siglo XX');
		const ana = await makePerson(db, coop.id, { givenNames: 'Ana', surnames: 'Quispe Mamani' });
		const others = [
			await makePerson(db, coop.id),
			await makePerson(db, coop.id),
			await makePerson(db, coop.id)
		];
		const c = await makeCohort(db);
		await enrolPeople({ db }, coordinator, c.id, [ana.id, ...others.map((o) => o.id)]);
		await formTeams({ db }, coordinator, c.id);
		const { id: otherTeam } = await createTeam({ db }, coordinator, c.id, { name: 'Las Palliris' });
		const [e] = await db.select().from(enrolment).where(eq(enrolment.personId, ana.id));
		await moveMember({ db }, coordinator, e!.id, otherTeam);
		await withdrawEnrolment({ db }, coordinator, e!.id);

		const es = await listHistory({ db }, coordinator, { entity: 'cohort', id: c.id }, 'es');
		expect(shown(es).slice(0, 3)).toEqual([
			[
				`Retiró a Ana Quispe Mamani de ${c.name}`,
				'Estado: Activa → Retirada',
				'Grupo: Las Palliris → —'
			],
			[
				'Pasó a Ana Quispe Mamani al grupo Las Palliris',
				'Grupo: Cooperativa Minera Siglo XX → Las Palliris'
			],
			['Creó el grupo Las Palliris']
		]);
		expect(shown(es)).toContainEqual([
			`Inscribió a Ana Quispe Mamani en ${c.name}`,
			'Cooperativa: Cooperativa Minera Siglo XX'
		]);
		expect(shown(es)).toContainEqual([
			'Puso a Ana Quispe Mamani en el grupo Cooperativa Minera Siglo XX'
		]);
		expect(shown(es)).toContainEqual([
			'Creó el grupo Cooperativa Minera Siglo XX',
			'Cooperativa: Cooperativa Minera Siglo XX',
			'Integrantes: 4'
		]);
		expectReadable(es);

		const en = await listHistory({ db }, coordinator, { entity: 'cohort', id: c.id }, 'en');
		expect(shown(en)[0]).toEqual([
			`Withdrew Ana Quispe Mamani from ${c.name}`,
			'Status: Active → Withdrawn',
			'Team: Las Palliris → —'
		]);
		expectReadable(en);
	});

	it('tells an import: the file, how many people were added and updated', async () => {
		const fed = await makeFederation(db);
		await makeCooperative(db, fed.id, 'Cooperativa Minera Poopó Unido');
		const c = await makeCohort(db);
		const deps = { db, now };
		const { batchId } = await startImport(deps, coordinator, {
			cohortId: c.id,
			fileName: 'socios-poopo.csv',
			bytes: new TextEncoder().encode(
				tableCsv([
					['NOMBRES Y APELLIDOS', 'C.I.', 'SEXO', 'COOPERATIVA'],
					['Rosa Ayala Cruz', '5566701', 'F', 'Poopó Unido'],
					['Teodoro Choque', '5566702', 'M', 'Poopó Unido'],
					['Sin Apellido', '', 'M', 'Poopó Unido']
				])
			)
		});
		await commitImport(deps, coordinator, { cohortId: c.id, batchId });

		const es = await listHistory({ db }, coordinator, { entity: 'cohort', id: c.id }, 'es');
		expect(shown(es)[0]).toEqual([
			'Importó la lista socios-poopo.csv',
			'Personas nuevas: 2',
			'Personas actualizadas: 0',
			'Inscritas en la cohorte: 2',
			'Filas con errores, no importadas: 1',
			'Grupos nuevos: 1'
		]);
		const en = await listHistory({ db }, coordinator, { entity: 'cohort', id: c.id }, 'en');
		expect(en[0]!.title).toBe('Imported the list socios-poopo.csv');

		// The person's own History names the file and the cohort.
		const [rosa] = await db
			.select({ personId: enrolment.personId })
			.from(enrolment)
			.where(eq(enrolment.cohortId, c.id));
		const personal = await listHistory(
			{ db },
			coordinator,
			{ entity: 'person', id: rosa!.personId },
			'es'
		);
		expect(personal[0]!.title).toMatch(/^Registró a .+ al importar socios-poopo\.csv$/);
		expect(personal[0]!.details).toContainEqual({ label: 'Cohorte', value: c.name });
		expect(personal[0]!.details).toContainEqual({ label: 'Sexo', value: 'Mujer' });
		expectReadable(personal);
	});

	it('tells bulk invitations: how many links, for which cooperative', async () => {
		const fed = await makeFederation(db);
		const coop = await makeCooperative(db, fed.id, 'Cooperativa Estrella del Sur');
		const people = [await makePerson(db, coop.id), await makePerson(db, coop.id)];
		const c = await makeCohort(db);
		await enrolPeople(
			{ db },
			coordinator,
			c.id,
			people.map((p) => p.id)
		);
		await bulkInvite({ db, now }, coordinator, { cohortId: c.id, cooperativeId: coop.id });

		const es = await listHistory({ db }, coordinator, { entity: 'cohort', id: c.id }, 'es');
		expect(shown(es)[0]).toEqual([
			'Creó enlaces de invitación para quienes no tenían cuenta en Cooperativa Estrella del Sur',
			'Enlaces creados: 2'
		]);
		// Nobody is left to invite: a second run does nothing, and says nothing.
		await bulkInvite({ db, now }, coordinator, { cohortId: c.id });
		expect((await listHistory({ db }, coordinator, { entity: 'cohort', id: c.id })).length).toBe(
			es.length
		);

		// The cooperative's own bulk invitation appears in its History.
		const lone = await makePerson(db, coop.id);
		await enrolPeople({ db }, coordinator, c.id, [lone.id]);
		await bulkInvite({ db, now }, coordinator, { cooperativeId: coop.id });
		const coopHistory = await listHistory(
			{ db },
			coordinator,
			{ entity: 'cooperative', id: coop.id },
			'en'
		);
		expect(shown(coopHistory)[0]).toEqual([
			'Created invitation links for those without an account',
			'Links created: 1'
		]);
	});
});

describe('a person’s History', () => {
	it('names the account’s roles and the person invited', async () => {
		const fed = await makeFederation(db);
		const coop = await makeCooperative(db, fed.id);
		const p = await makePerson(db, coop.id, { givenNames: 'Justina', surnames: 'Condori' });
		await issueLink({ db, now }, coordinator, p.id);
		const es = await listHistory({ db }, coordinator, { entity: 'person', id: p.id }, 'es');
		// Both lines are written in one transaction: their order is not told.
		expect(shown(es)).toHaveLength(2);
		expect(shown(es)).toContainEqual(['Creó un enlace de invitación para Justina Condori']);
		expect(shown(es)).toContainEqual([
			'Creó la cuenta de Justina Condori',
			expect.stringMatching(/^Usuario: justina\.condori/),
			'Roles: Participante'
		]);
		expectReadable(es);
	});
});

describe('a cooperative’s History', () => {
	it('shows the federation’s name and the status in words', async () => {
		const fedA = await makeFederation(db, 'FEDSUR');
		const fedB = await makeFederation(db, 'FEDNORTE');
		const coop = await makeCooperative(db, fedA.id, 'Cooperativa Minera Huanuni');
		await updateCooperative({ db }, coordinator, coop.id, {
			name: coop.name,
			shortName: coop.shortName,
			federationId: fedB.id,
			minerals: ['tin', 'zinc'],
			department: 'OR',
			status: 'inactive'
		});
		const es = await listHistory({ db }, coordinator, { entity: 'cooperative', id: coop.id }, 'es');
		expect(shown(es)[0]).toEqual(
			expect.arrayContaining([
				'Cambió datos',
				'Federación: FEDSUR → FEDNORTE',
				'Minerales: Estaño → Estaño, Zinc',
				'Departamento: Potosí → Oruro',
				'Estado: Activa → Inactiva'
			])
		);
		expectReadable(es);
	});
});

describe('a change made from the command line', () => {
	it('is recorded with no author and says it came from there', async () => {
		const fed = await makeFederation(db, 'CLI');
		const coop = await makeCooperative(db, fed.id, 'Cooperativa de Consola');
		await updateCooperative({ db }, systemActor, coop.id, {
			name: 'Cooperativa de la Consola',
			federationId: fed.id,
			minerals: ['tin'],
			department: 'PT',
			status: 'active'
		});
		const [line] = await db
			.select()
			.from(auditLog)
			.where(and(eq(auditLog.entityId, coop.id), eq(auditLog.action, 'update')));
		expect(line).toMatchObject({ actorUserId: null, changes: { via: 'cli' } });
	});
});
