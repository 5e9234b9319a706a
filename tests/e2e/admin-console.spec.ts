import { expect, signIn, test } from './helpers';

// A member's phone is stolen: the admin finds her account and locks it, and the session open on
// that phone ends on its next page; later the admin unlocks it, and the audit log tells the story.
test('an admin locks an account, whose open session ends; unlocks it; the audit log shows it', async ({
	page,
	browser
}) => {
	const sociaPhone = await browser.newContext({ viewport: { width: 393, height: 851 } });
	const socia = await sociaPhone.newPage();
	await signIn(socia, 'socia');

	await signIn(page, 'admin');
	await page.getByRole('link', { name: 'Cuentas', exact: true }).click();
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Cuentas');
	await page.getByLabel('Buscar por nombre, usuario, teléfono o correo').fill('socia');
	await page.getByRole('search').getByRole('button').click();
	await page.locator('tr[data-username="socia"] a').click();
	await expect(page.getByTestId('username')).toHaveText('socia');
	await expect(page.getByRole('region', { name: 'Roles' }).getByRole('listitem')).toContainText(
		'Participante'
	);

	await page.getByRole('button', { name: /^Bloquear la cuenta de / }).click();
	await expect(page.getByRole('status')).toHaveText('Cuenta bloqueada. Sus sesiones se cerraron.');
	await expect(page.getByTestId('state')).toHaveText('Bloqueada');

	// Her next page: signed out, and her password no longer lets her in.
	await socia.goto('/');
	await expect(socia).toHaveURL('/sign-in');

	await page.getByRole('button', { name: /^Desbloquear la cuenta de / }).click();
	await expect(page.getByRole('status')).toHaveText(
		'Cuenta desbloqueada. Puede volver a ingresar.'
	);
	await signIn(socia, 'socia');
	await sociaPhone.close();

	await page.getByRole('link', { name: /^Cambios hechos por o sobre / }).click();
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Registro de cambios');
	await expect(page.locator('li[data-action="lock"]')).toContainText('Bloqueó la cuenta de');
	await expect(page.locator('li[data-action="unlock"]')).toContainText('Desbloqueó la cuenta de');

	// The server's health, from the admin's home.
	await page.goto('/');
	await page.getByRole('link', { name: 'Estado del servidor' }).click();
	await expect(page.getByTestId('version')).toHaveText(/^\d+\.\d+\.\d+/);
});
