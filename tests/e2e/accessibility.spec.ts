import type { Page } from '@playwright/test';
import { expect, signIn, test } from './helpers';

// What axe-core cannot see on its own (every page a test visits is also checked by it, see
// a11y.ts): the phone menu, target sizes, focus that disappears, what a failed form announces,
// language changes inside a page and where links say they go. Pages ship no JavaScript, so all of
// it must work without.

const lists = ['/people', '/cooperatives', '/cohorts', '/federations', '/enrolments', '/teams'];

/** Links and buttons that stand alone (not inside a sentence) smaller than 24 × 24 px. */
async function smallTargets(page: Page) {
	return page.evaluate(() =>
		[
			...document.querySelectorAll<HTMLElement>(
				'header a, header button, header summary, li > a, td > a, dd > a, .pager a'
			)
		]
			.filter((e) => e.checkVisibility())
			.map((e) => {
				const r = e.getBoundingClientRect();
				return { text: e.textContent!.trim().slice(0, 40), w: r.width, h: r.height };
			})
			.filter((t) => t.w < 24 || t.h < 24)
	);
}

/**
 * Every element that can take the keyboard focus but, once focused, cannot be seen: its middle is
 * clipped away or covered. That is where focus "vanishes" (WCAG 2.4.7).
 */
async function unseenFocus(page: Page) {
	return page.evaluate(() =>
		[
			...document.querySelectorAll<HTMLElement>(
				'a[href], button, input:not([type=hidden]), select, textarea, summary, [tabindex]'
			)
		]
			.filter((e) => e.tabIndex >= 0)
			.flatMap((e) => {
				e.focus();
				if (document.activeElement !== e) return [];
				e.scrollIntoView({ block: 'center' });
				const r = e.getClientRects()[0];
				const hit = r && document.elementFromPoint(r.x + r.width / 2, r.y + r.height / 2);
				return hit && e.contains(hit) ? [] : [e.textContent!.trim().slice(0, 40)];
			})
	);
}

test.describe('without JavaScript', () => {
	test.use({ javaScriptEnabled: false });

	test("the coordinator's menu takes one line on a phone and opens", async ({ page }) => {
		await signIn(page, 'coordinadora');
		// One line (about 56 px) where the links used to wrap to 3–4 (about 165 px).
		expect((await page.locator('header').boundingBox())!.height).toBeLessThanOrEqual(64);
		const nav = page.getByRole('navigation', { name: 'Menú principal' });
		await expect(nav.getByRole('link', { name: 'Personas' })).toBeHidden();
		await nav.locator('summary').click();
		await expect(nav.getByRole('link', { name: 'Personas' })).toBeVisible();
		expect(await smallTargets(page)).toEqual([]);
		await nav.getByRole('link', { name: 'Personas' }).click();
		await expect(page).toHaveURL('/people');
		await nav.locator('summary').click();
		await expect(nav.getByRole('link', { name: 'Personas' })).toHaveAttribute(
			'aria-current',
			'page'
		);
		// A wide screen shows the links themselves.
		await page.setViewportSize({ width: 1024, height: 768 });
		await expect(nav.locator('summary')).toBeHidden();
		await expect(nav.getByRole('link', { name: 'Personas' })).toBeVisible();
	});
});

test('links in lists and tables are at least 24 × 24 px on a phone', async ({ page }) => {
	await signIn(page, 'coordinadora');
	for (const path of ['/', ...lists, '/programmes']) {
		await page.goto(path);
		expect(await smallTargets(page), path).toEqual([]);
	}
	await page.goto('/cohorts');
	await page.locator('tbody a[href^="/cohorts/"]').first().click();
	expect(await smallTargets(page), page.url()).toEqual([]);
});

test('on a phone the hidden table headers take no focus; on a wide screen they sort', async ({
	page
}) => {
	await signIn(page, 'coordinadora');
	for (const path of lists) {
		await page.goto(path);
		await expect(page.locator('table.responsive')).toHaveCount(1);
		expect(await unseenFocus(page), `${path}: focus lands on something not shown`).toEqual([]);
	}
	await page.setViewportSize({ width: 1024, height: 768 });
	await page.goto('/people');
	const sort = page.locator('thead a').first();
	await sort.focus();
	await expect(sort).toBeFocused();
});

test('a failed form says how many errors in the title and takes the focus to them', async ({
	page
}) => {
	await page.goto('/sign-in');
	await page.locator('#identifier').fill('socia');
	await page.locator('#password').fill('equivocada');
	await page.locator('form:has(#identifier) button[type=submit]').click();
	await expect(page).toHaveTitle('(1 error) Ingresar a Minka · Minka');
	await expect(page.getByRole('alert')).toBeFocused();

	await signIn(page, 'coordinadora');
	await page.goto('/people/new?q=estrella');
	await page.getByRole('link', { name: 'Estrella del Sur' }).click();
	await expect(page).toHaveTitle('Registrar persona · Minka');
	await page.getByLabel('Fecha de nacimiento').fill('2015-01-01');
	await page.getByLabel('Celular').fill('123');
	await page.getByRole('button', { name: 'Crear' }).click();
	const invalid = await page.locator('[aria-invalid="true"]').count();
	expect(invalid).toBeGreaterThanOrEqual(3);
	await expect(page).toHaveTitle(`(${invalid} errores) Registrar persona · Minka`);
	const summary = page.getByRole('alert');
	await expect(summary).toBeFocused();
	await expect(summary).toContainText(`Revise los campos marcados: ${invalid}.`);
	// Every hint and every error is read with its field.
	const loose = await page.evaluate(() =>
		[...document.querySelectorAll('form .hint, form .error-msg')]
			.filter((h) => !h.id || !document.querySelector(`[aria-describedby~="${h.id}"]`))
			.map((h) => h.textContent)
	);
	expect(loose).toEqual([]);
	await expect(page.getByLabel('Celular')).toHaveAccessibleDescription(
		/8 cifras, por ejemplo 71234567\..*celular boliviano/
	);
});

test('a link that no longer works says so in its title too', async ({ page }) => {
	await page.goto('/invitation/no-such-token');
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Este enlace ya no sirve');
	await expect(page).toHaveTitle('Este enlace ya no sirve · Minka');
});

test('a missing page says so in its heading and title', async ({ page }) => {
	await signIn(page, 'socia');
	const res = await page.goto('/no-such-page');
	expect(res?.status()).toBe(404);
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Página no encontrada');
	await expect(page).toHaveTitle('Página no encontrada · Minka');
	// The ILO's acronym comes with its name.
	await expect(page.getByRole('contentinfo')).toContainText(
		'Organización Internacional del Trabajo (OIT)'
	);
});

test('the language button reads each part in its own language', async ({ page }) => {
	await page.goto('/sign-in');
	const button = page.getByRole('button', { name: 'Idioma: English' });
	await expect(button).not.toHaveAttribute('lang');
	// "Idioma:" is in the page's language (Spanish); only "English" is marked as English.
	const parts = await button.evaluate((b) =>
		[...b.querySelectorAll('span')].map((s) => [
			s.textContent!.trim(),
			s.closest('[lang]')!.getAttribute('lang')
		])
	);
	expect(parts).toEqual([
		['Idioma:', 'es'],
		['English', 'en']
	]);
	await button.click();
	await expect(page.getByRole('button', { name: 'Language: Español' })).toBeVisible();
	await expect(page.locator('button span[lang="es"]')).toHaveText('Español');
	await page.getByRole('button', { name: 'Language: Español' }).click();
});

test('links say where they go: numbers name what they count, same names lead to one place', async ({
	page
}) => {
	await signIn(page, 'coordinadora');
	await page.goto('/cooperatives?q=estrella');
	await expect(
		page.getByRole('link', { name: /^\d+ personas registradas de Estrella del Sur$/ })
	).toHaveCount(1);
	await page.goto('/cohorts');
	await expect(page.getByRole('link', { name: /^\d+ inscritos en Cohorte 1$/ })).toHaveCount(1);
	await expect(page.getByRole('link', { name: /^\d+ grupos de Cohorte 1$/ })).toHaveCount(1);
	await page.getByRole('link', { name: 'Cohorte 1', exact: true }).click();
	// The cooperative's enrolled people and its team are two links, no longer both "Estrella del Sur".
	await expect(
		page.getByRole('link', { name: 'Estrella del Sur (personas inscritas en la cohorte)' })
	).toHaveCount(1);
	await expect(page.getByRole('link', { name: 'Estrella del Sur (grupo)' })).toHaveCount(1);
	await expect(page.getByRole('link', { name: 'Estrella del Sur', exact: true })).toHaveCount(0);
	await page.goto('/federations');
	await expect(page.getByRole('link', { name: /^\d+ cooperativas de FENCOMIN$/ })).toHaveCount(1);
});

test('the accessibility check itself finds a broken page', async ({ page, context, a11y }) => {
	// A page with an image without text, a link named "5" and two "Estrella del Sur" links that go
	// to different places: the check every test runs must report all three.
	await page.route('**/a11y-self-test', (route) =>
		route.fulfill({
			contentType: 'text/html; charset=utf-8',
			body:
				'<!doctype html><html lang="es"><head><title>Prueba · Minka</title></head><body><main>' +
				'<h1>Prueba</h1><img src="/favicon.svg"><a href="/people">5</a>' +
				'<a href="/cooperatives">Estrella del Sur</a> <a href="/teams">Estrella del Sur</a>' +
				'</main></body></html>'
		})
	);
	await page.goto('/a11y-self-test');
	await a11y.check(context);
	expect(a11y.findings.map((f) => f.rule)).toEqual(
		expect.arrayContaining(['image-alt', 'link-name-number', 'link-name-ambiguous'])
	);
	a11y.findings.length = 0;
});
