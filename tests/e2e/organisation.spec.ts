import { execFile } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { expect, signIn, test } from './helpers';

// The organisation part of the workbook on a phone, without JavaScript: the AFCOOP checklist
// opens with its five founding steps, and the draft bylaws come out as a PDF marked as a draft.
test.use({ javaScriptEnabled: false });

test('dirigente finds the five AFCOOP steps already written, marks one done and saves', async ({
	page
}) => {
	await signIn(page, 'dirigente');
	const mine = page.getByRole('region', { name: 'Mi grupo: Estrella del Sur' });
	await mine.getByRole('link', { name: /^Ver todas las sesiones del grupo/ }).click();
	await page.getByRole('link', { name: 'Ver el cuaderno de la cooperativa' }).click();
	await page.getByRole('link', { name: 'Registro ante la AFCOOP' }).click();
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Registro ante la AFCOOP');

	const row = (n: number) => page.getByRole('group', { name: `Fila ${n}`, exact: true });
	await expect(page.getByRole('group', { name: /^Fila \d+$/ })).toHaveCount(5);
	await expect(row(1).getByLabel('Paso o trámite')).toHaveValue(
		/^1\. Formar el comité organizador/
	);
	await expect(row(2).getByLabel('Notas')).toHaveValue(
		'Arancel de referencia Bs 100 — consulten el vigente en la AFCOOP'
	);
	await expect(row(5).getByLabel('Paso o trámite')).toHaveValue(/90 días/);
	for (const n of [1, 2, 3, 4, 5])
		await expect(row(n).getByRole('radio', { name: 'Falta', exact: true })).toBeChecked();

	await row(1).getByRole('radio', { name: 'Hecho', exact: true }).check();
	await row(1).getByLabel('Fecha').fill('2026-11-30');
	await page.getByRole('button', { name: 'Guardar' }).last().click();
	await expect(page.getByText('Cambios guardados.')).toBeVisible();
	await expect(row(1).getByRole('radio', { name: 'Hecho', exact: true })).toBeChecked();
	await expect(row(2).getByRole('radio', { name: 'Falta', exact: true })).toBeChecked();
	await expect(page.getByRole('group', { name: /^Fila \d+$/ })).toHaveCount(5);
	await expect(page.getByRole('listitem').filter({ hasText: /^Versión 1: / })).toContainText(
		'en el cuaderno'
	);
	expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(
		page.viewportSize()!.width
	);
});

test("the facilitator downloads Cerro Rico Unificada's draft bylaws, marked BORRADOR", async ({
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
	const [download] = await Promise.all([
		page.waitForEvent('download'),
		page.getByRole('link', { name: 'Borrador del estatuto (PDF)' }).click()
	]);
	expect(download.suggestedFilename()).toMatch(
		/^estatuto-borrador-cooperativa-minera-cerro-rico-unificada.*\.pdf$/
	);
	const file = join(mkdtempSync(join(tmpdir(), 'minka-e2e-')), 'estatuto.pdf');
	await download.saveAs(file);
	const { stdout } = await promisify(execFile)('pdftotext', [file, '-']);
	const text = stdout.replace(/\s+/g, ' ');
	expect(text).toContain(
		'Estatuto orgánico de la Cooperativa Minera Cerro Rico Unificada Ltda. — BORRADOR'
	);
	expect(text).toContain('Germán Flores Gutiérrez');
	expect(text).toContain('[Falta: Disciplina y sanciones — complétenlo en el cuaderno]');

	// The bylaws section's page links the same draft.
	await page.getByRole('link', { name: 'Estatuto orgánico' }).click();
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Estatuto orgánico');
	await expect(page.getByRole('link', { name: 'Borrador del estatuto (PDF)' })).toHaveAttribute(
		'href',
		/\/workbook\/bylaws\.pdf$/
	);
});
