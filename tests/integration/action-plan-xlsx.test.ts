import { randomUUID } from 'node:crypto';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getCurriculum } from '../../src/lib/server/curriculum/get-curriculum';
import type { Curriculum } from '../../src/lib/server/curriculum/schema';
import type { Db, DbHandle } from '../../src/lib/server/db/client';
import { exportActionPlanXlsx } from '../../src/lib/server/workbook/export-action-plan-xlsx';
import { getWorkbook } from '../../src/lib/server/workbook/get-workbook';
import { getSection } from '../../src/lib/server/workbook/get-section';
import { saveWorkbookSection } from '../../src/lib/server/workbook/save-workbook-section';
import { makeActor } from '../factories/org';
import { createTestDb } from '../helpers/db';
import { makeTeamWorld } from '../helpers/runs';

let handle: DbHandle;
let db: Db;
let curriculum: Curriculum;
let world: Awaited<ReturnType<typeof makeTeamWorld>>;
let empty: Awaited<ReturnType<typeof makeTeamWorld>>;
let other: Awaited<ReturnType<typeof makeTeamWorld>>;
const deps = () => ({ db, curriculum });

const save = (
	w: typeof world,
	sectionKey: string,
	values: Record<string, string | string[]>,
	revision = '0'
) =>
	saveWorkbookSection(deps(), w.lead, {
		teamId: w.team.id,
		sectionKey,
		values,
		revision,
		clientId: randomUUID()
	});

async function sheet(file: Buffer, name: string) {
	const wb = new ExcelJS.Workbook();
	await wb.xlsx.load(file as unknown as ArrayBuffer);
	const ws = wb.getWorksheet(name)!;
	const rows: unknown[][] = [];
	ws.eachRow((r, n) => (rows[n] = (r.values as unknown[]).slice(1)));
	return { ws, rows };
}

beforeAll(async () => {
	handle = await createTestDb();
	db = handle.db;
	curriculum = await getCurriculum();
	world = await makeTeamWorld(db, 3);
	empty = await makeTeamWorld(db, 2);
	other = await makeTeamWorld(db, 2);
	const [a, b] = world.people as [(typeof world.people)[0], (typeof world.people)[0]];
	expect(
		await save(world, 'action-plan.header', {
			'f.problem': 'Vendemos el mineral sin procesar.',
			'f.objective': 'Instalar la planta de flotación'
		})
	).toMatchObject({ status: 'saved' });
	expect(
		await save(world, 'action-plan.activities', {
			'f.activities._rows': '3',
			'f.activities.0.activity': 'Aprobar el plan en asamblea',
			'f.activities.0.responsible': a.id,
			'f.activities.0.startDate': '2027-02-01',
			'f.activities.0.endDate': '2027-02-15',
			'f.activities.0.budget': '500',
			'f.activities.0.baseline': 'Ningún acta',
			'f.activities.0.status': 'done',
			'f.activities.1.objective': 'Trabajo seguro y con seguro social',
			'f.activities.1.activity': 'Inscribir a los operadores en la Caja',
			'f.activities.1.responsible': b.id,
			'f.activities.1.startDate': '2027-03-01',
			'f.activities.1.endDate': '2027-04-30',
			'f.activities.1.budget': '1.200,50',
			'f.activities.2.objective': 'instalar la planta de FLOTACION',
			'f.activities.2.activity': 'Pedir el crédito',
			'f.activities.2.responsible': b.id,
			'f.activities.2.budget': '2.000'
		})
	).toMatchObject({ status: 'saved' });
	await save(world, 'action-plan.cross-cutting', {
		'f.issues': ['osh', 'social-security'],
		'f.notes': 'No usamos mercurio.'
	});
	// Saved, but every row left blank: still no activity.
	expect(
		await save(empty, 'action-plan.activities', {
			'f.activities._rows': '1',
			'f.activities.0.activity': ' '
		})
	).toMatchObject({ status: 'saved' });
});
afterAll(() => handle.close());

describe('the Action Plan as XLSX from the database', () => {
	it("gives the facilitator the plan by objective, with the team's names and SUM subtotals", async () => {
		const { file, cooperative } = await exportActionPlanXlsx(
			deps(),
			world.facilitator,
			world.team.id,
			'es'
		);
		expect(cooperative).toBe(world.coop.name);
		const { ws, rows } = await sheet(file, 'Plan de Acción');
		expect(rows[1]![0]).toBe(`Plan de Acción — ${world.coop.name}`);
		expect(rows[3]![0]).toBe('Objetivo: Instalar la planta de flotación');
		const [a, b] = world.people;
		const name = (p: typeof a) => `${p!.givenNames} ${p!.surnames}`;
		const firstCells = rows.map((r) => r?.[0]);
		expect(firstCells.slice(6)).toEqual([
			'Objetivo: Instalar la planta de flotación',
			'Aprobar el plan en asamblea',
			'Pedir el crédito',
			'Subtotal del objetivo',
			undefined,
			'Objetivo: Trabajo seguro y con seguro social',
			'Inscribir a los operadores en la Caja',
			'Subtotal del objetivo',
			undefined,
			'Total del plan'
		]);
		expect(rows[7]!.slice(1, 5)).toEqual([
			name(a),
			new Date('2027-02-01'),
			new Date('2027-02-15'),
			500
		]);
		expect(rows[7]![7]).toBe('Ningún acta');
		expect(rows[7]![10]).toBe('Terminada');
		expect(rows[8]![1]).toBe(name(b));
		expect(rows[12]![1]).toBe(name(b));
		expect(ws.getCell('E9').value).toEqual({ formula: 'SUM(E7:E8)', result: 2_500 });
		expect(ws.getCell('E13').value).toEqual({ formula: 'SUM(E12:E12)', result: 1_200.5 });
		expect(ws.getCell('E15').value).toEqual({ formula: 'SUM(E9,E13)', result: 3_700.5 });
		const cc = await sheet(file, 'Temas transversales');
		expect(cc.rows.flat()).toContain('No usamos mercurio.');
	});

	it('is for readers of the plan only: a focal point of another federation is refused', async () => {
		const stranger = await makeActor(db, 'federation_focal_point', { federationId: other.fed.id });
		await expect(exportActionPlanXlsx(deps(), stranger, world.team.id, 'es')).rejects.toMatchObject(
			{ code: 'forbidden' }
		);
		await expect(
			exportActionPlanXlsx(deps(), other.actors[0]!, world.team.id, 'es')
		).rejects.toMatchObject({ code: 'forbidden' });
		await expect(exportActionPlanXlsx(deps(), null, world.team.id, 'es')).rejects.toMatchObject({
			code: 'unauthenticated'
		});
		const own = await makeActor(db, 'federation_focal_point', { federationId: world.fed.id });
		await expect(exportActionPlanXlsx(deps(), own, world.team.id, 'en')).resolves.toMatchObject({
			cooperative: world.coop.name
		});
	});

	it('is not found while no activity is written; the pages offer it only when there are some', async () => {
		await expect(
			exportActionPlanXlsx(deps(), empty.facilitator, empty.team.id, 'es')
		).rejects.toMatchObject({ code: 'not_found' });
		await expect(
			exportActionPlanXlsx(deps(), other.facilitator, other.team.id, 'es')
		).rejects.toMatchObject({ code: 'not_found' });
		expect((await getWorkbook(deps(), empty.facilitator, empty.team.id, 'es')).actionPlanXlsx).toBe(
			false
		);
		expect((await getWorkbook(deps(), world.facilitator, world.team.id, 'es')).actionPlanXlsx).toBe(
			true
		);
		const page = await getSection(
			deps(),
			world.facilitator,
			world.team.id,
			'action-plan.activities',
			'es'
		);
		expect(page.byObjective?.groups.map((g) => [g.title, g.rows.length, g.subtotal])).toEqual([
			['Objetivo: Instalar la planta de flotación', 2, 'Subtotal: Bs 2.500'],
			['Objetivo: Trabajo seguro y con seguro social', 1, 'Subtotal: Bs 1.200,50']
		]);
		expect(page.byObjective?.total).toBe('Total del plan: Bs 3.700,50');
	});
});
