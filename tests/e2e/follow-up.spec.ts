import { join } from 'node:path';
import { expect, signIn, signOut, test } from './helpers';

// The Action Plan after the course: the coordinator sets a round, Cerro Rico Unificada's lead
// updates an activity with a photo, the facilitator validates it, and the plan's timeline shows it.
test('the coordinator sets a round, the lead updates an activity with a photo, the facilitator validates it', async ({
	page
}) => {
	await signIn(page, 'coordinadora');
	await page.goto('/cohorts');
	await page.getByRole('link', { name: 'Cohorte 1', exact: true }).click();
	await page.getByRole('link', { name: 'Seguimiento del Plan de Acción' }).click();
	await expect(page.getByRole('heading', { level: 1 })).toHaveText(
		'Seguimiento del Plan de Acción'
	);
	const first = page.getByRole('region', { name: '3 meses después del curso' });
	const cerro = first.getByRole('row', { name: /Cerro Rico Unificada/ });
	await expect(cerro).toContainText('1 validadas, 1 con preguntas');
	await expect(cerro).toContainText('2 de 4');
	const roundUrl = (await cerro.getByRole('link').getAttribute('href'))!;
	const teamUrl = roundUrl.replace(/\/follow-up\/.*$/, '');

	// The form offers 3 and 6 months after the end (already set: kept) and a row for another date.
	await expect(page.locator('#dueOn-0')).toHaveValue('2027-03-04');
	await expect(page.locator('#dueOn-1')).toHaveValue('2027-06-04');
	await page.locator('#dueOn-2').fill('2026-11-01');
	await page.locator('#label-2').fill('Antes de terminar');
	await page.getByRole('button', { name: 'Guardar rondas' }).click();
	await expect(page.getByText('La fecha debe ser después del fin del curso.')).toBeVisible();
	await expect(page.locator('#label-2')).toHaveValue('Antes de terminar');
	await page.locator('#dueOn-2').fill('2027-09-04');
	await page.locator('#label-2').fill('9 meses después del curso');
	await page.getByRole('button', { name: 'Guardar rondas' }).click();
	await expect(page.getByText('Rondas nuevas: 1.')).toBeVisible();
	await expect(page.getByRole('region', { name: '9 meses después del curso' })).toBeVisible();
	await signOut(page);

	// The lead opens the first round: the queried activity says why; the third has no update yet.
	await signIn(page, 'presidente');
	await page.goto(roundUrl);
	const credit = page.getByRole('region', { name: /^Actividad 2:/ });
	await expect(credit).toContainText('Con preguntas');
	await expect(credit).toContainText('¿Quién hace el estudio de suelos');
	const training = page.getByRole('region', { name: /^Actividad 3:/ });
	await expect(training).toContainText('Sin actualizar en esta ronda.');
	// A text file called .png is refused by what it is, and what was typed stays.
	await training.getByLabel('¿Cómo va?').selectOption('on_track');
	await training.getByLabel('Avance (%)').fill('50');
	await training.getByLabel('Nota').fill('Ya hay fecha con el instructor.');
	await training.getByLabel('Foto o PDF de respaldo').setInputFiles({
		name: 'foto.png',
		mimeType: 'image/png',
		buffer: Buffer.from('esto no es una foto')
	});
	await training.getByRole('button', { name: 'Guardar avance' }).click();
	await expect(training.getByText(/^Ese archivo no es una foto ni un PDF/)).toBeVisible();
	await expect(training.getByLabel('Nota')).toHaveValue('Ya hay fecha con el instructor.');
	await expect(training.getByLabel('Avance (%)')).toHaveValue('50');

	await training
		.getByLabel('Foto o PDF de respaldo')
		.setInputFiles(join(import.meta.dirname, '../fixtures/evidence.png'));
	await training.getByLabel('Gastado hasta ahora (Bs)').fill('250');
	await training.getByRole('button', { name: 'Guardar avance' }).click();
	await expect(training.getByText('Avance guardado.')).toBeVisible();
	await expect(training).toContainText('Va bien · 50 %');
	await expect(training).toContainText('Bs 250');
	await expect(training).toContainText('Por revisar');
	const photo = training.getByRole('link', {
		name: 'Ver respaldo de la actividad 3: evidence.png'
	});
	const answer = await page.request.get((await photo.getAttribute('href'))!);
	expect(answer.status()).toBe(200);
	expect(answer.headers()['content-type']).toBe('image/png');
	expect(answer.headers()['x-content-type-options']).toBe('nosniff');
	expect(answer.headers()['cache-control']).toContain('private');
	expect(answer.headers()['content-disposition']).toContain('evidence.png');
	expect((await answer.body()).subarray(1, 4).toString()).toBe('PNG');
	const evidenceUrl = (await photo.getAttribute('href'))!;
	await signOut(page);

	// Another federation's focal point gets neither the round nor the photo.
	await signIn(page, 'ferreco');
	expect((await page.goto(roundUrl))!.status()).toBe(403);
	expect((await page.request.get(evidenceUrl)).status()).toBe(403);
	await signOut(page);

	// The facilitator validates it; the plan's timeline shows it first.
	await signIn(page, 'facilitador');
	await page.goto(roundUrl);
	const toReview = page.getByRole('region', { name: /^Actividad 3:/ });
	await toReview.getByRole('button', { name: 'Validar' }).click();
	await expect(toReview.getByText('Revisión guardada.')).toBeVisible();
	await expect(toReview).toContainText('Validada');
	await page.goto(`${teamUrl}/follow-up`);
	const history = page.getByRole('region', { name: 'Historia del plan' });
	await expect(history.getByRole('listitem').first()).toContainText(
		'3 meses después del curso · Capacitar a los operadores de la planta en seguridad y manejo de reactivos: validada'
	);
	await expect(history).toContainText('Actividades: enviada a revisión');
});
