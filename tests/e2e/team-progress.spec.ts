import { expect, signIn, test } from './helpers';

// The demo: Cerro Rico Unificada has done Think.COOP and Start.COOP's first module, Poopó Unido
// is in the middle of its first session, Estrella del Sur (dirigente's team) has not started.
// Other specs run sessions with Estrella del Sur on the same server, so what is checked of it here
// holds whichever ran first.

test('the facilitator sees the completed runs and attendance of the demo cohort', async ({
	page
}) => {
	await signIn(page, 'facilitador');
	await page.goto('/cohorts');
	await page.getByRole('link', { name: 'Cohorte 1', exact: true }).click();
	await page.getByRole('link', { name: 'Sesiones de los grupos' }).click();
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Sesiones de los grupos');

	const cerro = page.locator('section[data-team="Cerro Rico Unificada"]');
	const done = cerro.locator('li.completed-run');
	await expect(done).toHaveCount(7);
	await expect(done.first()).toContainText(/\d+ presentes: \d+ mujeres y \d+ hombres/);
	// The Think.COOP closing decision, by vote, with its reasons.
	await expect(cerro.getByText(/Por votación: \d+ sí, 0 no, 1 se abstuvieron/)).toBeVisible();
	// Poopó Unido is on step 3 of its first session.
	await expect(page.locator('section[data-team="Poopó Unido"]')).toContainText(/Paso 3 de \d+: /);
	await expect(
		page.locator('section[data-team="Estrella del Sur"]').getByRole('heading', { level: 2 })
	).toHaveText('Estrella del Sur');

	// A run's summary: who came, roles, notes per step.
	await done
		.filter({ hasText: 'Think.COOP · Módulo 1 · Sesión 1' })
		.getByRole('link', { name: /Ver el resumen/ })
		.click();
	await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
	await expect(page.getByText('Controla el tiempo')).toBeVisible();
	await expect(page.getByText(/Somos cinco socios/)).toBeVisible();
	expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(
		page.viewportSize()!.width
	);
});

test('dirigente finds his team with the button to start its next Think.COOP session', async ({
	page
}) => {
	await signIn(page, 'dirigente');
	// On the home page: his team and its next session.
	const mine = page.getByRole('region', { name: 'Mi grupo: Estrella del Sur' });
	await expect(mine).toContainText(/Próxima sesión: Módulo 1 · Sesión \d/);
	await expect(mine.getByRole('button', { name: /^Empezar la sesión/ })).toHaveCount(1);
	await mine
		.getByRole('link', { name: /^Ver todas las sesiones del grupo ?: Estrella del Sur, Cohorte 1/ })
		.click();

	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Estrella del Sur');
	const think = page.getByRole('region', { name: 'Think.COOP' });
	await expect(think).toContainText(/\d de 5 sesiones hechas/);
	const start = think.getByRole('button', {
		name: /^Empezar la sesión: Think\.COOP.*Módulo 1 · Sesión \d/
	});
	await expect(start).toBeVisible();
	// The form posts to /runs/start with a fresh client id (the player's; not followed here).
	const form = think.locator('form[action="/runs/start"]').first();
	await expect(form.locator('input[name=mode]')).toHaveValue('group');
	await expect(form.locator('input[name=clientId]')).toHaveValue(/^[0-9a-f-]{36}$/);
	const box = await start.boundingBox();
	expect(box!.height).toBeGreaterThanOrEqual(44);
	expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(
		page.viewportSize()!.width
	);
});
