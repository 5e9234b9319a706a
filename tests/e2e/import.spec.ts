import type { Page } from '@playwright/test';
import { inlineRow, sheetEnd, sheetStart, workbookParts, zip } from '../helpers/hostile-xlsx';
import { expect, signIn, signOut, test } from './helpers';

const fixtures = 'tests/fixtures/member-lists';

/** Each row's status label and reasons in the preview table. */
async function previewRow(page: Page, row: number) {
	const tr = page.locator(`tr[data-row="${row}"]`);
	return {
		status: await tr.getAttribute('data-status'),
		reasons: (await tr.locator('.reasons li').allTextContents()).map((s) => s.trim())
	};
}

const REPEATED = (rows: string) =>
	`El C.I. 6158050 está en varias filas (${rows}): deje una sola fila por persona.`;
const SAME_PERSON = (rows: string) =>
	`Parece la misma persona en las filas ${rows}, con el C.I. 4119631 con y sin complemento: deje una sola fila, con el C.I. correcto.`;
const NO_CI = 'Falta el número de C.I.';
const MINOR =
	/^Es menor de edad \(\d+ años, nació el 07\/04\/2012\): el trabajo en la minería está prohibido para menores de 18 años\.$/;
const NAME = 'El nombre «ana» está incompleto: escriba nombres y apellidos.';
const PHONE =
	'El celular «7123» no es un número de Bolivia: son 8 cifras (celular que empieza con 6 o 7, o teléfono fijo con su código), con o sin +591.';
const NO_SEX = 'Falta el sexo (M o F).';

async function expectProblems(page: Page, problems: Array<[number, string | RegExp]>) {
	await expect(page.locator('tbody tr')).toHaveCount(problems.length);
	for (const [row, reason] of problems) {
		const r = await previewRow(page, row);
		expect(r.status, `row ${row}`).toBe('error');
		expect(r.reasons, `row ${row}`).toHaveLength(1);
		if (typeof reason === 'string') expect(r.reasons[0], `row ${row}`).toBe(reason);
		else expect(r.reasons[0], `row ${row}`).toMatch(reason);
	}
}

test(
	'a coordinator imports a federation list (.xlsx), then the same list as .csv',
	{ tag: '@embedded' },
	async ({ page }) => {
		test.setTimeout(90_000);
		await signIn(page, 'coordinadora');

		// Step 0: choose the cohort.
		await page.goto('/import');
		const cohort = page.locator('#cohort option', { hasText: /^Cohorte 1 — / });
		await page
			.getByLabel('Cohorte', { exact: true })
			.selectOption((await cohort.getAttribute('value'))!);
		await page.getByRole('button', { name: 'Continuar' }).click();
		await expect(page).toHaveURL(/\/cohorts\/[0-9a-f-]{36}\/import$/);
		const cohortPath = page
			.url()
			.replace(/^https?:\/\/[^/]+/, '')
			.replace(/\/import$/, '');
		await expect(page.getByRole('link', { name: 'Descargar la plantilla (.xlsx)' })).toBeVisible();

		// Step 1: upload the spreadsheet as the federation sent it.
		await page
			.getByLabel(/Archivo \.xlsx o \.csv/)
			.setInputFiles(`${fixtures}/lista-participantes-grupo1.xlsx`);
		await page.getByRole('button', { name: 'Subir y revisar' }).click();

		// Step 2: the mapping is guessed under the title block; keep it.
		await expect(page.getByRole('heading', { name: 'Revise las columnas' })).toBeVisible();
		await expect(page.getByLabel('Fila de los encabezados')).toHaveValue('4');
		await expect(page.getByLabel(/Columna B/)).toHaveValue('fullName');
		await expect(page.getByLabel(/Columna C/)).toHaveValue('ci');
		await expect(page.getByLabel(/Columna A/)).toHaveValue('');
		await page.getByRole('button', { name: 'Ver la vista previa' }).click();

		// Step 3: the four cooperatives it cannot match with certainty are asked about.
		const questions = page.getByTestId('coop-question');
		await expect(questions).toHaveCount(4);
		await expect(page.getByTestId('count-error')).toContainText('122');
		// A question is known by its legend (every question lists every cooperative).
		const question = (name: string) =>
			questions.filter({ has: page.locator('legend', { hasText: name }) });
		const cerro = question('Cerro Rico');
		await expect(
			cerro.locator('option', { hasText: 'Cerro Rico Unificada (FENCOMIN)' })
		).toHaveCount(1);
		await cerro
			.getByLabel('¿Qué cooperativa es?')
			.selectOption({ label: 'Cerro Rico Unificada (FENCOMIN)' });
		// Departments by name, not by the code on identity cards.
		await expect(
			question('Nueva Guanay').getByLabel('Departamento (si es nueva)').locator('option')
		).toContainText(['— Elija —', 'La Paz', 'Cochabamba', 'Santa Cruz', 'Oruro', 'Potosí']);
		for (const [name, fed, dept] of [
			['Nueva Guanay', 'FECOMAN', 'La Paz'],
			['Multiactiva Llallagua', 'FENCOMIN', 'Potosí'],
			['San Juan de Tipuani', 'FERRECO', 'La Paz']
		]) {
			const q = question(name!);
			await q.getByLabel('¿Qué cooperativa es?').selectOption('new');
			await q.getByLabel('Federación (si es nueva)').selectOption({ label: fed! });
			await q.getByLabel('Departamento (si es nueva)').selectOption({ label: dept! });
		}
		await page.getByRole('button', { name: 'Aplicar y actualizar la vista previa' }).click();
		await expect(
			page.getByText('Actualizamos la vista previa con sus elecciones. Revísela y confirme.')
		).toBeVisible();
		await expect(page.getByTestId('count-new')).toContainText('113');
		await expect(page.getByTestId('count-error')).toContainText('9');

		// Row by row, the problems and why.
		await page.getByTestId('count-error').click();
		await expectProblems(page, [
			[8, REPEATED('8, 125')],
			[12, NO_CI],
			[13, MINOR],
			[14, NAME],
			[15, SAME_PERSON('15, 126')],
			[17, PHONE],
			[19, NO_SEX],
			[125, REPEATED('8, 125')],
			[126, SAME_PERSON('15, 126')]
		]);
		const errorsHref = await page
			.getByRole('link', { name: 'Descargar las filas con problemas (.xlsx)' })
			.getAttribute('href');
		const report = await page.request.get(errorsHref!);
		expect(report.status()).toBe(200);
		expect(report.headers()['content-type']).toContain('spreadsheetml');

		// Confirm: everything in one go, then a summary and the way back to the cohort.
		await page.getByRole('button', { name: 'Confirmar la importación de 113 filas' }).click();
		const summary = page.getByTestId('import-summary');
		await expect(summary.getByRole('heading')).toHaveText('Importación terminada');
		await expect(summary).toContainText(
			'113 personas nuevas, 0 actualizadas, 0 sin cambios y 9 filas con problemas que no se importaron.'
		);
		await expect(summary).toContainText('113 personas inscritas en la cohorte.');
		await expect(summary).toContainText('Se crearon 3 cooperativas y 3 grupos.');
		await expect(page.getByRole('link', { name: 'Volver a la cohorte' })).toHaveAttribute(
			'href',
			cohortPath
		);

		// Teams are formed per cooperative: the demo's six, plus one for each new cooperative, and
		// Cerro Rico's new members joined the team it already had.
		const again = await page
			.getByRole('link', { name: 'Importar otra lista' })
			.getAttribute('href');
		await page.getByRole('link', { name: 'Volver a la cohorte' }).click();
		await expect(page).toHaveURL(cohortPath);
		const teams = page.locator('ul.team-list > li');
		await expect(teams).toHaveCount(9);
		await expect(teams.filter({ hasText: 'Cerro Rico Unificada' })).toHaveCount(1);

		// The same list saved as CSV: nothing new, the same problems.
		await page.goto(again!);
		await page
			.getByLabel(/Archivo \.xlsx o \.csv/)
			.setInputFiles(`${fixtures}/lista-participantes-grupo1.csv`);
		await page.getByRole('button', { name: 'Subir y revisar' }).click();
		await expect(page.getByLabel('Fila de los encabezados')).toHaveValue('1');
		await page.getByRole('button', { name: 'Ver la vista previa' }).click();
		await expect(page.getByTestId('coop-question')).toHaveCount(0);
		await expect(page.getByTestId('count-duplicate')).toContainText('113');
		await expect(page.getByTestId('count-new')).toContainText('0');
		await expect(page.getByTestId('count-update')).toContainText('0');
		await expect(page.getByTestId('count-error')).toContainText('9');
		const first = await previewRow(page, 2);
		expect(first).toEqual({
			status: 'duplicate',
			reasons: ['Ya está registrada e inscrita en esta cohorte: no cambia nada.']
		});
		await expect(page.getByText('No hay filas para importar.')).toBeVisible();
		await page.getByTestId('count-error').click();
		await expectProblems(page, [
			[5, REPEATED('5, 122')],
			[9, NO_CI],
			[10, MINOR],
			[11, NAME],
			[12, SAME_PERSON('12, 123')],
			[14, PHONE],
			[16, NO_SEX],
			[122, REPEATED('5, 122')],
			[123, SAME_PERSON('12, 123')]
		]);
	}
);

test('a wrong file gets a clear message, and people who do not coordinate cannot import', async ({
	page
}) => {
	test.setTimeout(90_000);
	await signIn(page, 'coordinadora');
	await page.goto('/import');
	await page.getByRole('button', { name: 'Continuar' }).click();
	await page.getByLabel(/Archivo \.xlsx o \.csv/).setInputFiles({
		name: 'foto.png',
		mimeType: 'image/png',
		buffer: Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d])
	});
	await page.getByRole('button', { name: 'Subir y revisar' }).click();
	await expect(page.getByRole('alert')).toHaveText(
		'Este tipo de archivo no sirve. Suba una planilla de Excel (.xlsx) o un archivo CSV.'
	);
	const importPath = new URL(page.url()).pathname;

	// An empty file is not "no file".
	await page.goto(importPath);
	await page
		.getByLabel(/Archivo \.xlsx o \.csv/)
		.setInputFiles({ name: 'lista.csv', mimeType: 'text/csv', buffer: Buffer.alloc(0) });
	await page.getByRole('button', { name: 'Subir y revisar' }).click();
	await expect(page.getByRole('alert')).toHaveText('El archivo está vacío: no tiene datos.');

	// A 100 KB .xlsx holding one cell of 100 million characters: refused at once, with the limit.
	const huge = zip(
		workbookParts([
			sheetStart,
			inlineRow(1, ['NOMBRES Y APELLIDOS', 'C.I.', 'SEXO', 'COOPERATIVA']),
			'<row r="2"><c r="A2" t="inlineStr"><is><t>',
			{ repeat: 'a'.repeat(1024 * 1024), times: 100 },
			'</t></is></c></row>',
			sheetEnd
		])
	);
	await page.goto(importPath);
	await page.getByLabel(/Archivo \.xlsx o \.csv/).setInputFiles({
		name: 'lista.xlsx',
		mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
		buffer: Buffer.from(huge)
	});
	const [answer] = await Promise.all([
		page.waitForResponse((r) => r.request().method() === 'POST'),
		page.getByRole('button', { name: 'Subir y revisar' }).click()
	]);
	expect(answer.status()).toBe(400);
	await expect(page.getByRole('alert')).toContainText('Una celda tiene más de 1.000 caracteres');
	await signOut(page);

	for (const user of ['facilitador', 'fencomin', 'socia']) {
		await signIn(page, user);
		const res = await page.goto(importPath);
		expect(res?.status(), user).toBe(403);
		// The template download too: the app's own error page, in Spanish, not a bare "forbidden".
		const download = await page.goto(`${importPath}/template.xlsx`);
		expect(download?.status(), user).toBe(403);
		await expect(page.getByRole('heading', { level: 1 })).toHaveText(
			'Sin permiso para esta página'
		);
		await expect(page.getByText('No tiene permiso para ver esta página.')).toBeVisible();
		await page.goto('/');
		await signOut(page);
	}
});
