import ExcelJS from 'exceljs';
import { readFileSync } from 'node:fs';
import { expect, mainNav, signIn, signOut, test } from './helpers';

// Runs on the demo data (scripts/e2e-server.js). Uses Poopó Unido and Felipa Chambi Ticona, whom
// foundation.spec.ts leaves alone.

test(
	'a coordinator creates a cohort, forms teams, invites a cooperative and a member accepts',
	{ tag: '@embedded' },
	async ({ page, browser }) => {
		await signIn(page, 'coordinadora');
		await (await mainNav(page)).getByRole('link', { name: 'Programas y cohortes' }).click();
		await page.getByRole('link', { name: 'Nueva cohorte' }).click();

		// A mistake is explained next to the field, and what was typed stays.
		await page.getByRole('textbox', { name: 'Nombre', exact: true }).fill('Cohorte Oruro 2027');
		await page.getByLabel('Fecha de inicio').fill('2027-03-01');
		await page.getByLabel('Fecha de cierre').fill('2027-02-01');
		await page.getByRole('button', { name: 'Crear' }).click();
		await expect(
			page.getByText('La fecha de cierre debe ser igual o posterior a la de inicio.')
		).toBeVisible();
		await expect(page.getByRole('textbox', { name: 'Nombre', exact: true })).toHaveValue(
			'Cohorte Oruro 2027'
		);
		await expect(page.getByLabel('Fecha de cierre')).toHaveAttribute('aria-invalid', 'true');

		await page.getByLabel('Fecha de cierre').fill('2027-06-30');
		await page.getByLabel('Cupos').fill('40');
		await page.getByRole('button', { name: 'Crear' }).click();
		await expect(page.getByRole('heading', { level: 1 })).toHaveText('Cohorte Oruro 2027');
		const cohortUrl = page.url();

		// Enrol a whole cooperative, found by a search without accents.
		await page.getByRole('link', { name: 'Inscribir personas' }).click();
		await page.getByLabel('Buscar por nombre o cooperativa').fill('poopo');
		await page.getByRole('button', { name: 'Buscar' }).click();
		await page.getByRole('button', { name: 'Inscribir a todos: Poopó Unido' }).click();
		await expect(page.getByRole('status')).toHaveText('Inscritas: 4. Ya estaban: 0.');

		await page.goto(cohortUrl);
		await page.getByRole('button', { name: 'Formar los grupos (uno por cooperativa)' }).click();
		await expect(page.getByRole('status')).toHaveText('Grupos nuevos: 1. Personas ubicadas: 4.');
		const teams = page.getByRole('region', { name: 'Grupos' });
		await expect(teams.getByRole('listitem')).toHaveText([
			/^Poopó Unido\s*\(grupo\) 4 integrantes\s*$/
		]);

		// Invitations for every member without an account, in one action.
		await page.getByRole('button', { name: 'Invitar: Poopó Unido' }).click();
		const links = page.getByTestId('bulk-links');
		await expect(links.getByRole('heading', { level: 2 })).toHaveText('Invitaciones creadas: 4');
		await expect(page.getByTestId('bulk-link')).toHaveCount(4);
		const first = page.getByTestId('bulk-link').first();
		const wa = await first.getByRole('link', { name: /Enviar por WhatsApp/ }).getAttribute('href');
		expect(wa).toMatch(/^https:\/\/wa\.me\/5917\d{7}\?text=/);
		expect(decodeURIComponent(wa!)).toContain('Le invitamos al curso de cooperativismo');
		const url = await first.getByRole('textbox').inputValue();
		expect(url).toMatch(/^http:\/\/localhost:\d+\/invitation\/[\w-]+$/);
		expect(decodeURIComponent(wa!)).toContain(url);
		const name = (await first.locator('strong').textContent())!.trim();

		// The sheet of QR codes to print for the meeting.
		const [download] = await Promise.all([
			page.waitForEvent('download'),
			page.getByRole('button', { name: 'Descargar la hoja de códigos QR (PDF)' }).click()
		]);
		expect(download.suggestedFilename()).toMatch(/\.pdf$/);
		const pdf = readFileSync((await download.path())!);
		expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');

		// Inviting again creates nothing new.
		await page.goto(cohortUrl);
		await expect(page.getByRole('button', { name: 'Invitar: Poopó Unido' })).toHaveCount(0);
		// The cohort's History tells it in words, naming the cooperative and the people.
		const history = page.getByRole('region', { name: 'Historial' });
		await expect(history.getByRole('listitem').first()).toContainText(
			'Creó enlaces de invitación para quienes no tenían cuenta en Poopó Unido'
		);
		await expect(history).toContainText('Enlaces creados: 4');
		await expect(history).toContainText(`Inscribió a ${name} en Cohorte Oruro 2027`);

		// The member opens the link on their own phone, chooses a password and is in.
		const fresh = await browser.newContext();
		const member = await fresh.newPage();
		await member.goto(url);
		await expect(member.getByRole('heading', { level: 1 })).toHaveText(
			'Bienvenida o bienvenido a Minka'
		);
		await member.getByLabel('Contraseña nueva').fill('poopo-2027');
		await member.getByLabel('Repita la contraseña').fill('poopo-2027');
		await member.getByRole('button', { name: 'Guardar y entrar' }).click();
		await expect(member).toHaveURL(/\/$/);
		await expect(member.getByRole('heading', { level: 1 })).toHaveText(`Hola, ${name}`);
		await fresh.close();
	}
);

test('a coordinator exports the filtered people list to Excel', async ({ page }) => {
	await signIn(page, 'coordinadora');
	await page.goto('/people?q=quispe&sort=name&dir=asc');
	const names = await page.locator('tbody tr td:first-child').allTextContents();
	expect(names.length).toBeGreaterThan(1);
	const [download] = await Promise.all([
		page.waitForEvent('download'),
		page.getByRole('link', { name: 'Excel (.xlsx)' }).click()
	]);
	expect(download.suggestedFilename()).toMatch(/^personas-\d{4}-\d{2}-\d{2}\.xlsx$/);
	const book = new ExcelJS.Workbook();
	await book.xlsx.load(readFileSync((await download.path())!) as unknown as ArrayBuffer);
	const sheet = book.worksheets[0]!;
	const header = sheet.getRow(1).values as unknown[];
	expect(header).toContain('Nombres');
	expect(header).toContain('Carnet de identidad (CI)');
	const rows: string[] = [];
	sheet.eachRow((row, n) => {
		if (n > 1) rows.push(`${row.getCell(1).text} ${row.getCell(2).text}`);
	});
	expect(rows).toEqual(names.map((n) => n.trim()));
});

test('a refused export shows the translated error page, not a bare word', async ({ page }) => {
	await signIn(page, 'socia');
	const res = await page.goto('/federations/export?format=csv');
	expect(res?.status()).toBe(403);
	expect(res?.headers()['content-type']).toContain('text/html');
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Sin permiso para esta página');
	await expect(page.getByText('No tiene permiso para ver esta página.')).toBeVisible();
	await expect(page.getByRole('link', { name: 'Volver al inicio' })).toBeVisible();
	// In the reader's language.
	await page
		.context()
		.addCookies([{ name: 'PARAGLIDE_LOCALE', value: 'en', domain: 'localhost', path: '/' }]);
	expect((await page.goto('/people/export'))?.status()).toBe(403);
	await expect(page.getByText('You do not have permission to see this page.')).toBeVisible();
});

test('a federation focal point sees only its federation', async ({ page }) => {
	await signIn(page, 'fencomin');
	await (await mainNav(page)).getByRole('link', { name: 'Cooperativas' }).click();
	await expect(page).toHaveURL('/cooperatives');
	// FENCOMIN's three demo cooperatives (and any imported since), none of another federation.
	const ours = ['Estrella del Sur', 'Cerro Rico Unificada', 'Poopó Unido'];
	const others = ['Nueva Esperanza', 'Río Mapiri', 'Guanay Dorado'];
	const coops = await page.locator('tbody tr td:first-child a').allTextContents();
	expect(coops).toEqual(expect.arrayContaining(ours));
	expect(coops.filter((c) => others.includes(c))).toEqual([]);
	await expect(page.locator('tbody tr td:nth-child(2)')).toHaveText(coops.map(() => 'FENCOMIN'));
	await expect(page.getByRole('link', { name: 'Nueva cooperativa' })).toHaveCount(0);
	// Searching outside the federation finds nothing.
	await page.goto('/cooperatives?q=mapiri');
	await expect(page.locator('tbody tr')).toHaveCount(0);
	await page.goto('/people?sort=cooperative&dir=desc');
	const people = await page.locator('tbody tr td:nth-child(2)').allTextContents();
	expect(people.length).toBeGreaterThan(0);
	expect(people.filter((c) => others.includes(c))).toEqual([]);
	expect(people).toEqual(expect.arrayContaining(['Poopó Unido']));
	await page.goto('/people?q=mapiri');
	await expect(page.locator('tbody tr')).toHaveCount(0);
	// Its own cooperatives open; cohorts are not its business.
	await page.goto('/cooperatives?q=poopo');
	await page.getByRole('link', { name: 'Poopó Unido', exact: true }).click();
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Poopó Unido');
	const res = await page.goto('/cohorts');
	expect(res?.status()).toBe(403);
});

test('a cooperative lead proposes a correction, a coordinator accepts it', async ({ page }) => {
	await signIn(page, 'dirigente');
	await (await mainNav(page)).getByRole('link', { name: 'Mi cooperativa' }).click();
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Estrella del Sur');
	await page.getByRole('link', { name: 'Ver la lista de socios' }).click();
	await page.getByRole('link', { name: 'Felipa Chambi Ticona' }).click();

	await page.getByLabel('Cargo en la cooperativa').fill('Tesorera');
	await page.getByLabel('Nota').fill('Fue elegida en la asamblea de marzo.');
	await page.getByRole('button', { name: 'Enviar la propuesta' }).click();
	await expect(page.getByRole('status')).toHaveText('Propuesta enviada a la coordinación.');
	await expect(page.getByTestId('corrections')).toContainText('Tesorera');
	await signOut(page);

	await signIn(page, 'coordinadora');
	await page.getByRole('link', { name: /Correcciones por revisar: 1/ }).click();
	await page.getByRole('link', { name: 'Felipa Chambi Ticona' }).click();
	const proposal = page.getByTestId('corrections');
	await expect(proposal.getByRole('row', { name: /Cargo en la cooperativa/ })).toContainText(
		'Secretaria de actas'
	);
	await proposal.getByRole('button', { name: 'Aceptar y aplicar' }).click();
	await expect(page.getByRole('status')).toHaveText(
		'Corrección aceptada: los datos se actualizaron.'
	);
	await expect(page.getByTestId('corrections')).toHaveCount(0);
	const history = page.getByRole('region', { name: 'Historial' });
	await expect(history.getByRole('listitem').first()).toContainText(
		'Aceptó la corrección de datos de Felipa Chambi Ticona'
	);
	await expect(history).toContainText('Cargo en la cooperativa: Secretaria de actas → Tesorera');
});
