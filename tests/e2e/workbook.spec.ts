import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BUDGET_BYTES, measure } from '../../bench/page-weight';
import ExcelJS from 'exceljs';
import { openSheetFormulas } from '../helpers/xlsx-eval';
import type { Page } from '@playwright/test';
import { expect, PASSWORD, signIn, test } from './helpers';

// The demo's Cerro Rico Unificada wrote its Think.COOP decision and Start.COOP module 1 into its
// cooperative's workbook during its sessions.
test(
	"the facilitator reads a team's workbook: every part with its state, one section with its versions",
	{
		tag: '@embedded'
	},
	async ({ page }) => {
		await signIn(page, 'facilitador');
		await page.goto('/cohorts');
		await page.getByRole('link', { name: 'Cohorte 1', exact: true }).click();
		await page.getByRole('link', { name: 'Sesiones de los grupos' }).click();
		await page
			.locator('section[data-team="Cerro Rico Unificada"]')
			.getByRole('heading', { level: 2 })
			.getByRole('link')
			.click();
		await expect(page.getByRole('heading', { level: 1 })).toHaveText('Cerro Rico Unificada');
		await page.getByRole('link', { name: 'Ver el cuaderno de la cooperativa' }).click();

		await expect(page.getByRole('heading', { level: 1 })).toHaveText('Cuaderno de la cooperativa');
		await expect(page.getByRole('heading', { level: 2, name: 'Plan de Acción' })).toBeVisible();
		await expect(page.getByText(/\d+ de \d+ partes aprobadas/)).toBeVisible();
		const decision = page.getByRole('listitem').filter({ hasText: 'La decisión del grupo' });
		await expect(decision).toContainText('Borrador');
		await expect(decision).toContainText(/en una sesión \(versión \d+\)/);
		const empty = page.getByRole('listitem').filter({ hasText: 'Temas transversales' });
		await expect(empty).toContainText('Sin llenar');

		await decision.getByRole('link', { name: 'La decisión del grupo' }).click();
		await expect(page.getByRole('heading', { level: 1 })).toHaveText('La decisión del grupo');
		await expect(
			page.getByRole('heading', { level: 2, name: 'Versiones guardadas' })
		).toBeVisible();
		await expect(page.getByRole('listitem').filter({ hasText: /^Versión 1: / })).toBeVisible();
		await page.getByRole('link', { name: 'Ver qué cambió en la versión 1' }).click();
		await expect(
			page.getByRole('heading', { level: 2, name: 'Lo que cambió en la versión 1' })
		).toBeVisible();
		await expect(page.locator('#changes dt').first()).toHaveText('¿Qué decidimos?');
		// Read-only for the facilitator, who may comment: no form that saves the section.
		await expect(page.locator('main form[action="?/save"]')).toHaveCount(0);
		await expect(page.getByRole('button', { name: 'Guardar comentario' })).toBeVisible();
		expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(
			page.viewportSize()!.width
		);
	}
);

test("FENCOMIN's focal point reads a FENCOMIN plan, never another federation's", async ({
	page
}) => {
	await signIn(page, 'facilitador');
	await page.goto('/cohorts');
	await page.getByRole('link', { name: 'Cohorte 1', exact: true }).click();
	await page.getByRole('link', { name: 'Sesiones de los grupos' }).click();
	const teamHref = async (name: string) =>
		(await page
			.locator(`section[data-team="${name}"]`)
			.getByRole('heading', { level: 2 })
			.getByRole('link')
			.getAttribute('href'))!;
	const cerro = await teamHref('Cerro Rico Unificada');
	const nueva = await teamHref('Nueva Esperanza');
	expect(nueva).toMatch(/^\/teams\/[0-9a-f-]{36}$/);
	await page.context().clearCookies();

	await signIn(page, 'fencomin');
	await page.goto(`${cerro}/workbook/think.decision`);
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('La decisión del grupo');
	// Nueva Esperanza belongs to FERRECO.
	for (const path of [
		`${nueva}/workbook`,
		`${nueva}/workbook/think.decision`,
		`${nueva}/workbook/plan.pdf`,
		`${nueva}/workbook/financial-model.xlsx`,
		`${nueva}/workbook/action-plan.xlsx`
	]) {
		const answer = await page.goto(path);
		expect(answer!.status()).toBe(403);
	}
	await page.context().clearCookies();

	// FERRECO's focal point, the other way round: Cerro Rico's plan stays closed.
	await signIn(page, 'ferreco');
	for (const path of [
		`${cerro}/workbook`,
		`${cerro}/workbook/action-plan.activities`,
		`${cerro}/workbook/plan.pdf`,
		`${cerro}/workbook/financial-model.xlsx`
	]) {
		const answer = await page.goto(path);
		expect(answer!.status()).toBe(403);
	}
	await page.goto(`${nueva}/workbook`);
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Cuaderno de la cooperativa');
});

test.describe('without JavaScript', () => {
	test.use({ javaScriptEnabled: false });

	test(
		'dirigente writes his Action Plan problem and objective outside a session; a stale phone meets the conflict',
		{
			tag: '@embedded'
		},
		async ({ page, browser }) => {
			await signIn(page, 'dirigente');
			const mine = page.getByRole('region', { name: 'Mi grupo: Estrella del Sur' });
			await mine.getByRole('link', { name: /^Ver todas las sesiones del grupo/ }).click();
			await page.getByRole('link', { name: 'Ver el cuaderno de la cooperativa' }).click();
			await page.getByRole('link', { name: 'Problema y objetivo' }).click();
			await expect(page.getByRole('heading', { level: 1 })).toHaveText('Problema y objetivo');
			const url = page.url();

			// A second phone opens the same section before the first one saves.
			const other = await browser.newContext({
				javaScriptEnabled: false,
				viewport: page.viewportSize()!
			});
			const phone2 = await other.newPage();
			await signIn(phone2, 'socia');
			await phone2.goto(url);

			await page
				.getByLabel('¿Cuál es el problema?')
				.fill('Accidentes por falta de ventilación en la mina');
			await page
				.getByLabel('Objetivo', { exact: false })
				.first()
				.fill('Ningún accidente por gases en 2027');
			await page.getByRole('button', { name: 'Guardar' }).last().click();
			await expect(page.getByText('Cambios guardados.')).toBeVisible();
			await expect(page.getByLabel('¿Cuál es el problema?')).toHaveValue(
				'Accidentes por falta de ventilación en la mina'
			);
			await expect(
				page
					.getByRole('listitem')
					.filter({ hasText: /^Versión \d+: / })
					.first()
			).toContainText('en el cuaderno');

			await phone2.getByLabel('¿Cuál es el problema?').fill('Nos falta agua');
			await phone2.getByLabel('Objetivo', { exact: false }).first().fill('Agua para la planta');
			await phone2.getByRole('button', { name: 'Guardar' }).last().click();
			await expect(
				phone2.getByRole('heading', { name: 'Hay otra versión guardada' })
			).toBeVisible();
			await expect(phone2.getByLabel('¿Cuál es el problema?').last()).toHaveValue('Nos falta agua');
			await other.close();

			// The lead sends every draft for review at once from the workbook page.
			await page.getByRole('link', { name: '← Cuaderno de la cooperativa' }).click();
			const send = page.getByRole('form', { name: 'Enviar todo el plan a revisión' });
			const button = send.getByRole('button', { name: /^Enviar \d+ partes a revisión$/ });
			const count = Number((await button.textContent())!.match(/\d+/)![0]);
			await button.click();
			await expect(page.getByText(`Se enviaron ${count} partes a revisión.`)).toBeVisible();
			await expect(page.getByRole('form', { name: 'Enviar todo el plan a revisión' })).toHaveCount(
				0
			);
			const header = page.getByRole('listitem').filter({ hasText: 'Problema y objetivo' });
			await expect(header).toContainText('Enviada a revisión');
		}
	);
});

test(
	'the financial plan: the facilitator reads what Cerro Rico’s figures say, on a light page',
	{ tag: '@embedded' },
	async ({ page, baseURL }) => {
		await signIn(page, 'facilitador');
		await page.goto('/cohorts');
		await page.getByRole('link', { name: 'Cohorte 1', exact: true }).click();
		await page.getByRole('link', { name: 'Sesiones de los grupos' }).click();
		await page
			.locator('section[data-team="Cerro Rico Unificada"]')
			.getByRole('heading', { level: 2 })
			.getByRole('link')
			.click();
		await page.getByRole('link', { name: 'Ver el cuaderno de la cooperativa' }).click();
		await page.getByRole('link', { name: 'Plan financiero' }).click();
		await expect(page.getByRole('heading', { level: 1 })).toHaveText('Plan financiero');
		await page.getByRole('link', { name: 'Ver lo que calculó Minka' }).click();
		const results = page.getByRole('region', { name: 'Lo que calculó Minka' });
		await expect(results.getByRole('heading', { name: '¿Alcanza la plata?' })).toBeVisible();
		// Bs 1.050.000 of funding against Bs 1.040.000 needed; the loan's instalment after grace.
		await expect(results.locator('[data-figure="balance"]')).toHaveText('Bs 10.000');
		await expect(results.locator('[data-figure="loan-payment"]')).toHaveText('Bs 15.592,93');
		await expect(results.locator('[data-figure="break-even-units"]')).toHaveText('15,53 t');
		await expect(results.getByText('Es el 51,8 % de lo que pueden vender')).toBeVisible();
		await expect(results.locator('[data-figure="npv"]')).toHaveText('Bs 636.689,18');
		await expect(results.locator('[data-figure="irr"]')).toHaveText('31,3 %');
		await expect(results.locator('[data-figure="payback"]')).toHaveText('32 meses');
		await expect(
			results.getByRole('img', { name: 'Saldo de caja al final de cada mes' })
		).toBeVisible();
		await expect(results.getByRole('row', { name: /^12 / })).toContainText('268.743');
		expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(
			page.viewportSize()!.width
		);

		const [weight] = await measure({
			base: baseURL!,
			pages: [new URL(page.url()).pathname],
			user: 'facilitador',
			password: PASSWORD
		});
		expect(weight!.status).toBe(200);
		expect(weight!.bytes, `the financial plan weighs ${weight!.bytes} bytes`).toBeLessThanOrEqual(
			BUDGET_BYTES
		);

		// The same model as a spreadsheet whose formulas give the page's figures.
		const [download] = await Promise.all([
			page.waitForEvent('download'),
			results.getByRole('link', { name: 'Descargar el modelo en Excel (con fórmulas)' }).click()
		]);
		expect(download.suggestedFilename()).toBe(
			'plan-financiero-cooperativa-minera-cerro-rico-unificada-ltda.xlsx'
		);
		const file = join(mkdtempSync(join(tmpdir(), 'minka-e2e-')), 'model.xlsx');
		await download.saveAs(file);
		const sheet = await openSheetFormulas(readFileSync(file));
		const at = (label: string) => Number(sheet.get('Resultados', sheet.find('Resultados', label)));
		expect(at('Cuotas de cada mes de todos los préstamos')).toBeCloseTo(15_592.93, 1);
		expect(at('Tasa interna de retorno (TIR)')).toBeCloseTo(0.313, 3);
		expect(
			sheet.workbook.getWorksheet('Resultados')!.getCell(sheet.find('Resultados', 'Tenemos')).value
		).toMatchObject({ formula: expect.any(String) });
	}
);

test('the Action Plan by objective: the facilitator reads Cerro Rico’s and downloads it as XLSX', async ({
	page
}) => {
	await signIn(page, 'facilitador');
	await page.goto('/cohorts');
	await page.getByRole('link', { name: 'Cohorte 1', exact: true }).click();
	await page.getByRole('link', { name: 'Sesiones de los grupos' }).click();
	await page
		.locator('section[data-team="Cerro Rico Unificada"]')
		.getByRole('heading', { level: 2 })
		.getByRole('link')
		.click();
	await page.getByRole('link', { name: 'Ver el cuaderno de la cooperativa' }).click();
	await expect(
		page.getByRole('link', { name: 'Descargar el Plan de Acción en Excel' })
	).toBeVisible();
	await page.getByRole('link', { name: 'Actividades', exact: true }).click();
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Actividades');
	const groups = page.getByRole('region', { name: 'Las actividades, por objetivo' });
	await expect(groups.getByRole('heading', { level: 3 })).toHaveText([
		'Objetivo: Instalar la planta de flotación',
		'Objetivo: Trabajo seguro y con seguro social'
	]);
	await expect(groups).toContainText('Subtotal: Bs 2.500');
	await expect(groups).toContainText('Total del plan: Bs 3.700');
	expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(
		page.viewportSize()!.width
	);

	const [download] = await Promise.all([
		page.waitForEvent('download'),
		page.getByRole('link', { name: 'Descargar el Plan de Acción en Excel' }).click()
	]);
	expect(download.suggestedFilename()).toBe(
		'plan-de-accion-cooperativa-minera-cerro-rico-unificada-ltda.xlsx'
	);
	const file = join(mkdtempSync(join(tmpdir(), 'minka-e2e-')), 'action-plan.xlsx');
	await download.saveAs(file);
	const wb = new ExcelJS.Workbook();
	await wb.xlsx.load(readFileSync(file) as unknown as ArrayBuffer);
	const ws = wb.getWorksheet('Plan de Acción')!;
	const first: string[] = [];
	ws.eachRow((r) => first.push(String(r.getCell(1).value ?? '')));
	expect(first.filter((t) => t.startsWith('Objetivo: ')).slice(1)).toEqual([
		'Objetivo: Instalar la planta de flotación',
		'Objetivo: Trabajo seguro y con seguro social'
	]);
	expect(first).toContain('Inscribir a los operadores de la planta en la seguridad social');
	let total: ExcelJS.CellValue = null;
	ws.eachRow((r) => {
		if (r.getCell(1).value === 'Total del plan') total = r.getCell(5).value;
	});
	expect(total).toMatchObject({ formula: expect.stringMatching(/^SUM\(/), result: 3_700 });
	expect(wb.getWorksheet('Temas transversales')).toBeDefined();
});

/** Types into workbook fields by their id without the form's `wb-` prefix. */
async function fill(page: Page, values: Record<string, string>) {
	for (const [id, value] of Object.entries(values)) await page.locator(`#wb-${id}`).fill(value);
}

test.describe('without JavaScript, the financial plan', () => {
	test.use({ javaScriptEnabled: false });

	test(
		'dirigente types a first model and sees what is missing, then the figures',
		{ tag: '@embedded' },
		async ({ page }) => {
			await signIn(page, 'dirigente');
			const mine = page.getByRole('region', { name: 'Mi grupo: Estrella del Sur' });
			await mine.getByRole('link', { name: /^Ver todas las sesiones del grupo/ }).click();
			await page.getByRole('link', { name: 'Ver el cuaderno de la cooperativa' }).click();
			await page.getByRole('link', { name: 'Plan financiero' }).click();
			const results = page.getByRole('region', { name: 'Lo que calculó Minka' });
			await expect(results).toContainText('Cuando guarden las inversiones');

			await fill(page, {
				'investments-0-item': 'Quimbalete y mesa concentradora',
				'investments-0-amount': '95.000',
				'investments-0-usefulLife': '8',
				'fixedCosts-0-item': 'Sueldo del operador',
				'fixedCosts-0-amountPerMonth': '3.500',
				breakEven: 'Vamos a ver.'
			});
			await page.getByRole('button', { name: 'Guardar' }).last().click();
			await expect(page.getByText('Cambios guardados.')).toBeVisible();
			// Nothing to sell yet: the model says so instead of showing figures.
			await expect(results.getByRole('heading', { name: 'Revisen esto' })).toBeVisible();
			await expect(results).toContainText('Corrijan lo de arriba para ver los números.');

			const mineral = {
				'minerals-0-name': 'Concentrado de estaño',
				'minerals-0-unit': 't',
				'minerals-0-unitsPerMonth': '1,5',
				'minerals-0-gradePercent': '40',
				'minerals-0-finePriceUsd': '30000',
				'minerals-0-variableCost': '55000',
				members: '30',
				contributionPerMember: '3.200'
			};
			// A word where a number goes: said in words, everything typed kept, nothing saved.
			await fill(page, { ...mineral, 'minerals-0-exchangeRate': 'seis' });
			await page.getByRole('button', { name: 'Guardar' }).last().click();
			await expect(page.getByRole('alert')).toBeVisible();
			await expect(page.getByText('Escriba solo un número, por ejemplo 12 o 2,5.')).toBeVisible();
			await expect(page.locator('#wb-minerals-0-exchangeRate')).toHaveValue('seis');
			await expect(page.locator('#wb-minerals-0-name')).toHaveValue('Concentrado de estaño');
			await expect(results.getByRole('heading', { name: 'Revisen esto' })).toBeVisible();

			await fill(page, { 'minerals-0-exchangeRate': '6,96' });
			await page.getByRole('button', { name: 'Guardar' }).last().click();
			await expect(page.getByText('Cambios guardados.')).toBeVisible();
			await expect(page.locator('#wb-minerals-0-exchangeRate')).toHaveValue('6,96');
			await expect(results.locator('[data-figure="balance"]')).toHaveText('Bs 1.000');
			await expect(results.locator('[data-figure="npv"]')).toHaveText(/^Bs /);
			await expect(
				results.getByRole('heading', { name: 'Resultados de los 5 años' })
			).toBeVisible();
			await expect(results.locator('[data-figure="break-even-units"]')).toHaveText(/ t$/);
			await expect(results.locator('[data-figure="irr"]')).toHaveText(/ %$/);
			const cash = results.getByRole('region', { name: 'La caja de cada mes del año 1' });
			await expect(cash.getByRole('row')).toHaveCount(13);
			const sensitivity = results.getByRole('region', { name: '¿Y si cambian las cosas?' });
			await expect(sensitivity.getByRole('row', { name: /^Precio -20 %/ })).toBeVisible();
			await expect(sensitivity.getByRole('columnheader', { name: /^Equilibrio/ })).toBeVisible();

			// A better price: the figures are worked out again on the next save.
			const npvBefore = await results.locator('[data-figure="npv"]').textContent();
			const bs = (t: string | null) => Number(t!.replace(/[^\d,-]/g, '').replace(',', '.'));
			await fill(page, { 'minerals-0-finePriceUsd': '36000' });
			await page.getByRole('button', { name: 'Guardar' }).last().click();
			await expect(page.getByText('Cambios guardados.')).toBeVisible();
			const npvAfter = await results.locator('[data-figure="npv"]').textContent();
			expect(bs(npvAfter)).toBeGreaterThan(bs(npvBefore));

			// The feasibility study's decision page shows the same figures, not typed twice.
			await page.getByRole('link', { name: '← Cuaderno de la cooperativa' }).click();
			await page.getByRole('link', { name: 'Decisión: ¿seguimos o no?' }).click();
			const summary = page.getByRole('region', { name: 'Lo que dice el plan financiero' });
			await expect(summary.locator('[data-figure="npv"]')).toHaveText(npvAfter!);
			await expect(
				page.getByRole('radio', { name: 'Factible con condiciones' }).first()
			).toBeVisible();
		}
	);
});
