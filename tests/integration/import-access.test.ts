// Only coordinators and admins import member lists; everyone else is refused before anything runs.
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../../src/lib/server/access/guard';
import type { Db, DbHandle } from '../../src/lib/server/db/client';
import { importBatch } from '../../src/lib/server/db/schema';
import { commitImport } from '../../src/lib/server/import/commit-import';
import { decideCooperatives } from '../../src/lib/server/import/decide-cooperatives';
import { discardImport } from '../../src/lib/server/import/discard-import';
import { exportImport, importTemplate } from '../../src/lib/server/import/export-import';
import { findImportFederation } from '../../src/lib/server/import/find-federation';
import { getImport } from '../../src/lib/server/import/get-import';
import { getImportStart } from '../../src/lib/server/import/get-import-start';
import { listImportCohorts } from '../../src/lib/server/import/list-import-cohorts';
import { previewFile } from '../../src/lib/server/import/preview-file';
import { setImportMapping } from '../../src/lib/server/import/set-import-mapping';
import { startImport } from '../../src/lib/server/import/start-import';
import { createTestDb } from '../helpers/db';
import { tableCsv } from '../helpers/member-list';
import { makeActor, makeWorld } from '../factories/org';

let handle: DbHandle;
let db: Db;
let w: Awaited<ReturnType<typeof makeWorld>>;
let batchId: string;
const bytes = new TextEncoder().encode(
	tableCsv([
		['NOMBRES Y APELLIDOS', 'C.I.', 'SEXO', 'COOPERATIVA'],
		['Juana Quispe Mamani', '4567890', 'F', 'Cooperativa 1']
	])
);

beforeAll(async () => {
	handle = await createTestDb();
	db = handle.db;
	w = await makeWorld(db);
	const coordinator = await makeActor(db, 'coordinator');
	({ batchId } = await startImport({ db }, coordinator, {
		cohortId: w.cohortA.id,
		fileName: 'l.csv',
		bytes
	}));
});
afterAll(() => handle.close());

function everyUseCase(actor: Actor | null) {
	const ids = { cohortId: w.cohortA.id, batchId };
	return {
		listImportCohorts: () => listImportCohorts({ db }, actor),
		getImportStart: () => getImportStart({ db }, actor, w.cohortA.id),
		startImport: () =>
			startImport({ db }, actor, { cohortId: w.cohortA.id, fileName: 'l.csv', bytes }),
		previewFile: () =>
			previewFile({ db }, actor, { cohortId: w.cohortA.id, fileName: 'l.csv', bytes }),
		getImport: () => getImport({ db }, actor, ids),
		setImportMapping: () =>
			setImportMapping({ db }, actor, {
				...ids,
				headerRow: 1,
				mapping: ['fullName', 'ci', 'sex', 'cooperative']
			}),
		decideCooperatives: () => decideCooperatives({ db }, actor, { ...ids, decisions: {} }),
		exportImport: () => exportImport({ db }, actor, { ...ids, kind: 'errors', locale: 'es' }),
		importTemplate: () => importTemplate(actor, 'es'),
		findImportFederation: () => findImportFederation({ db }, actor, 'FED1'),
		discardImport: () => discardImport({ db }, actor, ids),
		commitImport: () => commitImport({ db }, actor, ids)
	};
}

describe('import access', () => {
	const refused: Array<[string, () => Promise<Actor>]> = [
		['participant', () => makeActor(db, 'participant', { personId: w.p1a.id })],
		['facilitator of the cohort', () => makeActor(db, 'facilitator', { cohortId: w.cohortA.id })],
		[
			'federation focal point',
			() => makeActor(db, 'federation_focal_point', { federationId: w.fed1.id })
		],
		['cooperative lead', () => makeActor(db, 'cooperative_lead', { cooperativeId: w.coop1.id })]
	];

	it.each(refused)('a %s is refused every step', async (_, make) => {
		const actor = await make();
		for (const [name, run] of Object.entries(everyUseCase(actor)))
			await expect(run(), name).rejects.toMatchObject({ code: 'forbidden' });
	});

	it('without a session every step asks to sign in', async () => {
		for (const [name, run] of Object.entries(everyUseCase(null)))
			await expect(run(), name).rejects.toMatchObject({ code: 'unauthenticated' });
	});

	it('refused attempts left the batch as it was and wrote no other', async () => {
		const rows = await db
			.select({ id: importBatch.id, status: importBatch.status })
			.from(importBatch);
		expect(rows).toEqual([{ id: batchId, status: 'previewed' }]);
	});

	it.each(['coordinator', 'admin'] as const)('a %s may import', async (role) => {
		const actor = await makeActor(db, role);
		const uc = everyUseCase(actor);
		expect((await uc.listImportCohorts()).map((c) => c.id).sort()).toEqual(
			[w.cohortA.id, w.cohortB.id].sort()
		);
		expect((await uc.getImport()).evaluation!.counts.total).toBe(1);
		expect((await uc.importTemplate()).bytes.length).toBeGreaterThan(1000);
	});

	it('counts active enrolments per cohort', async () => {
		const actor = await makeActor(db, 'coordinator');
		const list = await listImportCohorts({ db }, actor);
		expect(list.find((c) => c.id === w.cohortA.id)!.enrolled).toBe(2);
		const [{ n }] = (await db.select({ n: sql<number>`count(*)::int` }).from(importBatch)) as [
			{ n: number }
		];
		expect(n).toBe(1);
	});
});
