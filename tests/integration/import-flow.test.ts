// The import use cases beyond the fixtures: header variants end to end, updates, matching by
// registry number and by earlier answers, mapping edits, stale previews, exports.
import ExcelJS from 'exceljs';
import { and, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../../src/lib/server/access/guard';
import type { Db, DbHandle } from '../../src/lib/server/db/client';
import { auditLog, cooperative, enrolment, person, team } from '../../src/lib/server/db/schema';
import { commitImport } from '../../src/lib/server/import/commit-import';
import { decideCooperatives } from '../../src/lib/server/import/decide-cooperatives';
import { discardImport } from '../../src/lib/server/import/discard-import';
import { exportImport, importTemplate } from '../../src/lib/server/import/export-import';
import { getImport } from '../../src/lib/server/import/get-import';
import { reasonText } from '../../src/lib/server/import/messages';
import { previewFile } from '../../src/lib/server/import/preview-file';
import { setImportMapping } from '../../src/lib/server/import/set-import-mapping';
import { startImport } from '../../src/lib/server/import/start-import';
import { createTestDb } from '../helpers/db';
import { tableCsv, tableXlsx } from '../helpers/member-list';
import { makeActor, makeCohort, makeCooperative, makeFederation } from '../factories/org';

let handle: DbHandle;
let db: Db;
let actor: Actor;
let fed: Awaited<ReturnType<typeof makeFederation>>;
let poopo: Awaited<ReturnType<typeof makeCooperative>>;
const deps = () => ({ db, now: () => new Date('2026-11-23T15:00:00Z') });
const enc = (s: string) => new TextEncoder().encode(s);

beforeAll(async () => {
	handle = await createTestDb();
	db = handle.db;
	actor = await makeActor(db, 'coordinator');
	fed = await makeFederation(db, 'FEDPT');
	poopo = await makeCooperative(db, fed.id, 'Cooperativa Minera Poopó Unido Ltda.');
	await db
		.update(cooperative)
		.set({ shortName: 'Poopó Unido', registryNumber: 'REC-OR-0233' })
		.where(eq(cooperative.id, poopo.id));
});
afterAll(() => handle.close());

async function preview(cohortId: string, fileName: string, bytes: Uint8Array) {
	const { batchId } = await startImport(deps(), actor, { cohortId, fileName, bytes });
	const view = await getImport(deps(), actor, { cohortId, batchId });
	return {
		batchId,
		view,
		rows: view.evaluation?.rows.map((r) => ({
			row: r.row,
			status: r.status,
			reasons: r.reasons.map((x) => reasonText(x, 'es'))
		}))
	};
}

describe('header variants, end to end', () => {
	it('imports surname-first columns, CIs with complement and department, comma CSV without BOM', async () => {
		const c = await makeCohort(db);
		const text = tableCsv(
			[
				[
					'Nro',
					'Apellido Paterno',
					'Apellido Materno',
					'Nombres',
					'Nro. C.I.',
					'Sexo',
					'Fecha de nacimiento',
					'Teléfono',
					'Cooperativa'
				],
				[
					'1',
					'QUISPE',
					'MAMANI',
					'juana rosa',
					'4567890-1B LP',
					'Mujer',
					'15/03/1985',
					'+591 71234567',
					'COOP. MINERA POOPO UNIDO'
				],
				[
					'2',
					'Choque',
					'',
					'Teodoro',
					'4567891 PT',
					'hombre',
					'1971-06-30',
					'62345678',
					'Cooperativa Minera "Poopó Unido" Ltda.'
				]
			],
			',',
			'\n'
		);
		const { batchId, rows } = await preview(c.id, 'lista.csv', enc(text));
		expect(rows).toEqual([
			{
				row: 2,
				status: 'new',
				reasons: ['Persona nueva: se registra y se inscribe en la cohorte.']
			},
			{
				row: 3,
				status: 'new',
				reasons: ['Persona nueva: se registra y se inscribe en la cohorte.']
			}
		]);
		await commitImport(deps(), actor, { cohortId: c.id, batchId });
		const [juana] = await db.select().from(person).where(eq(person.ciNumber, '4567890-1B'));
		expect(juana).toMatchObject({
			givenNames: 'Juana Rosa',
			surnames: 'Quispe Mamani',
			ciExtension: 'LP',
			sex: 'F',
			birthDate: '1985-03-15',
			phone: '+59171234567',
			cooperativeId: poopo.id
		});
		const [teodoro] = await db.select().from(person).where(eq(person.ciNumber, '4567891'));
		expect(teodoro).toMatchObject({
			givenNames: 'Teodoro',
			surnames: 'Choque',
			ciExtension: 'PT',
			sex: 'M'
		});
	});

	it('imports a full name written surnames first, matching the cooperative by registry number', async () => {
		const c = await makeCohort(db);
		const bytes = await tableXlsx([
			['LISTA DE SOCIOS'],
			[],
			['APELLIDOS Y NOMBRES', 'CÉDULA', 'EXP', 'GÉNERO', 'F. NAC.', 'CEL.', 'N° REGISTRO'],
			[
				'MAMANI CHOQUE BENITA',
				'7788990',
				'Pt',
				'F',
				new Date(Date.UTC(1978, 4, 2)),
				77889900,
				'REC-OR-0233'
			]
		]);
		const { batchId, view, rows } = await preview(c.id, 'socios.xlsx', bytes);
		expect(view.batch.headerRow).toBe(3);
		expect(rows).toEqual([
			{
				row: 4,
				status: 'new',
				reasons: ['Persona nueva: se registra y se inscribe en la cohorte.']
			}
		]);
		await commitImport(deps(), actor, { cohortId: c.id, batchId });
		const [benita] = await db.select().from(person).where(eq(person.ciNumber, '7788990'));
		expect(benita).toMatchObject({
			givenNames: 'Benita',
			surnames: 'Mamani Choque',
			birthDate: '1978-05-02',
			phone: '+59177889900',
			cooperativeId: poopo.id
		});
	});
});

describe('updates and conflicts with what is on file', () => {
	const header = ['NOMBRES Y APELLIDOS', 'C.I.', 'SEXO', 'CELULAR', 'CARGO', 'COOPERATIVA'];
	let cohortId: string;

	beforeAll(async () => {
		cohortId = (await makeCohort(db)).id;
		const { batchId } = await preview(
			cohortId,
			'a.csv',
			enc(
				tableCsv([header, ['Rosa Ayala Cruz', '5566778', 'F', '71112222', 'Socia', 'Poopó Unido']])
			)
		);
		await commitImport(deps(), actor, { cohortId, batchId });
	});

	it('shows what changes, writes only that, and records it', async () => {
		const { batchId, rows } = await preview(
			cohortId,
			'b.csv',
			enc(
				tableCsv([
					header,
					['ROSA AYALA CRUZ', '5566778', 'f', '71113333', 'PALLIRI', 'Poopó Unido']
				])
			)
		);
		expect(rows).toEqual([
			{
				row: 2,
				status: 'update',
				reasons: [
					'Cambia el celular: «+59171112222» → «+59171113333».',
					'Cambia el cargo: «Socia» → «Palliri».'
				]
			}
		]);
		await commitImport(deps(), actor, { cohortId, batchId });
		const [rosa] = await db.select().from(person).where(eq(person.ciNumber, '5566778'));
		expect(rosa).toMatchObject({
			phone: '+59171113333',
			roleInCooperative: 'Palliri',
			givenNames: 'Rosa'
		});
		const [entry] = await db
			.select()
			.from(auditLog)
			.where(and(eq(auditLog.entityId, rosa!.id), eq(auditLog.action, 'update')));
		expect(entry!.changes).toMatchObject({
			fields: {
				phone: { from: '+59171112222', to: '+59171113333' },
				roleInCooperative: { from: 'Socia', to: 'Palliri' }
			}
		});
	});

	it('an empty cell never erases what is on file', async () => {
		const { rows } = await preview(
			cohortId,
			'c.csv',
			enc(tableCsv([header, ['Rosa Ayala Cruz', '5566778', 'F', '', '', 'Poopó Unido']]))
		);
		expect(rows![0]!.status).toBe('duplicate');
	});

	it('refuses a CI that belongs to someone else, or the same person with another complement', async () => {
		const { rows } = await preview(
			cohortId,
			'd.csv',
			enc(
				tableCsv([
					header,
					['Wilfredo Mollo Choque', '5566778', 'M', '', '', 'Poopó Unido'],
					['Rosa Ayala Cruz', '5566778-2A', 'F', '', '', 'Poopó Unido']
				])
			)
		);
		expect(rows).toEqual([
			{
				row: 2,
				status: 'error',
				reasons: [
					'El C.I. 5566778 ya es de Rosa Ayala Cruz, que es otra persona: revise el número.'
				]
			},
			{
				row: 3,
				status: 'error',
				reasons: [
					'Rosa Ayala Cruz ya está registrada con el C.I. 5566778 y esta fila dice 5566778-2A: revise el complemento.'
				]
			}
		]);
	});

	it('moves a member to another cooperative and team when the list says so', async () => {
		const other = await makeCooperative(db, fed.id, 'Cooperativa Minera Huanuni Ltda.');
		const { batchId, rows } = await preview(
			cohortId,
			'e.csv',
			enc(tableCsv([header, ['Rosa Ayala Cruz', '5566778', 'F', '', '', 'Coop. Huanuni']]))
		);
		expect(rows![0]).toEqual({
			row: 2,
			status: 'update',
			reasons: ['Cambia de cooperativa: «Poopó Unido» → «Cooperativa Minera Huanuni Ltda.».']
		});
		await commitImport(deps(), actor, { cohortId, batchId });
		const [e] = await db
			.select({ coop: enrolment.cooperativeId, team: team.cooperativeId })
			.from(enrolment)
			.innerJoin(person, eq(person.id, enrolment.personId))
			.innerJoin(team, eq(team.id, enrolment.teamId))
			.where(and(eq(person.ciNumber, '5566778'), eq(enrolment.cohortId, cohortId)));
		expect(e).toEqual({ coop: other.id, team: other.id });
	});
});

describe('cooperative answers', () => {
	const header = [
		'NOMBRES Y APELLIDOS',
		'C.I.',
		'SEXO',
		'COOPERATIVA',
		'FEDERACIÓN',
		'DEPARTAMENTO'
	];

	it('ignores an answer naming a cooperative that does not exist, and remembers a real one', async () => {
		const c = await makeCohort(db);
		const file = enc(
			tableCsv([header, ['Lidia Villca Challapa', '6677889', 'F', 'Poopó', 'FEDPT', 'Oruro']])
		);
		const { batchId, view } = await preview(c.id, 'f.csv', file);
		expect(view.evaluation!.questions.map((q) => [q.key, q.candidates.map((x) => x.name)])).toEqual(
			[['poopo', ['Poopó Unido']]]
		);
		expect(view.evaluation!.questions[0]).toMatchObject({
			suggestedFederationId: fed.id,
			suggestedDepartment: 'OR'
		});
		await decideCooperatives(deps(), actor, {
			cohortId: c.id,
			batchId,
			decisions: {
				poopo: { kind: 'existing', cooperativeId: '00000000-0000-4000-8000-000000000000' }
			}
		});
		let again = await getImport(deps(), actor, { cohortId: c.id, batchId });
		expect(again.evaluation!.counts.error).toBe(1);
		await decideCooperatives(deps(), actor, {
			cohortId: c.id,
			batchId,
			decisions: { poopo: { kind: 'existing', cooperativeId: poopo.id } }
		});
		again = await getImport(deps(), actor, { cohortId: c.id, batchId });
		expect(again.evaluation!.counts.new).toBe(1);
		await commitImport(deps(), actor, { cohortId: c.id, batchId });
		// Next time "Poopó" is known to be Poopó Unido: no question.
		const next = await preview((await makeCohort(db)).id, 'g.csv', file);
		expect(next.view.evaluation!.questions).toEqual([]);
		expect(next.rows![0]!.status).toBe('update');
	});

	it('creates a cooperative the coordinator confirms as new, in the federation chosen', async () => {
		const c = await makeCohort(db);
		const { batchId } = await preview(
			c.id,
			'h.csv',
			enc(
				tableCsv([
					header,
					[
						'Sonia Marca Huanca',
						'6677990',
						'F',
						'Cooperativa Minera "Tres Cruces" Ltda.',
						'',
						'Oruro'
					]
				])
			)
		);
		await decideCooperatives(deps(), actor, {
			cohortId: c.id,
			batchId,
			decisions: { 'tres cruces': { kind: 'new', federationId: fed.id, department: 'OR' } }
		});
		const r = await commitImport(deps(), actor, { cohortId: c.id, batchId });
		expect(r.cooperativesCreated).toHaveLength(1);
		const [coop] = await db
			.select()
			.from(cooperative)
			.where(eq(cooperative.id, r.cooperativesCreated[0]!.id));
		expect(coop).toMatchObject({
			name: 'Cooperativa Minera "Tres Cruces" Ltda.',
			shortName: 'Tres Cruces',
			federationId: fed.id,
			department: 'OR'
		});
	});

	it('the CLI path answers every question with "new" in one federation', async () => {
		const c = await makeCohort(db);
		const p = await previewFile(deps(), actor, {
			cohortId: c.id,
			fileName: 'i.csv',
			bytes: enc(
				tableCsv([
					header,
					['Celia Poma Quisbert', '6678001', 'F', 'Coop. Minera Siete Suyos', '', 'Potosí']
				])
			),
			decide: (qs) =>
				Object.fromEntries(
					qs.map((q) => [
						q.key,
						{ kind: 'new', federationId: fed.id, department: q.suggestedDepartment ?? 'PT' }
					])
				)
		});
		expect(p.evaluation!.counts.new).toBe(1);
		expect(p.evaluation!.questions[0]!.decision).toEqual({
			kind: 'new',
			federationId: fed.id,
			department: 'PT'
		});
	});
});

describe('mapping, staleness and exports', () => {
	const header = ['NOMBRES Y APELLIDOS', 'C.I.', 'SEXO', 'COOPERATIVA', 'OBSERVACIONES'];

	it('refuses an incomplete or repeated mapping and re-guesses for another header row', async () => {
		const c = await makeCohort(db);
		const { batchId } = await preview(
			c.id,
			'j.csv',
			enc(tableCsv([['LISTA'], header, ['Rosa Ayala Cruz', '5566778', 'F', 'Poopó Unido', '']]))
		);
		const ids = { cohortId: c.id, batchId };
		await expect(
			setImportMapping(deps(), actor, {
				...ids,
				headerRow: 2,
				mapping: ['fullName', 'ci', null, 'cooperative', null]
			})
		).rejects.toMatchObject({
			code: 'invalid_input',
			fields: { mapping: 'missing', fields: 'sex' }
		});
		await expect(
			setImportMapping(deps(), actor, {
				...ids,
				headerRow: 2,
				mapping: ['fullName', 'ci', 'sex', 'cooperative', 'ci']
			})
		).rejects.toMatchObject({
			fields: { mapping: 'repeated', fields: 'ci' }
		});
		await expect(
			setImportMapping(deps(), actor, {
				...ids,
				headerRow: 2,
				mapping: ['fullName', 'ci', 'sex', 'nonsense', null]
			})
		).rejects.toMatchObject({
			fields: { mapping: 'invalid' }
		});
		// "OBSERVACIONES" holds the role in this list.
		expect(
			await setImportMapping(deps(), actor, {
				...ids,
				headerRow: 2,
				mapping: ['fullName', 'ci', 'sex', 'cooperative', 'role']
			})
		).toEqual({ reguessed: false });
		expect((await getImport(deps(), actor, ids)).mapping).toEqual([
			'fullName',
			'ci',
			'sex',
			'cooperative',
			'role'
		]);
		expect(await setImportMapping(deps(), actor, { ...ids, headerRow: 1, mapping: [] })).toEqual({
			reguessed: true
		});
		const view = await getImport(deps(), actor, ids);
		expect(view.missing).toEqual(['name', 'ci', 'sex', 'cooperative']);
		expect(view.evaluation).toBeNull();
	});

	it('does not write a preview that went stale', async () => {
		const c = await makeCohort(db);
		const file = enc(
			tableCsv([header, ['Gregorio Mamani Yujra', '6699001', 'M', 'Poopó Unido', '']])
		);
		const first = await preview(c.id, 'k.csv', file);
		const second = await preview(c.id, 'k.csv', file);
		await commitImport(deps(), actor, {
			cohortId: c.id,
			batchId: second.batchId,
			expectedFingerprint: second.view.evaluation!.fingerprint
		});
		const people = (await db.select({ n: sql<number>`count(*)::int` }).from(person)) as [
			{ n: number }
		];
		// The first preview said "new"; the person exists now.
		await expect(
			commitImport(deps(), actor, {
				cohortId: c.id,
				batchId: first.batchId,
				expectedFingerprint: first.view.evaluation!.fingerprint
			})
		).rejects.toMatchObject({ code: 'conflict', message: 'changed' });
		expect(await db.select({ n: sql<number>`count(*)::int` }).from(person)).toEqual(people);
		const view = await getImport(deps(), actor, { cohortId: c.id, batchId: first.batchId });
		expect(view.sameFileCommittedAt).not.toBeNull();
		expect(view.evaluation!.counts.duplicate).toBe(1);
	});

	it('a discarded batch cannot be confirmed', async () => {
		const c = await makeCohort(db);
		const { batchId } = await preview(
			c.id,
			'l.csv',
			enc(tableCsv([header, ['Ana Calle Cusi', '6699002', 'F', 'Poopó Unido', '']]))
		);
		await discardImport(deps(), actor, { cohortId: c.id, batchId });
		await expect(commitImport(deps(), actor, { cohortId: c.id, batchId })).rejects.toMatchObject({
			code: 'conflict'
		});
	});

	it('a batch is only reachable through its own cohort', async () => {
		const c = await makeCohort(db);
		const other = await makeCohort(db);
		const { batchId } = await preview(
			c.id,
			'm.csv',
			enc(tableCsv([header, ['Ana Calle Cusi', '6699002', 'F', 'Poopó Unido', '']]))
		);
		await expect(getImport(deps(), actor, { cohortId: other.id, batchId })).rejects.toMatchObject({
			code: 'not_found'
		});
		await expect(
			getImport(deps(), actor, { cohortId: c.id, batchId: 'nope' })
		).rejects.toMatchObject({ code: 'not_found' });
	});

	it('exports the preview and the rows with problems as .xlsx, in the reader’s language', async () => {
		const c = await makeCohort(db);
		const { batchId } = await preview(
			c.id,
			'lista n.csv',
			enc(
				tableCsv([
					header,
					['Ana Calle Cusi', '6699003', 'F', 'Poopó Unido', 'ok'],
					['ana', '12', 'X', 'Poopó Unido', 'revisar']
				])
			)
		);
		const read = async (bytes: Uint8Array) => {
			const wb = new ExcelJS.Workbook();
			await wb.xlsx.load(Buffer.from(bytes) as never);
			const ws = wb.worksheets[0]!;
			return {
				name: ws.name,
				rows: ws
					.getSheetValues()
					.slice(1)
					.map((r) => (r as unknown[]).slice(1))
			};
		};
		const p = await exportImport(deps(), actor, {
			cohortId: c.id,
			batchId,
			kind: 'preview',
			locale: 'es'
		});
		expect(p.fileName).toBe('lista n-vista-previa.xlsx');
		const pv = await read(p.bytes);
		expect(pv.rows[0]!.slice(0, 3)).toEqual(['Fila', 'Estado', 'Motivo']);
		expect(pv.rows[1]!.slice(0, 4)).toEqual([
			2,
			'Nueva',
			'Persona nueva: se registra y se inscribe en la cohorte.',
			'Ana'
		]);
		const e = await exportImport(deps(), actor, {
			cohortId: c.id,
			batchId,
			kind: 'errors',
			locale: 'en'
		});
		expect(e.fileName).toBe('lista n-rows-with-problems.xlsx');
		const ev = await read(e.bytes);
		expect(ev.rows).toEqual([
			['Row', 'Problems', ...header],
			[
				3,
				[
					'The name “ana” is incomplete: write given names and surnames.',
					'The CI “12” is not valid: it has 5 to 9 digits, plus its complement if it has one (for example 4567890-1B).',
					'We do not understand the sex “X”: write M or F.'
				].join('\n'),
				'ana',
				'12',
				'X',
				'Poopó Unido',
				'revisar'
			]
		]);
	});

	it('offers a template whose headers and example row import cleanly', async () => {
		const t = await importTemplate(actor, 'es');
		expect(t.fileName).toBe('plantilla-lista-participantes.xlsx');
		const c = await makeCohort(db);
		const { view, rows } = await preview(c.id, t.fileName, t.bytes);
		expect(view.missing).toEqual([]);
		expect(rows).toEqual([
			{
				row: 2,
				status: 'error',
				reasons: [
					'La cooperativa «Cooperativa Minera Ejemplo Ltda.» no está registrada: hay que crearla y elegir su federación.'
				]
			}
		]);
		expect(view.evaluation!.rows[0]!.person).toMatchObject({
			givenNames: 'Juana Rosa',
			surnames: 'Quispe Mamani',
			ciNumber: '4567890-1B',
			ciExtension: 'PT',
			sex: 'F',
			birthDate: '1985-03-15',
			phone: '+59171234567'
		});
	});
});
