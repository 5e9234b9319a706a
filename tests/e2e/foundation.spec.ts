import type { Page } from '@playwright/test';
import { expect, mainNav, signIn, signOut, test } from './helpers';

const accounts = [
	{ user: 'admin', role: 'admin', es: 'Administración', en: 'Administration' },
	{ user: 'coordinadora', role: 'coordinator', es: 'Coordinación', en: 'Coordination' },
	{ user: 'facilitador', role: 'facilitator', es: 'Facilitación', en: 'Facilitation' },
	{
		user: 'fencomin',
		role: 'federation_focal_point',
		es: 'Enlace de federación',
		en: 'Federation focal point'
	},
	{
		user: 'dirigente',
		role: 'cooperative_lead',
		es: 'Dirigente de cooperativa',
		en: 'Cooperative lead'
	},
	{ user: 'socia', role: 'participant', es: 'Participante', en: 'Participant' }
];

test.describe('every role signs in and sees its home', { tag: '@embedded' }, () => {
	for (const a of accounts) {
		test(`${a.user} in Spanish and English`, async ({ page }) => {
			await signIn(page, a.user);
			await expect(page.locator('html')).toHaveAttribute('lang', 'es');
			await expect(page.getByRole('heading', { level: 1 })).toContainText('Hola');
			const card = page.locator(`[data-role="${a.role}"]`);
			await expect(card.getByRole('heading')).toHaveText(a.es);

			await page.getByRole('button', { name: /English/ }).click();
			await expect(page.locator('html')).toHaveAttribute('lang', 'en');
			await expect(page.getByRole('heading', { level: 1 })).toContainText('Hello');
			await expect(card.getByRole('heading')).toHaveText(a.en);

			// People management shows only to roles that manage people.
			const people = (await mainNav(page)).getByRole('link', { name: 'People' });
			if (a.role === 'participant') await expect(people).toHaveCount(0);
			else await expect(people).toBeVisible();

			await signOut(page);
			// The language choice is remembered after signing out.
			await expect(page.getByRole('heading', { level: 1 })).toHaveText('Sign in to Minka');
			await page.getByRole('button', { name: /Español/ }).click();
			await expect(page.getByRole('heading', { level: 1 })).toHaveText('Ingresar a Minka');
		});
	}
});

test('a wrong password shows a clear message and keeps what was typed', async ({ page }) => {
	await page.goto('/sign-in');
	await page.locator('#identifier').fill('socia');
	await page.locator('#password').fill('equivocada');
	await page.locator('form:has(#identifier) button[type=submit]').click();
	await expect(page.getByRole('alert')).toHaveText(
		'No pudimos ingresar con esos datos. Revise el usuario y la contraseña.'
	);
	await expect(page.locator('#identifier')).toHaveValue('socia');
	await expect(page.locator('#identifier')).toHaveAttribute('aria-invalid', 'true');
});

test('a member signs in with a phone number', async ({ page }) => {
	await signIn(page, 'coordinadora');
	await page.goto('/people?q=justina');
	const phone = (await page.locator('tbody tr td').nth(2).textContent())!.trim();
	await signOut(page);
	await signIn(page, phone.replace('+591', ''));
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Hola, Justina Condori Flores');
});

test('a coordinator invites a member, who chooses a password and signs in', async ({
	page,
	context
}) => {
	test.slow(); // Many sign-ins, each hashing a password.
	await signIn(page, 'coordinadora');
	await (await mainNav(page)).getByRole('link', { name: 'Personas' }).click();
	await page.getByLabel('Buscar por nombre o cooperativa').fill('martha apaza');
	await page.getByRole('button', { name: 'Buscar' }).click();
	await expect(page.locator('tbody tr')).toHaveCount(1);
	await page.getByRole('button', { name: 'Invitar: Martha Apaza Huanca' }).click();

	const issued = page.getByTestId('issued-link');
	await expect(issued.getByRole('heading')).toHaveText('Invitación para Martha Apaza Huanca');
	let url = (await page.getByTestId('link-url').textContent())!.trim();
	expect(url).toMatch(/^http:\/\/localhost:\d+\/invitation\/[\w-]+$/);
	const wa = await issued.getByRole('link', { name: 'Enviar por WhatsApp' }).getAttribute('href');
	expect(wa).toMatch(/^https:\/\/wa\.me\/5917\d{7}\?text=/);
	expect(decodeURIComponent(wa!.split('text=')[1]!)).toContain(
		'Le invitamos al curso de cooperativismo'
	);
	expect(decodeURIComponent(wa!)).toContain(url);
	// Invited is not signed in: the list says so, and offers a new link.
	await expect(page.locator('tbody tr td').nth(3)).toHaveText(
		/^Invitada — aún no entró \(desde \d{1,2} .+ \d{4}\)$/
	);
	await page.goto('/people?account=invited&q=martha+apaza');
	await expect(page.locator('tbody tr')).toHaveCount(1);
	await page.getByRole('button', { name: 'Enlace nuevo: Martha Apaza Huanca' }).click();
	await expect(issued.getByRole('heading')).toHaveText('Invitación para Martha Apaza Huanca');
	const first = url;
	url = (await page.getByTestId('link-url').textContent())!.trim();
	expect(url).not.toBe(first);
	await page.goto('/people?account=no&q=martha+apaza');
	await expect(page.locator('tbody tr')).toHaveCount(0);
	await signOut(page);
	await context.clearCookies();

	// The older link stopped working when the new one was made.
	await page.goto(first);
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Este enlace ya no sirve');
	await page.goto(url);
	await expect(page.getByRole('heading', { level: 1 })).toHaveText(
		'Bienvenida o bienvenido a Minka'
	);
	await expect(page.getByText('Su usuario es martha.apaza')).toBeVisible();
	await page.getByLabel('Contraseña nueva').fill('palliri-2026');
	await page.getByLabel('Repita la contraseña').fill('palliri-2027');
	// The rule is read with the password field.
	await expect(page.getByLabel('Contraseña nueva')).toHaveAccessibleDescription(
		/al menos 8 letras o números/
	);
	await page.getByRole('button', { name: 'Guardar y entrar' }).click();
	// The mistake is counted in the title, summed up where the focus lands, and read with its field.
	await expect(page).toHaveTitle('(1 error) Bienvenida o bienvenido a Minka · Minka');
	const summary = page.getByRole('alert');
	await expect(summary).toBeFocused();
	await expect(summary.getByRole('link')).toHaveText(
		'Repita la contraseña: Las dos contraseñas no son iguales.'
	);
	await expect(summary.getByRole('link')).toHaveAttribute('href', '#confirm');
	await expect(page.getByLabel('Repita la contraseña')).toHaveAccessibleDescription(
		'Las dos contraseñas no son iguales.'
	);

	await page.getByLabel('Contraseña nueva').fill('palliri-2026');
	await page.getByLabel('Repita la contraseña').fill('palliri-2026');
	await page.getByRole('button', { name: 'Guardar y entrar' }).click();
	await expect(page).toHaveURL('/');
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Hola, Martha Apaza Huanca');
	await signOut(page);

	await signIn(page, 'martha.apaza', 'palliri-2026');
	await expect(page.locator('[data-role="participant"]')).toBeVisible();
	await signOut(page);

	await signIn(page, 'coordinadora');
	await page.goto('/people?q=martha+apaza');
	await expect(page.locator('tbody tr td').nth(3)).toHaveText('Activa (martha.apaza)');
	await signOut(page);

	// The link worked once; now it says so plainly.
	await page.goto(url);
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Este enlace ya no sirve');
	await expect(page).toHaveTitle('Este enlace ya no sirve · Minka');
});

test('a participant cannot open the people page', async ({ page }) => {
	await signIn(page, 'socia');
	const res = await page.goto('/people');
	expect(res?.status()).toBe(403);
	await expect(page.getByText('No tiene permiso para ver esta página.')).toBeVisible();
});

/** As the facilitator, issue Justina a new link and use it to choose `password`. */
async function resetJustina(page: Page, password: string) {
	await signIn(page, 'facilitador');
	await page.goto('/people?q=justina');
	await page.getByRole('button', { name: 'Enlace nuevo: Justina Condori Flores' }).click();
	await expect(page.getByTestId('issued-link').getByRole('heading')).toHaveText(
		'Enlace nuevo para Justina Condori Flores'
	);
	const url = (await page.getByTestId('link-url').textContent())!.trim();
	await signOut(page);
	await page.goto(url);
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Elija una contraseña nueva');
	await page.getByLabel('Contraseña nueva').fill(password);
	await page.getByLabel('Repita la contraseña').fill(password);
	await page.getByRole('button', { name: 'Guardar y entrar' }).click();
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Hola, Justina Condori Flores');
	await signOut(page);
}

test('a facilitator gives a member who forgot the password a new link', async ({ page }) => {
	test.slow(); // Many sign-ins, each hashing a password.
	await resetJustina(page, 'nueva-clave-1');
	// The old password no longer works; the new one does.
	await page.locator('#identifier').fill('socia');
	await page.locator('#password').fill('minka-demo');
	await page.locator('form:has(#identifier) button[type=submit]').click();
	await expect(page.getByRole('alert')).toBeVisible();
	await signIn(page, 'socia', 'nueva-clave-1');
	await signOut(page);
	// Leave the shared demo account as other suites expect it.
	await resetJustina(page, 'minka-demo');
});

test('a federation focal point sees only its federation', async ({ page }) => {
	await signIn(page, 'fencomin');
	await page.goto('/people');
	const coops = await page.locator('tbody tr td:nth-child(2)').allTextContents();
	expect(coops.length).toBeGreaterThan(0);
	expect(new Set(coops)).toEqual(
		new Set(['Estrella del Sur', 'Cerro Rico Unificada', 'Poopó Unido'])
	);
	// No phones and no invitation buttons for this role, and no instructions for sending links.
	await expect(page.getByText('Estas son las personas que usted puede ver.')).toBeVisible();
	await expect(page.getByText('Cree la cuenta de una persona')).toHaveCount(0);
	await expect(page.locator('tbody tr td:nth-child(3)').first()).toHaveText('—');
	await expect(page.getByRole('button', { name: /Invitar|Enlace nuevo/ })).toHaveCount(0);
});

test('a cohort shows who was invited but has not come in, and sends them new links', async ({
	page
}) => {
	test.slow(); // Many sign-ins, each hashing a password.
	await signIn(page, 'coordinadora');
	await page.goto('/people?q=gregorio+mamani');
	const row = page.locator('tbody tr').first();
	const name = (await row.locator('td').first().textContent())!.trim();
	const coop = (await row.locator('td').nth(1).textContent())!.trim();
	await page.getByRole('button', { name: `Invitar: ${name}` }).click();
	await expect(page.getByTestId('issued-link')).toBeVisible();

	await page.goto('/cohorts');
	await page.getByRole('link', { name: 'Cohorte 1', exact: true }).click();
	const table = page.getByRole('region', { name: 'Inscritos por cooperativa' });
	const coopRow = table.locator('tr', { hasText: coop });
	await expect(coopRow.locator('td[data-label="Invitadas, aún no entraron"]')).toHaveText(/^1\b/);
	await coopRow.getByRole('button', { name: `Enlaces nuevos: ${coop}` }).click();
	const links = page.getByTestId('bulk-links');
	await expect(page.getByTestId('bulk-link')).toHaveCount(1);
	await expect(links.getByTestId('bulk-link')).toContainText(name);
});

/** What the sign-in page answers to `password`. */
async function tryPassword(page: Page, identifier: string, password: string) {
	await page.goto('/sign-in');
	await page.locator('#identifier').fill(identifier);
	await page.locator('#password').fill(password);
	await page.locator('form:has(#identifier) button[type=submit]').click();
	return page.getByRole('alert').textContent();
}

test('after repeated failures, sign-in says how long to wait', async ({ page }) => {
	test.slow(); // Many sign-ins, each hashing a password.
	let message = '';
	for (let i = 0; i < 10 && !message.includes('Espere'); i++)
		message = (await tryPassword(page, 'nadie.en.minka', `mala-${i}`)) ?? '';
	expect(message).toMatch(
		/^Hubo muchos intentos fallidos\. Espere \d+ segundos? y vuelva a intentar\.$/
	);
	await expect(page.locator('#identifier')).toHaveValue('nadie.en.minka');
});

test('a link works while the account is slowed down by failed sign-ins', async ({
	page,
	context
}) => {
	test.slow(); // Many sign-ins, each hashing a password.
	await signIn(page, 'coordinadora');
	await page.goto('/people?q=vicente+mollinedo');
	await page.getByRole('button', { name: 'Invitar: Vicente Mollinedo Ramos' }).click();
	const url = (await page.getByTestId('link-url').textContent())!.trim();
	const username = (await page.getByTestId('issued-link').textContent())!.match(
		/Usuario: (\S+)/
	)![1]!;
	await signOut(page);
	await context.clearCookies();

	// Someone tries passwords on the account until it is slowed down.
	let message = '';
	for (let i = 0; i < 10 && !message.includes('Espere'); i++)
		message = (await tryPassword(page, username, `mala-${i}`)) ?? '';
	expect(message).toContain('Espere');

	await page.goto(url);
	await page.getByLabel('Contraseña nueva').fill('mapiri-2026');
	await page.getByLabel('Repita la contraseña').fill('mapiri-2026');
	await page.getByRole('button', { name: 'Guardar y entrar' }).click();
	await expect(page).toHaveURL('/');
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Hola, Vicente Mollinedo Ramos');
	await signOut(page);
	// The counter was cleared: the owner signs in again at once.
	await signIn(page, username, 'mapiri-2026');
});

test("a facilitator cannot get a link for a cooperative lead's account", async ({ page }) => {
	test.slow(); // Many sign-ins, each hashing a password.
	await signIn(page, 'coordinadora');
	await page.goto('/people?q=teodoro+choque');
	const href = await page.getByRole('link', { name: 'Teodoro Choque Mamani' }).getAttribute('href');
	await signOut(page);

	await signIn(page, 'facilitador');
	await page.goto(href!);
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Teodoro Choque Mamani');
	await expect(page.getByRole('button', { name: 'Enlace nuevo' })).toHaveCount(0);
	const res = await page.request.post(`${href}?/link`, {
		form: {},
		headers: { origin: new URL(page.url()).origin }
	});
	expect(res.status()).toBe(403);
	expect(await res.text()).not.toContain('/invitation/');
	// A plain member of the facilitator's cohort still gets one (see resetJustina).
	await page.goto('/people?q=teodoro+choque');
	await expect(page.getByRole('button', { name: /Enlace nuevo/ })).toHaveCount(0);
});
