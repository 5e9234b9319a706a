import { expect, signIn, test } from './helpers';

// The demo's Cerro Rico Unificada wrote its Think.COOP decision and Start.COOP module 1 into its
// cooperative's workbook during its sessions.
test(
	"the facilitator reads a team's workbook: every part with its state, one section with its versions",
	{
		tag: '@embedded'
	},
	async ({ page }) => {
		await signIn(page, 'facilitador');
		await page.goto('/cohorts');
		await page.getByRole('link', { name: 'Cohorte 1', exact: true }).click();
		await page.getByRole('link', { name: 'Sesiones de los grupos' }).click();
		await page
			.locator('section[data-team="Cerro Rico Unificada"]')
			.getByRole('heading', { level: 2 })
			.getByRole('link')
			.click();
		await expect(page.getByRole('heading', { level: 1 })).toHaveText('Cerro Rico Unificada');
		await page.getByRole('link', { name: 'Ver el cuaderno de la cooperativa' }).click();

		await expect(page.getByRole('heading', { level: 1 })).toHaveText('Cuaderno de la cooperativa');
		await expect(page.getByRole('heading', { level: 2, name: 'Plan de Acción' })).toBeVisible();
		await expect(page.getByText(/\d+ de \d+ partes aprobadas/)).toBeVisible();
		const decision = page.getByRole('listitem').filter({ hasText: 'La decisión del grupo' });
		await expect(decision).toContainText('Borrador');
		await expect(decision).toContainText(/en una sesión \(versión \d+\)/);
		const empty = page.getByRole('listitem').filter({ hasText: 'Órganos de gobierno' });
		await expect(empty).toContainText('Sin llenar');

		await decision.getByRole('link', { name: 'La decisión del grupo' }).click();
		await expect(page.getByRole('heading', { level: 1 })).toHaveText('La decisión del grupo');
		await expect(
			page.getByRole('heading', { level: 2, name: 'Versiones guardadas' })
		).toBeVisible();
		await expect(page.getByRole('listitem').filter({ hasText: /^Versión 1: / })).toBeVisible();
		await page.getByRole('link', { name: 'Ver qué cambió en la versión 1' }).click();
		await expect(
			page.getByRole('heading', { level: 2, name: 'Lo que cambió en la versión 1' })
		).toBeVisible();
		await expect(page.locator('#changes dt').first()).toHaveText('¿Qué decidimos?');
		// Read-only for the facilitator: no form to post.
		await expect(page.locator('main form[method="POST"]')).toHaveCount(0);
		expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(
			page.viewportSize()!.width
		);
	}
);

test("FENCOMIN's focal point reads a FENCOMIN plan, never another federation's", async ({
	page
}) => {
	await signIn(page, 'facilitador');
	await page.goto('/cohorts');
	await page.getByRole('link', { name: 'Cohorte 1', exact: true }).click();
	await page.getByRole('link', { name: 'Sesiones de los grupos' }).click();
	const teamHref = async (name: string) =>
		(await page
			.locator(`section[data-team="${name}"]`)
			.getByRole('heading', { level: 2 })
			.getByRole('link')
			.getAttribute('href'))!;
	const cerro = await teamHref('Cerro Rico Unificada');
	const nueva = await teamHref('Nueva Esperanza');
	expect(nueva).toMatch(/^\/teams\/[0-9a-f-]{36}$/);
	await page.context().clearCookies();

	await signIn(page, 'fencomin');
	await page.goto(`${cerro}/workbook/think.decision`);
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('La decisión del grupo');
	// Nueva Esperanza belongs to FERRECO.
	for (const path of [`${nueva}/workbook`, `${nueva}/workbook/think.decision`]) {
		const answer = await page.goto(path);
		expect(answer!.status()).toBe(403);
	}
});

test.describe('without JavaScript', () => {
	test.use({ javaScriptEnabled: false });

	test(
		'dirigente writes his Action Plan problem and objective outside a session; a stale phone meets the conflict',
		{
			tag: '@embedded'
		},
		async ({ page, browser }) => {
			await signIn(page, 'dirigente');
			const mine = page.getByRole('region', { name: 'Mi grupo: Estrella del Sur' });
			await mine.getByRole('link', { name: /^Ver todas las sesiones del grupo/ }).click();
			await page.getByRole('link', { name: 'Ver el cuaderno de la cooperativa' }).click();
			await page.getByRole('link', { name: 'Problema y objetivo' }).click();
			await expect(page.getByRole('heading', { level: 1 })).toHaveText('Problema y objetivo');
			const url = page.url();

			// A second phone opens the same section before the first one saves.
			const other = await browser.newContext({
				javaScriptEnabled: false,
				viewport: page.viewportSize()!
			});
			const phone2 = await other.newPage();
			await signIn(phone2, 'socia');
			await phone2.goto(url);

			await page
				.getByLabel('¿Cuál es el problema?')
				.fill('Accidentes por falta de ventilación en la mina');
			await page
				.getByLabel('Objetivo', { exact: false })
				.first()
				.fill('Ningún accidente por gases en 2027');
			await page.getByRole('button', { name: 'Guardar' }).last().click();
			await expect(page.getByText('Cambios guardados.')).toBeVisible();
			await expect(page.getByLabel('¿Cuál es el problema?')).toHaveValue(
				'Accidentes por falta de ventilación en la mina'
			);
			await expect(
				page
					.getByRole('listitem')
					.filter({ hasText: /^Versión \d+: / })
					.first()
			).toContainText('en el cuaderno');

			await phone2.getByLabel('¿Cuál es el problema?').fill('Nos falta agua');
			await phone2.getByLabel('Objetivo', { exact: false }).first().fill('Agua para la planta');
			await phone2.getByRole('button', { name: 'Guardar' }).last().click();
			await expect(
				phone2.getByRole('heading', { name: 'Hay otra versión guardada' })
			).toBeVisible();
			await expect(phone2.getByLabel('¿Cuál es el problema?').last()).toHaveValue('Nos falta agua');
			await other.close();
		}
	);
});
