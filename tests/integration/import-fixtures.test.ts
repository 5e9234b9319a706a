// The two member lists in tests/fixtures, imported into the demo programme: every row's
// status and reasons, exactly as a coordinator reads them (in Spanish).
import { readFileSync } from 'node:fs';
import { and, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../../src/lib/server/access/guard';
import type { Db, DbHandle } from '../../src/lib/server/db/client';
import {
	auditLog,
	cohort,
	cooperative,
	enrolment,
	federation,
	importBatch,
	person,
	team
} from '../../src/lib/server/db/schema';
import { seedDemo } from '../../src/lib/server/db/seed-demo';
import { commitImport } from '../../src/lib/server/import/commit-import';
import { decideCooperatives } from '../../src/lib/server/import/decide-cooperatives';
import { getImport } from '../../src/lib/server/import/get-import';
import { reasonText } from '../../src/lib/server/import/messages';
import { startImport } from '../../src/lib/server/import/start-import';
import { createTestDb } from '../helpers/db';
import { makeActor, makeCohort } from '../factories/org';

const fixtures = 'tests/fixtures/member-lists';
const xlsx = readFileSync(`${fixtures}/lista-participantes-grupo1.xlsx`);
const csv = readFileSync(`${fixtures}/lista-participantes-grupo1.csv`);

let handle: DbHandle;
let db: Db;
let actor: Actor;
let cohortId: string;
let deps: { db: Db; now: () => Date };

beforeAll(async () => {
	handle = await createTestDb();
	db = handle.db;
	await seedDemo(db);
	actor = await makeActor(db, 'coordinator');
	cohortId = (
		await db.select({ id: cohort.id }).from(cohort).where(eq(cohort.name, 'Cohorte 1'))
	)[0]!.id;
	// Ages are counted to this day: the minor in the lists is 14.
	deps = { db, now: () => new Date('2026-11-23T15:00:00Z') };
});
afterAll(() => handle.close());

const table = (ev: Awaited<ReturnType<typeof getImport>>['evaluation']) =>
	ev!.rows.map((r) => ({
		row: r.row,
		status: r.status,
		reasons: r.reasons.map((x) => reasonText(x, 'es'))
	}));

const REPEATED = (rows: string) =>
	`El C.I. 6158050 está en varias filas (${rows}): deje una sola fila por persona.`;
const SAME_PERSON = (rows: string) =>
	`Parece la misma persona en las filas ${rows}, con el C.I. 4119631 con y sin complemento: deje una sola fila, con el C.I. correcto.`;
const NO_CI = 'Falta el número de C.I.';
const MINOR =
	'Es menor de edad (14 años, nació el 07/04/2012): el trabajo en la minería está prohibido para menores de 18 años.';
const NAME = 'El nombre «ana» está incompleto: escriba nombres y apellidos.';
const PHONE =
	'El celular «7123» no es un número de Bolivia: son 8 cifras (celular que empieza con 6 o 7, o teléfono fijo con su código), con o sin +591.';
const NO_SEX = 'Falta el sexo (M o F).';

/** The rows of the lists that must not be imported as they are, by list row number. */
const xlsxErrors: Record<number, string[]> = {
	8: [REPEATED('8, 125')],
	12: [NO_CI],
	13: [MINOR],
	14: [NAME],
	15: [SAME_PERSON('15, 126')],
	17: [PHONE],
	19: [NO_SEX],
	125: [REPEATED('8, 125')],
	126: [SAME_PERSON('15, 126')]
};
const csvErrors: Record<number, string[]> = {
	5: [REPEATED('5, 122')],
	9: [NO_CI],
	10: [MINOR],
	11: [NAME],
	12: [SAME_PERSON('12, 123')],
	14: [PHONE],
	16: [NO_SEX],
	122: [REPEATED('5, 122')],
	123: [SAME_PERSON('12, 123')]
};

function expected(first: number, last: number, errors: Record<number, string[]>, ok: () => object) {
	return Array.from({ length: last - first + 1 }, (_, i) => {
		const row = first + i;
		return errors[row] ? { row, status: 'error', reasons: errors[row] } : { row, ...ok() };
	});
}

let xlsxBatch: string;

describe('the .xlsx list (title block, header on row 4, rows 5–126)', () => {
	it('asks about the four cooperatives it cannot match with certainty', async () => {
		({ batchId: xlsxBatch } = await startImport(deps, actor, {
			cohortId,
			fileName: 'lista-participantes-grupo1.xlsx',
			bytes: xlsx
		}));
		const view = await getImport(deps, actor, { cohortId, batchId: xlsxBatch });
		expect(view.batch.headerRow).toBe(4);
		expect(view.missing).toEqual([]);
		const qs = view.evaluation!.questions.map((q) => ({
			key: q.key,
			rows: q.rows,
			candidates: q.candidates.map((c) => c.name),
			federation: view.federations.find((f) => f.id === q.suggestedFederationId)?.shortName ?? null,
			department: q.suggestedDepartment
		}));
		expect(qs.sort((a, b) => a.key.localeCompare(b.key))).toEqual([
			{
				key: 'cerro rico',
				rows: 30,
				candidates: ['Cerro Rico Unificada'],
				federation: null,
				department: 'PT'
			},
			{
				key: 'multiactiva llallagua',
				rows: 37,
				candidates: [],
				federation: 'FENCOMIN',
				department: 'PT'
			},
			{
				key: 'nueva guanay',
				rows: 24,
				candidates: ['Guanay Dorado', 'Nueva Esperanza'],
				federation: 'FECOMAN',
				department: 'LP'
			},
			{
				key: 'san juan de tipuani',
				rows: 31,
				candidates: [],
				federation: 'FERRECO',
				department: 'LP'
			}
		]);
		// Until answered, those rows are not importable, and say why.
		const r5 = view.evaluation!.rows.find((r) => r.row === 5)!;
		expect(r5.status).toBe('error');
		expect(r5.reasons.map((x) => reasonText(x, 'es'))).toEqual([
			'La cooperativa «Cooperativa Aurífera "Nueva Guanay" R.L.» no coincide con seguridad con una registrada (parecidas: Guanay Dorado, Nueva Esperanza): hay que confirmar cuál es.'
		]);
		expect(view.evaluation!.counts).toEqual({
			total: 122,
			new: 0,
			update: 0,
			duplicate: 0,
			error: 122
		});
	});

	it('once answered, reports every row: 113 new and 9 that must not be imported', async () => {
		const fed = async (s: string) =>
			(await db.select().from(federation).where(eq(federation.shortName, s)))[0]!.id;
		const [unificada] = await db
			.select({ id: cooperative.id })
			.from(cooperative)
			.where(eq(cooperative.shortName, 'Cerro Rico Unificada'));
		await decideCooperatives(deps, actor, {
			cohortId,
			batchId: xlsxBatch,
			decisions: {
				'cerro rico': { kind: 'existing', cooperativeId: unificada!.id },
				'nueva guanay': { kind: 'new', federationId: await fed('FECOMAN'), department: 'LP' },
				'multiactiva llallagua': {
					kind: 'new',
					federationId: await fed('FENCOMIN'),
					department: 'PT'
				},
				'san juan de tipuani': { kind: 'new', federationId: await fed('FERRECO'), department: 'LP' }
			}
		});
		const view = await getImport(deps, actor, { cohortId, batchId: xlsxBatch });
		expect(table(view.evaluation)).toEqual(
			expected(5, 126, xlsxErrors, () => ({
				status: 'new',
				reasons: ['Persona nueva: se registra y se inscribe en la cohorte.']
			}))
		);
		expect(view.evaluation!.counts).toEqual({
			total: 122,
			new: 113,
			update: 0,
			duplicate: 0,
			error: 9
		});
	});

	it('confirming writes people, cooperatives, enrolments, teams and the audit trail', async () => {
		const before = await counts();
		const view = await getImport(deps, actor, { cohortId, batchId: xlsxBatch });
		const result = await commitImport(deps, actor, {
			cohortId,
			batchId: xlsxBatch,
			expectedFingerprint: view.evaluation!.fingerprint
		});
		expect(result).toMatchObject({ created: 113, updated: 0, enrolled: 113 });
		expect(result.cooperativesCreated.map((c) => c.name).sort()).toEqual([
			'Cooperativa Aurífera "Nueva Guanay" R.L.',
			'Cooperativa Minera "Multiactiva Llallagua" Ltda.',
			'Cooperativa Minera Aurífera "San Juan de Tipuani" Ltda.'
		]);
		// Cerro Rico Unificada already had a team in this cohort: its new members join it.
		expect(result.teamsCreated.map((t) => t.name).sort()).toEqual([
			'Multiactiva Llallagua',
			'Nueva Guanay',
			'San Juan de Tipuani'
		]);
		const after = await counts();
		expect(after).toEqual({
			people: before.people + 113,
			enrolments: before.enrolments + 113,
			cooperatives: before.cooperatives + 3,
			teams: before.teams + 3,
			audit: before.audit + 113 + 3 + 1
		});

		const [ruben] = await db.select().from(person).where(eq(person.ciNumber, '6762826'));
		expect(ruben).toMatchObject({
			givenNames: 'Rubén',
			surnames: 'Peñaranda Cruz',
			ciExtension: 'PT',
			sex: 'M',
			birthDate: '1997-11-03',
			phone: '+59179855201',
			roleInCooperative: 'Presidente Consejo de Administración'
		});
		const [elena] = await db.select().from(person).where(eq(person.ciNumber, '5304414'));
		expect(elena).toMatchObject({ phone: '+59171177124', sex: 'F', ciExtension: 'LP' });
		// Rows with problems were not written, not even the first of a repeated CI.
		for (const ci of [
			'6158050',
			'4119631',
			'4119631-1B',
			'8489821',
			'7258815',
			'7852312',
			'3442481'
		])
			expect(await db.select().from(person).where(eq(person.ciNumber, ci))).toEqual([]);

		const [benita] = await db
			.select({ team: team.name, coop: cooperative.shortName })
			.from(enrolment)
			.innerJoin(person, eq(person.id, enrolment.personId))
			.innerJoin(team, eq(team.id, enrolment.teamId))
			.innerJoin(cooperative, eq(cooperative.id, enrolment.cooperativeId))
			.where(and(eq(person.ciNumber, '9286208'), eq(enrolment.cohortId, cohortId)));
		expect(benita).toEqual({ team: 'Cerro Rico Unificada', coop: 'Cerro Rico Unificada' });

		const [entry] = await db
			.select()
			.from(auditLog)
			.where(and(eq(auditLog.entity, 'import_batch'), eq(auditLog.entityId, xlsxBatch)));
		expect(entry).toMatchObject({ action: 'import', actorUserId: actor.userId });
		expect(entry!.changes).toMatchObject({ created: 113, error: 9, cohortId, via: 'web' });
		const [personEntry] = await db
			.select()
			.from(auditLog)
			.where(and(eq(auditLog.entity, 'person'), eq(auditLog.entityId, ruben!.id)));
		expect(personEntry).toMatchObject({ action: 'create', actorUserId: actor.userId });
		const [batch] = await db.select().from(importBatch).where(eq(importBatch.id, xlsxBatch));
		expect(batch!.status).toBe('committed');
	});

	it('a second confirmation of the same batch writes nothing', async () => {
		const before = await counts();
		await expect(commitImport(deps, actor, { cohortId, batchId: xlsxBatch })).rejects.toMatchObject(
			{
				code: 'conflict'
			}
		);
		expect(await counts()).toEqual(before);
	});
});

describe('the .csv list (semicolons, BOM, header on row 1, rows 2–123)', () => {
	it('after the .xlsx, every importable row is a duplicate and the same 9 rows are reported', async () => {
		const { batchId } = await startImport(deps, actor, {
			cohortId,
			fileName: 'lista-participantes-grupo1.csv',
			bytes: csv
		});
		const view = await getImport(deps, actor, { cohortId, batchId });
		expect(view.batch.headerRow).toBe(1);
		// The cooperatives are known now: created by the first import, or answered there.
		expect(view.evaluation!.questions).toEqual([]);
		expect(table(view.evaluation)).toEqual(
			expected(2, 123, csvErrors, () => ({
				status: 'duplicate',
				reasons: ['Ya está registrada e inscrita en esta cohorte: no cambia nada.']
			}))
		);
		const before = await counts();
		await commitImport(deps, actor, {
			cohortId,
			batchId,
			expectedFingerprint: view.evaluation!.fingerprint
		});
		const after = await counts();
		expect({ ...after, audit: before.audit }).toEqual(before);
		expect(after.audit).toBe(before.audit + 1);
	});

	it('into another cohort, the same people are updates: enrolled there, nothing else changes', async () => {
		const other = await makeCohort(db);
		const { batchId } = await startImport(deps, actor, {
			cohortId: other.id,
			fileName: 'lista-participantes-grupo1.csv',
			bytes: csv
		});
		const view = await getImport(deps, actor, { cohortId: other.id, batchId });
		expect(table(view.evaluation)).toEqual(
			expected(2, 123, csvErrors, () => ({
				status: 'update',
				reasons: ['Se inscribe en esta cohorte.']
			}))
		);
		const result = await commitImport(deps, actor, { cohortId: other.id, batchId });
		expect(result).toMatchObject({ created: 0, updated: 113, enrolled: 113 });
		expect(result.teamsCreated).toHaveLength(4);
		const [{ n }] = (await db
			.select({ n: sql<number>`count(*)::int` })
			.from(enrolment)
			.where(eq(enrolment.cohortId, other.id))) as [{ n: number }];
		expect(n).toBe(113);
	});
});

async function counts() {
	const n = async (
		t: typeof person | typeof enrolment | typeof cooperative | typeof team | typeof auditLog
	) => ((await db.select({ n: sql<number>`count(*)::int` }).from(t)) as [{ n: number }])[0].n;
	return {
		people: await n(person),
		enrolments: await n(enrolment),
		cooperatives: await n(cooperative),
		teams: await n(team),
		audit: await n(auditLog)
	};
}
