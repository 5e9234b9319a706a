import type { Page } from '@playwright/test';
import { BUDGET_BYTES, measure } from '../../bench/page-weight';
import { expect, mainNav, signIn, test } from './helpers';

// The group-session player as a phone without JavaScript sees it: every action a form post.
test.use({ javaScriptEnabled: false });

/** Nothing wider than the phone: no sideways scrolling. */
async function fitsThePhone(page: Page) {
	expect(
		await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)
	).toBeLessThanOrEqual(0);
}

const present = ['Teodoro Choque Mamani', 'Justina Condori Flores', 'Martha Apaza Huanca'];

test('dirigente runs Think.COOP session 1 with his team, start to finish, without JavaScript', async ({
	page,
	browser,
	baseURL
}) => {
	await signIn(page, 'dirigente');
	// From his cooperative to his own record, and from there to his team.
	await (await mainNav(page)).getByRole('link', { name: 'Mi cooperativa' }).click();
	await page.getByRole('link', { name: 'Ver la lista de socios' }).click();
	await page.getByRole('link', { name: 'Teodoro Choque Mamani' }).click();
	await page.getByRole('link', { name: 'Estrella del Sur (grupo)' }).click();
	await expect(page).toHaveURL(/\/teams\//);
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Estrella del Sur');

	// The next session (the first) is chosen; starting it opens the player.
	const start = page.getByRole('region', { name: 'Elegir una sesión' });
	await expect(start.getByLabel('Sesión')).toHaveValue('think-coop/orientation/good-relationships');
	await start.getByRole('button', { name: 'Empezar la sesión' }).click();
	await expect(page).toHaveURL(/\/runs\/[0-9a-f-]{36}$/);
	const runUrl = page.url();
	await expect(page.getByRole('heading', { level: 1 })).toHaveText(
		'Buenas relaciones y medios de vida'
	);

	// Attendance: three members and two guests.
	await expect(page.getByRole('heading', { name: '¿Quiénes están hoy?' })).toBeVisible();
	for (const name of present) await page.getByRole('checkbox', { name }).check();
	await page.getByLabel('Invitados').fill('2');
	await page.getByRole('button', { name: 'Guardar asistencia' }).click();

	// Proposed roles, among those present; one swap.
	const roles = page.getByRole('region', { name: 'Tareas de hoy' });
	await expect(roles).toContainText('Presentes: 3. Invitados: 2.');
	const timekeeper = roles.getByLabel('Cuida el tiempo');
	const proposed = await timekeeper.locator('option:checked').textContent();
	expect(present).toContain(proposed);
	await expect(timekeeper.locator('option')).toHaveCount(3);
	await fitsThePhone(page);
	await roles.getByLabel('Anota').selectOption({ label: 'Justina Condori Flores' });
	await roles.getByRole('button', { name: 'Empezar los pasos' }).click();

	// A second phone (socia, the note-taker) follows: it sees the step and does not move it.
	const phone = { javaScriptEnabled: false, viewport: { width: 393, height: 851 }, isMobile: true };
	const second = await (await browser.newContext(phone)).newPage();
	await signIn(second, 'socia');
	await second.goto(runUrl);
	await expect(second.getByText('Paso 1 de 6')).toBeVisible();
	await expect(second.getByRole('button', { name: 'Guiar desde este teléfono' })).toBeVisible();
	await expect(second.getByRole('button', { name: 'Siguiente paso →' })).toHaveCount(0);

	// Every step, one at a time.
	for (let n = 1; n <= 6; n++) {
		await expect(page.getByText(`Paso ${n} de 6`)).toBeVisible();
		await expect(page.locator('[data-countdown]')).toContainText('Tiempo:');
		await expect(page.locator('[data-countdown]')).toHaveAttribute('data-started-at', /T/);
		// Present for the live script, hidden until it finds an offline voice.
		await expect(page.locator('button[data-read-aloud][hidden]')).toHaveCount(1);
		await expect(page.locator('button[data-read-aloud]')).toBeHidden();
		await expect(page.locator('#step-text')).not.toBeEmpty();
		await fitsThePhone(page);
		if (n === 1) {
			await expect(page.getByText(/^Lee: /)).toBeVisible();
			// Someone arrives late.
			await page.locator('summary', { hasText: '¿Llegó alguien más?' }).click();
			await page.getByRole('checkbox', { name: 'Eusebio Quispe Colque' }).check();
			await page.getByRole('button', { name: 'Agregar a los presentes' }).click();
			await expect(page.getByText('Paso 1 de 6')).toBeVisible();
			present.push('Eusebio Quispe Colque');
		}
		if (n === 2 || n === 6) {
			// This phone leads, so it writes the note-taker's notes.
			await page.getByLabel('Escriba lo que responde el grupo.').fill(`Notas del paso ${n}.`);
			await page.getByRole('button', { name: 'Guardar notas' }).click();
			await expect(page.getByRole('status')).toHaveText('Notas guardadas.');
			await expect(page.getByLabel('Escriba lo que responde el grupo.')).toHaveValue(
				`Notas del paso ${n}.`
			);
		}
		if (n === 2) {
			// Without JavaScript, a reload shows where the group is.
			await second.reload();
			await expect(second.getByText('Paso 2 de 6')).toBeVisible();
			await expect(second.getByText('Notas del paso 2.')).toBeVisible();
			// A step of the player weighs no more than any learner's page, cold (its script included).
			const [weight] = await measure({
				base: baseURL!,
				pages: [new URL(runUrl).pathname],
				user: 'dirigente',
				password: 'minka-demo'
			});
			test
				.info()
				.annotations.push({ type: 'player page bytes', description: String(weight!.bytes) });
			expect(weight!.status).toBe(200);
			expect(weight!.jsBytes, 'the island script was weighed').toBeGreaterThan(0);
			expect(weight!.bytes, `player weighs ${weight!.bytes} bytes`).toBeLessThanOrEqual(
				BUDGET_BYTES
			);
			expect(weight!.foreign).toEqual([]);
		}
		if (n === 3) {
			await page.getByRole('button', { name: 'Agregar 5 minutos' }).click();
			await expect(page.locator('[data-countdown]')).toContainText('Tiempo: 15 min');
		}
		// A second tab of the same phone still shows step 4 when the group moves on: its tap
		// changes nothing and says where the group is.
		const stale = n === 4 ? await page.context().newPage() : null;
		await stale?.goto(runUrl);
		await page
			.getByRole('button', { name: n < 6 ? 'Siguiente paso →' : 'Terminar los pasos' })
			.click();
		if (stale) {
			await stale.getByRole('button', { name: 'Siguiente paso →' }).click();
			await expect(stale.getByRole('alert')).toHaveText(
				'El grupo ya está en el paso 5. Esto es lo que ve ahora.'
			);
			await expect(stale.getByText('Paso 5 de 6')).toBeVisible();
			await stale.close();
		}
	}

	// The check-in: a face for each person present.
	await expect(page.getByRole('heading', { name: '¿Cómo participé hoy?' })).toBeVisible();
	await fitsThePhone(page);
	for (const name of present)
		await page.getByRole('group', { name }).getByRole('radio', { name: 'Mucho' }).check();
	await page.getByRole('button', { name: 'Terminar la sesión' }).click();

	await expect(page.getByRole('heading', { name: 'Sesión terminada' })).toBeVisible();
	await expect(page.getByText('Estuvieron 4 personas del grupo y 2 invitados.')).toBeVisible();
	await expect(page.getByText('Anota: Justina Condori Flores')).toBeVisible();
	await expect(page.getByText('Notas del paso 6.')).toBeVisible();

	// The facilitator reads the run, and has nothing to press.
	const third = await (await browser.newContext(phone)).newPage();
	await signIn(third, 'facilitador');
	await third.goto(runUrl);
	await expect(third.getByRole('heading', { name: 'Sesión terminada' })).toBeVisible();
	await expect(third.getByText('Notas del paso 2.')).toBeVisible();
	await expect(third.locator('main form')).toHaveCount(0);
	await second.context().close();
	await third.context().close();
});
