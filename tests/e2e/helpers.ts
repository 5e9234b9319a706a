import type { Locator, Page } from '@playwright/test';
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
