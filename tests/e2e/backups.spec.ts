import { expect, mainNav, signIn, test } from './helpers';

// An admin finds the backups page, makes a backup, and sees it checked by a restore.
test('an admin makes a backup and sees it verified', async ({ page }) => {
	test.setTimeout(90_000);
	await signIn(page, 'admin');
	await (await mainNav(page)).getByRole('link', { name: 'Copias de seguridad' }).click();
	await expect(page).toHaveURL('/admin/backups');
	await page.getByRole('button', { name: 'Hacer una copia ahora' }).click();
	await expect(page.getByText('La copia empezó')).toBeVisible();
	// It runs in the background: reload until it is written and checked.
	const item = page.locator('li[data-backup-id]').first();
	await expect(async () => {
		await page.reload();
		await expect(item.locator('[data-verified="true"]')).toBeVisible({ timeout: 1_000 });
	}).toPass({ timeout: 60_000 });
	await expect(item.getByText(/^Comprobada: se restauró bien/)).toBeVisible();
	const href = await item.getByRole('link', { name: 'Descargar' }).getAttribute('href');
	const file = await page.request.get(href!);
	expect(file.status()).toBe(200);
	// A gzip stream, whole.
	expect([...(await file.body()).subarray(0, 2)]).toEqual([0x1f, 0x8b]);
	await expect(page.locator('[data-backup-state="ok"]')).toBeVisible();
});
