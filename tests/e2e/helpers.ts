import { expect, type Page } from '@playwright/test';

export const PASSWORD = 'minka-demo';

export async function signIn(page: Page, identifier: string, password = PASSWORD) {
	await page.goto('/sign-in');
	await page.locator('#identifier').fill(identifier);
	await page.locator('#password').fill(password);
	await page.locator('form:has(#identifier) button[type=submit]').click();
	await expect(page).toHaveURL('/');
}

export async function signOut(page: Page) {
	await page.locator('header form[action="/sign-out"] button').click();
	await expect(page).toHaveURL('/sign-in');
}
