import ICAL from 'ical.js';
import { readFileSync } from 'node:fs';
import { expect, signIn, signOut, test } from './helpers';

// A live virtual session: the facilitator schedules the cohort's inauguration (a plain-http link
// is refused with the form kept), a member sees it on her home page and adds it to her calendar,
// and the facilitator takes attendance.
test('the facilitator schedules a live session, a member adds it to her calendar, attendance is taken', async ({
	page
}) => {
	await signIn(page, 'facilitador');
	await page.goto('/cohorts');
	await page.getByRole('link', { name: 'Cohorte 1', exact: true }).click();
	await page.getByRole('link', { name: 'Sesiones en vivo' }).click();
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Sesiones en vivo');

	// Tomorrow at 19:30 in La Paz: always in the future.
	const tomorrow = new Date(Date.now() - 4 * 3_600_000 + 86_400_000).toISOString().slice(0, 10);
	await page.getByLabel('Título').fill('Inauguración de la cohorte');
	await page.getByLabel('Fecha').fill(tomorrow);
	await page.getByLabel('Hora (Bolivia)').fill('19:30');
	await page.getByLabel('Duración en minutos').fill('90');
	await page.getByLabel('Enlace de la reunión').fill('http://meet.jit.si/minka-cohorte-1');
	await page.getByLabel('Temas a tratar').fill('Bienvenida y cómo trabajan los grupos');
	await page.getByRole('button', { name: 'Programar' }).click();
	await expect(page.getByText('El enlace debe empezar con https://')).toBeVisible();
	await expect(page.getByLabel('Título')).toHaveValue('Inauguración de la cohorte');
	await page.getByLabel('Enlace de la reunión').fill('https://meet.jit.si/minka-cohorte-1');
	await page.getByRole('button', { name: 'Programar' }).click();
	await expect(page.getByText('Sesión programada.')).toBeVisible();
	const item = page.locator('[data-live-session]', { hasText: 'Inauguración de la cohorte' });
	await expect(item).toContainText('90 minutos');
	const manage = (await item
		.getByRole('link', { name: 'Asistencia y cambios' })
		.getAttribute('href'))!;
	await signOut(page);

	// A member of the cohort: the session on her home page, and its calendar file.
	await signIn(page, 'socia');
	const live = page.getByRole('region', { name: 'Próximas sesiones en vivo' });
	// The demo's own session is there too.
	await expect(live).toContainText('Preguntas de la semana');
	const mine = live.locator('[data-live-session]', { hasText: 'Inauguración de la cohorte' });
	await expect(mine.getByRole('link', { name: 'Entrar a la reunión' })).toHaveAttribute(
		'href',
		'https://meet.jit.si/minka-cohorte-1'
	);
	const download = page.waitForEvent('download');
	await mine.getByRole('link', { name: 'Añadir a mi calendario' }).click();
	const ics = readFileSync((await (await download).path())!, 'utf8');
	const event = new ICAL.Event(new ICAL.Component(ICAL.parse(ics)).getFirstSubcomponent('vevent')!);
	expect(event.summary).toBe('Inauguración de la cohorte');
	expect(event.startDate.toJSDate().toISOString()).toBe(`${tomorrow}T23:30:00.000Z`);
	await signOut(page);

	// The facilitator ticks who took part.
	await signIn(page, 'facilitador');
	await page.goto(manage);
	const first = page.locator('input[name="present"]').first();
	await first.check();
	await page.getByRole('button', { name: 'Guardar asistencia' }).click();
	await expect(page.getByText('Asistencia guardada: 1 presentes.')).toBeVisible();
	await expect(page.locator('input[name="present"]').first()).toBeChecked();
});
