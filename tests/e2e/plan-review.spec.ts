import { execFile } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { BUDGET_BYTES, measure } from '../../bench/page-weight';
import type { Page } from '@playwright/test';
import { expect, mainNav, PASSWORD, signIn, signOut, test } from './helpers';

// Estrella del Sur's lead writes the Action Plan's activities, sends them for review; the
// cohort's facilitator comments on the field and asks for changes; the lead answers, changes and
// sends again; the facilitator approves. Two people on one phone, one after the other.
test(
	'the Action Plan goes to the facilitator, comes back with a comment, and is approved',
	{ tag: '@embedded' },
	async ({ page, baseURL }) => {
		const openActivities = async (p: Page) => {
			const mine = p.getByRole('region', { name: 'Mi grupo: Estrella del Sur' });
			await mine.getByRole('link', { name: /^Ver todas las sesiones del grupo/ }).click();
			await p.getByRole('link', { name: 'Ver el cuaderno de la cooperativa' }).click();
			await p.getByRole('link', { name: 'Actividades', exact: true }).click();
			await expect(p.getByRole('heading', { level: 1 })).toHaveText('Actividades');
		};
		const save = async (p: Page) => {
			await p.getByRole('button', { name: 'Guardar' }).last().click();
			await expect(p.getByText('Cambios guardados.')).toBeVisible();
		};

		await signIn(page, 'dirigente');
		await openActivities(page);
		const url = page.url();
		await page.locator('#wb-activities-0-activity').fill('Comprar ventiladores para el nivel 3');
		await page.locator('#wb-activities-0-responsible').selectOption({ index: 1 });
		await page.locator('#wb-activities-0-startDate').fill('2027-02-01');
		await page.locator('#wb-activities-0-endDate').fill('2027-03-15');
		await page.locator('#wb-activities-0-budget').fill('1.500');
		await save(page);
		// The checks explain what is still missing, in plain words.
		await expect(
			page.getByRole('heading', { name: 'Revisen esto en el Plan de Acción' })
		).toBeVisible();
		await expect(page.getByText(/^Actividad 1: falta el indicador/)).toBeVisible();
		await expect(page.getByRole('heading', { name: 'Pasos de la revisión' })).toBeVisible();
		await expect(page.getByText('Todavía no se envió a revisión.')).toBeVisible();
		await page.getByRole('button', { name: 'Enviar a revisión' }).click();
		await expect(page.getByText('Enviada a revisión.', { exact: true })).toBeVisible();
		await expect(page.getByText(/^Esta parte está enviada a revisión/)).toBeVisible();
		await expect(page.getByRole('button', { name: 'Guardar' })).toHaveCount(0);
		await expect(page.locator('#wb-activities-0-activity')).toHaveCount(0);
		await signOut(page);

		// The facilitator finds it in the queue, comments on the field, asks for changes.
		await signIn(page, 'facilitador');
		await (await mainNav(page)).getByRole('link', { name: 'Planes por revisar' }).click();
		await expect(page.getByRole('heading', { level: 1 })).toHaveText('Planes por revisar');
		const item = page.getByRole('listitem').filter({ hasText: 'Estrella del Sur' });
		await expect(item).toContainText('Actividades');
		await item.getByRole('link', { name: /^Revisar/ }).click();
		await expect(page).toHaveURL(url + '#review');
		// Asking for changes without a reason is refused, with why.
		await page.getByRole('button', { name: 'Pedir cambios' }).click();
		await expect(page.getByText(/^Para pedir cambios, escriba qué falta/)).toBeVisible();
		await page.getByLabel('Sobre qué').selectOption({ label: 'Actividades del plan' });
		await page
			.getByLabel('Su comentario')
			.fill('¿Cuántos ventiladores son y cuánto cuesta cada uno?');
		await page.getByRole('button', { name: 'Guardar comentario' }).click();
		await expect(page.getByText('Comentario guardado.')).toBeVisible();
		await page.getByRole('button', { name: 'Pedir cambios' }).click();
		await expect(page.getByText(/^Se pidieron cambios/)).toBeVisible();
		await expect(page.getByText(/pidió cambios \(versión 1\)/)).toBeVisible();
		await signOut(page);

		// The lead sees the comment beside the field, answers it, changes the budget, sends again.
		await signIn(page, 'dirigente');
		await openActivities(page);
		await expect(page.getByText('Con cambios pedidos').first()).toBeVisible();
		const comments = page.getByRole('complementary', { name: 'Comentarios sobre este campo' });
		await expect(comments).toContainText('¿Cuántos ventiladores son');
		await expect(comments).toContainText('Marcelo Aguilar Terán');
		await comments.getByText('Responder').click();
		await comments.getByLabel('Su respuesta').fill('Son dos, de Bs 750 cada uno.');
		await comments.getByRole('button', { name: 'Enviar respuesta' }).click();
		await expect(page.getByText('Comentario guardado.')).toBeVisible();
		await expect(comments).toContainText('Son dos, de Bs 750 cada uno.');
		await page.locator('#wb-activities-0-budget').fill('1.600');
		await save(page);
		await page.getByRole('button', { name: 'Enviar a revisión' }).click();
		await expect(page.getByText('Enviada a revisión.', { exact: true })).toBeVisible();
		await signOut(page);

		// The facilitator reads the answer and approves the version read.
		await signIn(page, 'facilitador');
		await page.goto(url);
		await expect(page.getByText('Son dos, de Bs 750 cada uno.')).toBeVisible();
		await expect(page.getByText('Bs 1.600', { exact: true })).toBeVisible();
		await expect(page.getByText('Total del plan: Bs 1.600')).toBeVisible();
		await page.getByRole('button', { name: 'Aprobar esta versión' }).click();
		await expect(page.getByText('Aprobada.', { exact: true })).toBeVisible();
		await expect(page.getByText(/aprobó la versión 2/)).toBeVisible();
		expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(
			page.viewportSize()!.width
		);
		const [weight] = await measure({
			base: baseURL!,
			pages: [new URL(url).pathname],
			user: 'facilitador',
			password: PASSWORD
		});
		expect(weight!.status).toBe(200);
		expect(weight!.bytes).toBeLessThanOrEqual(BUDGET_BYTES);
		await signOut(page);

		// The lead takes the whole plan away as a PDF; it says what was approved.
		await signIn(page, 'dirigente');
		await page.goto(url);
		await expect(page.getByText('Aprobada').first()).toBeVisible();
		await page.getByRole('link', { name: '← Cuaderno de la cooperativa' }).click();
		const [download] = await Promise.all([
			page.waitForEvent('download'),
			page.getByRole('link', { name: 'Descargar el plan en PDF' }).click()
		]);
		expect(download.suggestedFilename()).toMatch(
			/^plan-cooperativa-minera-estrella-del-sur.*\.pdf$/
		);
		const file = join(mkdtempSync(join(tmpdir(), 'minka-e2e-')), 'plan.pdf');
		await download.saveAs(file);
		const { stdout } = await promisify(execFile)('pdftotext', ['-layout', file, '-']);
		expect(stdout).toContain('Plan de la cooperativa');
		expect(stdout).toContain('Cooperativa Minera Estrella del Sur Ltda.');
		expect(stdout).toMatch(/Página 1 de \d+/);
		expect(stdout).toContain('1. Comprar ventiladores para el nivel 3');
		expect(stdout).toContain('Bs 1.600');
		expect(stdout).toMatch(/Aprobada · versión 2 [^]*?aprobada por Marcelo\s+Aguilar\s+Terán/);
	}
);
