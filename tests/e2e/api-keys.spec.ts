import { expect, mainNav, signIn, test } from './helpers';

// The admin hands a BI team a key to the learning-data feed limited to one federation; the
// feed answers it with the demo's statements, all of that federation; once revoked, it refuses.
test('an admin creates a key for the xAPI feed, which reads the demo, and revokes it', async ({
	page,
	request
}) => {
	await signIn(page, 'admin');
	await (await mainNav(page)).getByRole('link', { name: 'Llaves de datos (xAPI)' }).click();
	await expect(page.getByRole('heading', { level: 1 })).toHaveText(
		'Llaves para leer los datos de aprendizaje'
	);
	// A key with no name is refused, with why, and nothing is made.
	await page.getByRole('button', { name: 'Crear la llave' }).click();
	await expect(page.getByText('Escriba un nombre de 1 a 100 letras.').first()).toBeVisible();
	await expect(page.getByText('Todavía no hay llaves.')).toBeVisible();

	await page.getByLabel('Nombre').fill('Tablero FENCOMIN');
	await page.getByLabel('Qué puede leer').selectOption({ label: 'Solo la federación FENCOMIN' });
	await page.getByRole('button', { name: 'Crear la llave' }).click();
	await expect(page.getByRole('heading', { name: 'Llave creada: Tablero FENCOMIN' })).toBeVisible();
	const authorization = (await page.locator('[data-key="authorization"]').textContent())!;
	expect(authorization).toMatch(/^Basic [A-Za-z0-9+/=]+$/);

	const read = (auth: string) =>
		request.get('/xapi/statements?limit=50', {
			headers: { authorization: auth, 'x-experience-api-version': '1.0.3' }
		});
	const ok = await read(authorization);
	expect(ok.status()).toBe(200);
	expect(ok.headers()['x-experience-api-version']).toBe('1.0.3');
	const body = (await ok.json()) as {
		statements: { actor: { account: { name: string } }; verb: { id: string } }[];
		more: string;
	};
	// The demo's groups recorded their sessions: the key reads them, never a name.
	expect(body.statements.length).toBeGreaterThan(0);
	expect(JSON.stringify(body)).not.toMatch(/Flores|Choque|Mamani/);
	expect(body.statements[0]!.verb.id).toMatch(/^http/);

	// The browser sends the form again (reload after a post): no second key, and it says why.
	await page.reload();
	await expect(page.getByText(/^Esa llave ya se creó con este formulario/)).toBeVisible();
	await expect(page.getByRole('heading', { name: 'Llaves (1)' })).toBeVisible();

	// Revoked, the same key is refused.
	await page.getByRole('button', { name: 'Revocar la llave Tablero FENCOMIN' }).click();
	await expect(page.getByText('La llave fue revocada: desde ahora no sirve.')).toBeVisible();
	await expect(page.getByText(/^Revocada el /)).toBeVisible();
	const refused = await read(authorization);
	expect(refused.status()).toBe(401);
	expect(refused.headers()['www-authenticate']).toMatch(/^Basic/);

	// Nobody but an admin opens the page.
	await page.context().clearCookies();
	await signIn(page, 'coordinadora');
	expect((await page.goto('/api-keys'))!.status()).toBe(403);
});
