import {
	chromium,
	devices,
	type Browser,
	type BrowserContext,
	type Locator,
	type Page
} from '@playwright/test';
import { CHROMIUM } from './chromium';
import { expect } from './a11y';

// Specs take `test` and `expect` from here: every page they visit is checked for accessibility.
export { expect, test } from './a11y';

export const PASSWORD = 'minka-demo';

export async function signIn(page: Page, identifier: string, password = PASSWORD) {
	await page.goto('/sign-in');
	await page.locator('#identifier').fill(identifier);
	await page.locator('#password').fill(password);
	await page.locator('form:has(#identifier) button[type=submit]').click();
	await expect(page).toHaveURL('/');
}

/** The main navigation, opened first where a phone screen folds it into a menu. */
export async function mainNav(page: Page): Promise<Locator> {
	const nav = page.getByRole('navigation', { name: /^(Menú principal|Main menu)$/ });
	const summary = nav.locator('details.menu > summary');
	if ((await summary.isVisible()) && !(await nav.locator('details.menu[open]').count()))
		await summary.click();
	return nav;
}

export async function signOut(page: Page) {
	await (await mainNav(page)).getByRole('button', { name: /^(Salir|Sign out)$/ }).click();
	await expect(page).toHaveURL('/sign-in');
}

/** The address of the team workbook's section `key` among the pages saved for `course`. */
export async function savedSection(page: Page, course: string, key: string): Promise<string> {
	const list = (await (await page.request.get(`/courses/${course}/offline.json`)).json()) as {
		pages: string[];
	};
	const section = list.pages.find(
		(p) => /^\/teams\/[0-9a-f-]{36}\/workbook\//.test(p) && p.endsWith(`/${key}`)
	);
	expect(section).toBeTruthy();
	return section!;
}

/**
 * Earlier journeys of the suite send the cooperative's whole plan to review, which locks its
 * sections until the facilitator answers: she asks for changes, so the group may write again.
 */
export async function sendBackIfUnderReview(browser: Browser, page: Page, section: string) {
	await page.goto(section);
	if (!(await page.getByText(/^Esta parte está enviada a revisión/).count())) return;
	const staff = await (
		await browser.newContext({ ...devices['Pixel 5'], locale: 'es-BO' })
	).newPage();
	await signIn(staff, 'facilitador');
	await staff.goto(section);
	await staff.getByLabel('Su comentario').fill('Pueden cambiarla en la próxima reunión.');
	await staff.getByRole('button', { name: 'Guardar comentario' }).click();
	await expect(staff.getByText('Comentario guardado.')).toBeVisible();
	await staff.getByRole('button', { name: 'Pedir cambios' }).click();
	await expect(staff.getByText(/^Se pidieron cambios/)).toBeVisible();
	await staff.context().close();
}

/**
 * A phone with a persistent profile, as a real phone's: its worker, caches and IndexedDB survive
 * closing it and opening it again on the same directory.
 */
export function openPhone(dir: string, baseURL: string): Promise<BrowserContext> {
	return chromium.launchPersistentContext(dir, {
		...devices['Pixel 5'],
		...CHROMIUM,
		baseURL,
		locale: 'es-BO'
	});
}

/** Puts a post into the phone's queue as static/js/offline.js keeps it (work kept earlier, say). */
export async function keepOnPhone(
	page: Page,
	item: { user: string; url: string; body: string; action: string }
) {
	await page.evaluate(async (item) => {
		const db = await new Promise<IDBDatabase>((resolve, reject) => {
			const req = indexedDB.open('minka-offline', 1);
			req.onsuccess = () => resolve(req.result);
			req.onerror = () => reject(req.error);
		});
		await new Promise((resolve, reject) => {
			const tx = db.transaction('queue', 'readwrite');
			tx.objectStore('queue').put({
				...item,
				name: 'Teodoro',
				runId: item.url.split('/')[2]!.split('?')[0],
				version: null,
				state: 'waiting',
				at: new Date().toISOString()
			});
			tx.oncomplete = resolve;
			tx.onerror = () => reject(tx.error);
		});
		db.close();
	}, item);
}
