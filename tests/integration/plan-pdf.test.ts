import { randomUUID } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FINANCE_SECTION_KEY } from '../../src/lib/domain/finance/from-section';
import { getCurriculum } from '../../src/lib/server/curriculum/get-curriculum';
import type { Curriculum } from '../../src/lib/server/curriculum/schema';
import type { Db, DbHandle } from '../../src/lib/server/db/client';
import { getPlan } from '../../src/lib/server/workbook/get-plan';
import { renderPlanPdf } from '../../src/lib/server/workbook/plan-pdf';
import { reviewSection } from '../../src/lib/server/workbook/review-section';
import { saveWorkbookSection } from '../../src/lib/server/workbook/save-workbook-section';
import { submitSection } from '../../src/lib/server/workbook/submit-section';
import { makeActor } from '../factories/org';
import { llallaguaTyped } from '../fixtures/finance-typed';
import { pdfText } from '../helpers/pdf-text';
import { createTestDb } from '../helpers/db';
import { makeTeamWorld } from '../helpers/runs';

let handle: DbHandle;
let db: Db;
let curriculum: Curriculum;
let world: Awaited<ReturnType<typeof makeTeamWorld>>;
let other: Awaited<ReturnType<typeof makeTeamWorld>>;
const deps = () => ({ db, curriculum });

beforeAll(async () => {
	handle = await createTestDb();
	db = handle.db;
	curriculum = await getCurriculum();
	world = await makeTeamWorld(db, 3);
	other = await makeTeamWorld(db, 2);
	const save = (sectionKey: string, values: Record<string, string | string[]>) =>
		saveWorkbookSection(deps(), world.lead, {
			teamId: world.team.id,
			sectionKey,
			values,
			revision: '0',
			clientId: randomUUID()
		});
	await save(FINANCE_SECTION_KEY, llallaguaTyped);
	await save('action-plan.header', {
		'f.problem': 'Nos accidentamos en la mina.',
		'f.objective': 'Trabajar con equipo de protección'
	});
	await save('action-plan.activities', {
		'f.activities._rows': '3',
		'f.activities.0.activity': 'Comprar cascos y lámparas',
		'f.activities.0.responsible': world.people[0]!.id,
		'f.activities.0.startDate': '2027-02-01',
		'f.activities.0.endDate': '2027-03-15',
		'f.activities.0.budget': '12.500',
		'f.activities.1.objective': 'Tener seguro social',
		'f.activities.1.activity': 'Inscribir a los socios en la Caja',
		'f.activities.1.budget': '300',
		'f.activities.2.objective': 'trabajar con equipo de protección',
		'f.activities.2.activity': 'Curso de primeros auxilios',
		'f.activities.2.budget': '1.000,50'
	});
	const key = { teamId: world.team.id, sectionKey: 'action-plan.activities' };
	await submitSection(deps(), world.lead, { ...key, revision: '1', clientId: randomUUID() });
	await reviewSection(deps(), world.facilitator, {
		...key,
		decision: 'approved',
		revision: '1',
		clientId: randomUUID()
	});
});
afterAll(() => handle.close());

describe('the plan as a PDF', () => {
	it('has a cover with the review state, contents, page numbers, every part and the figures', async () => {
		const plan = await getPlan(deps(), world.facilitator, world.team.id, 'es');
		const pdf = await renderPlanPdf(plan, 'es', new Date('2026-12-06T15:00:00Z'));
		expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
		// The fonts travel inside the file: it prints the same on any computer.
		expect(pdf.toString('latin1')).toMatch(/\/FontFile2/);
		const text = await pdfText(pdf);
		expect(text).toContain('Plan de la cooperativa');
		expect(text).toContain(plan.cooperative);
		expect(text).toContain('6 de diciembre de 2026');
		expect(text).toMatch(/1 de \d+ partes aprobadas/);
		expect(text).toContain('Contenido');
		expect(text).toMatch(/Página 1 de (\d+)/);
		const pages = Number(/Página 1 de (\d+)/.exec(text)![1]);
		expect(text).toContain(`Página ${pages} de ${pages}`);
		for (const part of curriculum.workbook.parts) expect(text).toContain(part.title.es);
		// The Action Plan's activity, its responsible person, dates and budget, and who approved it.
		expect(text).toContain('1. Comprar cascos y lámparas');
		expect(text).toContain(world.people[0]!.givenNames);
		expect(text).toContain('Bs 12.500');
		expect(text).toMatch(/Fecha de inicio: 1 feb\.? de 2027/);
		expect(text).toMatch(/Aprobada · versión 1 .*aprobada por/);
		// Activities under the objective each serves, in order, each objective with its subtotal.
		const groups = [
			'Objetivo: Trabajar con equipo de protección',
			'1. Comprar cascos y lámparas',
			'2. Curso de primeros auxilios',
			'Subtotal: Bs 13.500,50',
			'Objetivo: Tener seguro social',
			'1. Inscribir a los socios en la Caja',
			'Subtotal: Bs 300',
			'Total del plan: Bs 13.800,50'
		].map((t) => text.indexOf(t));
		expect(groups.every((at) => at >= 0)).toBe(true);
		expect(groups).toEqual([...groups].sort((a, b) => a - b));
		expect(text).toContain('Línea de base (cómo estamos hoy): —');
		// The financial model worked out, as on the page.
		const fin = plan.parts
			.flatMap((p) => p.sections)
			.find((s) => s.key === FINANCE_SECTION_KEY)!.finance!;
		// Its warnings (months below zero) are printed too, under their heading.
		expect(fin.problems.length).toBeGreaterThan(0);
		expect(text).toContain('Revisen esto');
		expect(text).toContain('Lo que calculó Minka');
		expect(text).toContain(
			`Bs ${new Intl.NumberFormat('es-BO', { minimumFractionDigits: 2, maximumFractionDigits: 2, useGrouping: 'always' }).format(fin.result.loan.payment / 100)}`
		);
		expect(text).toContain('La caja de cada mes del año 1');
		expect(text).toContain('Resultados de los 5 años');
		expect(text).toContain('Sin llenar.');
		expect(text).not.toMatch(/NaN|Infinity|undefined/);
		if (process.env.PLAN_PDF_OUT) writeFileSync(process.env.PLAN_PDF_OUT, pdf);
	});

	it('speaks English to an English reader', async () => {
		const plan = await getPlan(deps(), world.lead, world.team.id, 'en');
		const text = await pdfText(await renderPlanPdf(plan, 'en', new Date('2026-12-06T15:00:00Z')));
		expect(text).toContain("The cooperative's plan");
		expect(text).toMatch(/Page 1 of \d+/);
		expect(text).toContain('Bs 12,500');
		expect(text).toContain('Objective: Tener seguro social');
		expect(text).toContain('Total of the plan: Bs 13,800.50');
		expect(text).toContain('What Minka worked out');
	});

	it('is only for those who may read the plan', async () => {
		const stranger = await makeActor(db, 'federation_focal_point', { federationId: other.fed.id });
		await expect(getPlan(deps(), stranger, world.team.id, 'es')).rejects.toMatchObject({
			code: 'forbidden'
		});
		await expect(getPlan(deps(), other.actors[0]!, world.team.id, 'es')).rejects.toMatchObject({
			code: 'forbidden'
		});
		await expect(getPlan(deps(), null, world.team.id, 'es')).rejects.toMatchObject({
			code: 'unauthenticated'
		});
	});
});
