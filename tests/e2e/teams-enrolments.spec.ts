import { expect, signIn, test } from './helpers';

// Runs on the demo data after the other specs; uses its own cohort and 30 new members of Nueva
// Esperanza, whom no other spec touches.

const given = ['Gladys', 'Nicanor', 'Felipa', 'Zenón', 'Justina', 'Froilán'];
const surnames = ['Laura Quispe', 'Ticona Poma', 'Cusi Mamani', 'Huanca Limachi', 'Copa Yujra'];

/** A federation's list: 30 members of one cooperative, as an import would bring them. */
function memberList(): Buffer {
	const rows = [['NOMBRES Y APELLIDOS', 'C.I.', 'SEXO', 'COOPERATIVA']];
	for (let i = 0; i < 30; i++)
		rows.push([
			`${given[i % given.length]} ${surnames[Math.floor(i / given.length)]}`,
			String(8_810_000 + i),
			i % 2 ? 'M' : 'F',
			'Nueva Esperanza'
		]);
	return Buffer.from(rows.map((r) => r.join(';')).join('\r\n') + '\r\n', 'utf8');
}

test('an oversize team is split in one action; withdrawing asks first and can be undone', async ({
	page
}) => {
	test.setTimeout(90_000);
	await signIn(page, 'coordinadora');
	await page.goto('/cohorts/new');
	await page.getByRole('textbox', { name: 'Nombre', exact: true }).fill('Cohorte Tipuani 2027');
	await page.getByLabel('Fecha de inicio').fill('2027-03-01');
	await page.getByLabel('Fecha de cierre').fill('2027-06-30');
	await page.getByRole('button', { name: 'Crear' }).click();
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Cohorte Tipuani 2027');
	const cohortPath = new URL(page.url()).pathname;

	// An import puts the whole cooperative in one team of 30.
	await page.goto(`${cohortPath}/import`);
	await page.getByLabel(/Archivo \.xlsx o \.csv/).setInputFiles({
		name: 'tipuani.csv',
		mimeType: 'text/csv',
		buffer: memberList()
	});
	await page.getByRole('button', { name: 'Subir y revisar' }).click();
	await page.getByRole('button', { name: 'Ver la vista previa' }).click();
	await page.getByRole('button', { name: 'Confirmar la importación de 30 filas' }).click();
	await page.getByRole('link', { name: 'Volver a la cohorte' }).click();
	const teams = page.locator('ul.team-list > li');
	await expect(teams).toHaveText([/Nueva Esperanza.*30 integrantes[^]*más de 25/]);

	// One action splits it evenly.
	await teams.getByRole('button', { name: 'Dividir el grupo: Nueva Esperanza' }).click();
	await expect(page.getByRole('status')).toHaveText(
		'Grupo dividido: Nueva Esperanza (15), Nueva Esperanza 2 (15).'
	);
	await page.goto(cohortPath);
	await expect(teams).toHaveCount(2);
	await expect(page.getByText(/Grupos fuera del rango/)).toHaveCount(0);

	// "Retirar" asks first, on a page that works without JavaScript; "Cancelar" changes nothing.
	await page.goto(`/enrolments?cohort=${cohortPath.split('/').pop()}&sort=name&dir=asc`);
	const first = page.locator('tbody tr').first();
	const name = (await first.locator('td').first().textContent())!.trim();
	await first.getByRole('link', { name: `Retirar: ${name}` }).click();
	await expect(
		page.getByText(`¿Retirar a ${name} de la cohorte Cohorte Tipuani 2027?`)
	).toBeVisible();
	await page.getByRole('link', { name: 'Cancelar' }).click();
	await expect(page).toHaveURL(/\/enrolments\?cohort=.*sort=name/);
	await expect(first.locator('td').nth(4)).toHaveText('Activa');

	await first.getByRole('link', { name: `Retirar: ${name}` }).click();
	await page.getByRole('button', { name: 'Sí, retirar' }).click();
	await expect(page.getByRole('status')).toHaveText(
		'Inscripción retirada. La persona sigue registrada.'
	);
	// The way back, right there and on the list.
	await page.getByRole('link', { name: 'Volver a las inscripciones' }).first().click();
	await expect(first.locator('td').nth(4)).toHaveText('Retirada');
	await first.getByRole('button', { name: `Volver a inscribir: ${name}` }).click();
	await expect(page.getByRole('status')).toHaveText(
		'Inscripción activa de nuevo. Falta ubicar a la persona en un grupo.'
	);
	await expect(first.locator('td').nth(4)).toHaveText('Activa');
});
