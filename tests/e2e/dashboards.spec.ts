import ExcelJS from 'exceljs';
import { BUDGET_BYTES, measure } from '../../bench/page-weight';
import { expect, mainNav, signIn, signOut, test } from './helpers';

// The demo on a phone: six cooperatives in three federations (FENCOMIN: Estrella del Sur, Cerro
// Rico Unificada, Poopó Unido). Other specs may add runs or members on the same server, so the
// checks here are of structure, scope and sums, plus what no other spec changes.

const figure = (page: import('@playwright/test').Page, key: string) =>
	page.locator(`li[data-figure="${key}"] .big`);

/** The rows of one of the dashboard's tables: header cell → first figure (enrolled). */
async function enrolledRows(page: import('@playwright/test').Page, table: string) {
	const rows = page.locator(`table[data-table="${table}"] tbody tr`);
	const out: Record<string, number> = {};
	for (const row of await rows.all())
		out[(await row.locator('th').innerText()).trim()] = Number(
			await row.locator('td').first().innerText()
		);
	return out;
}

test('the coordinator sees the figures by sex and federation, with charts and tables, and filters', async ({
	page
}) => {
	await signIn(page, 'coordinadora');
	await (await mainNav(page)).getByRole('link', { name: 'Tablero', exact: true }).click();
	await expect(page).toHaveURL('/dashboards');
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Tablero del programa');

	const enrolled = Number(await figure(page, 'enrolled').innerText());
	expect(enrolled).toBeGreaterThanOrEqual(30);
	// The chart by sex, named for screen readers, and its table; women and men add up.
	await expect(page.locator('section[aria-labelledby="h-sex"] svg[role="img"] title')).toHaveText(
		'Inscritos y terminaron, por sexo'
	);
	const sex = await enrolledRows(page, 'sex');
	expect(sex['Mujeres']! + sex['Hombres']!).toBe(enrolled);
	expect(sex['Total']).toBe(enrolled);
	await expect(page.getByRole('region', { name: 'Cifras por sexo' })).toBeVisible();
	// By federation: all three, summing to the total; and its chart.
	const fed = await enrolledRows(page, 'federation');
	expect(Object.keys(fed).sort()).toEqual(['FECOMAN', 'FENCOMIN', 'FERRECO']);
	expect(Object.values(fed).reduce((a, b) => a + b, 0)).toBe(enrolled);
	await expect(
		page.locator('section[aria-labelledby="h-federation"] svg[role="img"] desc')
	).toContainText('FENCOMIN');
	// Cerro Rico's five finished Think.COOP; its grid row shows done sessions in words.
	const cerro = page.locator('.grid-table tbody tr', { hasText: 'Cerro Rico Unificada' });
	await expect(cerro.getByText('hecha').first()).toBeAttached();
	await expect(page.getByRole('heading', { name: 'Pruebas: antes y después' })).toBeVisible();
	await expect(page.locator('li[data-figure="action-plans"] .big')).toHaveText('1');
	// Action Plan follow-up: the demo's first round, where Cerro Rico Unificada reported early.
	const fu = page.locator('section[data-section="follow-up"]');
	await expect(fu.getByRole('heading', { level: 2 })).toHaveText('Seguimiento del Plan de Acción');
	await expect(fu.locator('table[data-table="fu-rounds"] tbody')).toContainText(
		'3 meses después del curso'
	);
	await expect(fu.locator('svg[role="img"] title')).toHaveText(
		'Actividades del Plan de Acción, por estado'
	);
	await expect(fu.getByText('los filtros de sexo, edad y cargo no cambian')).toBeVisible();
	// No page wider than the phone.
	expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(
		page.viewportSize()!.width
	);

	// Filter by federation with the plain form.
	await page.locator('details.filters > summary').click();
	await page.locator('#f-federation').selectOption({ label: 'FERRECO' });
	await page.getByRole('button', { name: 'Ver cifras' }).click();
	await expect(page).toHaveURL(/federation=[0-9a-f-]{36}/);
	expect(Object.keys(await enrolledRows(page, 'federation'))).toEqual(['FERRECO']);
	expect(Number(await figure(page, 'enrolled').innerText())).toBe(fed['FERRECO']);
	await expect(page.locator('.grid-table tbody tr')).toHaveCount(1);
	await expect(page.locator('.grid-table tbody tr')).toContainText('Nueva Esperanza');

	// The downloads carry the filter: the workbook and the anonymised open-data CSV.
	const xlsxLink = page.getByRole('link', { name: 'Descargar en Excel' });
	await expect(xlsxLink).toHaveAttribute(
		'href',
		/^\/dashboards\/report\.xlsx\?federation=[0-9a-f-]{36}$/
	);
	const [download] = await Promise.all([page.waitForEvent('download'), xlsxLink.click()]);
	expect(download.suggestedFilename()).toMatch(/^informe-\d{4}-\d{2}-\d{2}\.xlsx$/);
	const xlsx = await page.request.get((await xlsxLink.getAttribute('href'))!);
	expect(xlsx.headers()['content-type']).toBe(
		'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'
	);
	const wb = new ExcelJS.Workbook();
	await wb.xlsx.load((await xlsx.body()) as unknown as ArrayBuffer);
	expect(wb.worksheets[0]!.name).toBe('Filtros');
	expect(JSON.stringify(wb.worksheets[0]!.getSheetValues())).toContain('Federación: FERRECO');
	const byFed = wb.getWorksheet('Por federación')!;
	expect(byFed.getCell('A3').value).toBe('FERRECO');
	expect(byFed.getCell('B3').value).toBe(fed['FERRECO']);

	const csvLink = page.getByRole('link', { name: 'Datos abiertos (CSV, anónimo)' });
	const csv = await page.request.get((await csvLink.getAttribute('href'))!);
	expect(csv.headers()['content-type']).toBe('text/csv; charset=utf-8');
	expect(csv.headers()['content-disposition']).toMatch(
		/attachment; filename="datos-abiertos-\d{4}-\d{2}-\d{2}\.csv"/
	);
	const body = await csv.body();
	expect([...body.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
	const lines = body.subarray(3).toString('utf8').trim().split('\r\n');
	expect(lines[0]).toBe('as_of,indicator,course,breakdown,group,people');
	const total = lines
		.find((l) => /^[\d-]+,enrolled,,total,,/.test(l))!
		.split(',')
		.at(-1);
	expect(total).toBe(fed['FERRECO']! < 5 ? '<5' : String(fed['FERRECO']));
	// A handful of people split by sex, age and department leaves small cells: hidden.
	expect(lines.some((l) => l.endsWith(',<5'))).toBe(true);
	expect(lines.join('\n')).not.toMatch(/FENCOMIN|FECOMAN/);
	// Malformed filters are dropped, never an error; the PDF summary comes whole.
	const pdf = await page.request.get('/dashboards/report.pdf?federation=nope&age=%00');
	expect(pdf.status()).toBe(200);
	expect(pdf.headers()['content-type']).toBe('application/pdf');
	expect((await pdf.body()).subarray(0, 5).toString()).toBe('%PDF-');
});

test('the FENCOMIN focal point sees only FENCOMIN, even asking for another federation', async ({
	page
}) => {
	// Another federation's id, as the coordinator's filter offers it.
	await signIn(page, 'coordinadora');
	await page.goto('/dashboards');
	const ferreco = await page
		.locator('#f-federation')
		.locator('option', { hasText: 'FERRECO' })
		.getAttribute('value');
	await signOut(page);

	await signIn(page, 'fencomin');
	await (await mainNav(page)).getByRole('link', { name: 'Tablero', exact: true }).click();
	const enrolled = Number(await figure(page, 'enrolled').innerText());
	expect(await enrolledRows(page, 'federation')).toEqual({ FENCOMIN: enrolled });
	const teams = await page.locator('.grid-table tbody tr th').allInnerTexts();
	expect(teams.map((t) => t.split('\n')[0]).sort()).toEqual([
		'Cerro Rico Unificada',
		'Estrella del Sur',
		'Poopó Unido'
	]);
	await expect(page.locator('#f-federation').locator('option')).toHaveText(['Todos', 'FENCOMIN']);

	await page.goto(`/dashboards?federation=${ferreco}`);
	await expect(figure(page, 'enrolled')).toHaveText('0');
	await expect(page.locator('.grid-table')).toHaveCount(0);
	await expect(page.getByText('Nueva Esperanza')).toHaveCount(0);
	// Nor do the downloads.
	const theirs = await (
		await page.request.get(`/dashboards/public.csv?federation=${ferreco}`)
	).text();
	expect(theirs).toMatch(/,enrolled,,total,,0\r\n/);
	expect(theirs).not.toContain('FERRECO');
});

test('the dashboard stays within the cold-load budget', async ({ baseURL }) => {
	const [r] = await measure({
		base: baseURL!,
		pages: ['/dashboards'],
		user: 'coordinadora',
		password: 'minka-demo'
	});
	expect(r!.status).toBe(200);
	expect(r!.bytes, `the dashboard weighs ${r!.bytes} bytes`).toBeLessThanOrEqual(BUDGET_BYTES);
	expect(r!.foreign).toEqual([]);
});
