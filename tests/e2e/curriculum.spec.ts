import type { Page } from '@playwright/test';
import { BUDGET_BYTES, measure } from '../../bench/page-weight';
import { expect, mainNav, signIn, test } from './helpers';

const credit = { es: /OIT/, en: /ILO/ };

async function sessionLinks(page: Page, course: string) {
	await page.goto(`/courses/${course}`);
	return page
		.locator(`ol a[href^="/courses/${course}/"]`)
		.evaluateAll((as) => as.map((a) => (a as HTMLAnchorElement).getAttribute('href')!));
}

for (const locale of ['es', 'en'] as const) {
	test(`catalogue and every session preview read on a phone (${locale})`, async ({ page }) => {
		await signIn(page, 'socia');
		if (locale === 'en') await page.getByRole('button', { name: /English/ }).click();
		await (
			await mainNav(page)
		)
			.getByRole('link', { name: locale === 'es' ? 'Cursos' : 'Courses' })
			.click();
		await expect(page).toHaveURL('/courses');
		const titles = await page.locator('main h2').allTextContents();
		expect(titles.join(' ')).toMatch(/Think\.COOP/);
		expect(titles.join(' ')).toMatch(/Start\.COOP/);

		let total = 0;
		for (const course of ['think-coop', 'start-coop']) {
			const links = await sessionLinks(page, course);
			await expect(
				page.getByLabel(locale === 'es' ? /OIT|crédito/i : /ILO|credit/i).first()
			).toBeVisible();
			expect(links.length).toBe(course === 'think-coop' ? 5 : 14);
			for (const href of links) {
				const res = await page.goto(href);
				expect(res?.status(), href).toBe(200);
				await expect(page.locator('html')).toHaveAttribute('lang', locale);
				await expect(page.getByRole('heading', { level: 1 })).not.toBeEmpty();
				// Every session opens by sharing the roles and closes with a reflection.
				const steps = page.locator('ol.steps > li');
				expect(await steps.count(), href).toBeGreaterThanOrEqual(3);
				await expect(page.locator('.credit')).toHaveText(credit[locale]);
				// Nothing sticks out sideways on a phone.
				const overflow = await page.evaluate(
					() => document.documentElement.scrollWidth - window.innerWidth
				);
				expect(overflow, `${href} scrolls sideways`).toBeLessThanOrEqual(1);
				total++;
			}
		}
		expect(total).toBe(19);
	});
}

test('think.coop opens with an English session when English is chosen', async ({ page }) => {
	await signIn(page, 'facilitador');
	await page.getByRole('button', { name: /English/ }).click();
	await page.goto('/courses/think-coop');
	await expect(page.getByRole('heading', { level: 1 })).toContainText('Think.COOP');
	await expect(page.getByText('Session', { exact: false }).first()).toBeVisible();
});

test('unknown course pages are 404 and signed-out visitors go to sign-in', async ({ page }) => {
	await page.goto('/courses');
	await expect(page).toHaveURL('/sign-in');
	await signIn(page, 'socia');
	const res = await page.goto('/courses/no-such-course');
	expect(res?.status()).toBe(404);
});

test('every course page and session preview stays within the cold-load budget', async ({
	page,
	baseURL
}) => {
	// About forty cold loads, each in a fresh browser context.
	test.setTimeout(240_000);
	await signIn(page, 'socia');
	const paths = ['/courses'];
	for (const course of ['think-coop', 'start-coop'])
		paths.push(`/courses/${course}`, ...(await sessionLinks(page, course)));
	for (const locale of ['es', 'en']) {
		const results = await measure({
			base: baseURL!,
			pages: paths,
			user: 'socia',
			password: 'minka-demo',
			locale
		});
		for (const r of results) {
			expect(r.status, r.path).toBe(200);
			expect(r.bytes, `${r.path} (${locale}) weighs ${r.bytes} bytes`).toBeLessThanOrEqual(
				BUDGET_BYTES
			);
			expect(r.foreign, r.path).toEqual([]);
		}
	}
});
