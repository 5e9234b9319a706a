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

test.describe('every role signs in and sees its home', () => {
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
	await signIn(page, 'coordinadora');
	await (await mainNav(page)).getByRole('link', { name: 'Personas' }).click();
	await page.getByLabel('Buscar por nombre o cooperativa').fill('martha apaza');
	await page.getByRole('button', { name: 'Buscar' }).click();
	await expect(page.locator('tbody tr')).toHaveCount(1);
	await page.getByRole('button', { name: 'Invitar: Martha Apaza Huanca' }).click();

	const issued = page.getByTestId('issued-link');
	await expect(issued.getByRole('heading')).toHaveText('Invitación para Martha Apaza Huanca');
	const url = (await page.getByTestId('link-url').textContent())!.trim();
	expect(url).toMatch(/^http:\/\/localhost:\d+\/invitation\/[\w-]+$/);
	const wa = await issued.getByRole('link', { name: 'Enviar por WhatsApp' }).getAttribute('href');
	expect(wa).toMatch(/^https:\/\/wa\.me\/5917\d{7}\?text=/);
	expect(decodeURIComponent(wa!.split('text=')[1]!)).toContain(
		'Le invitamos al curso de cooperativismo'
	);
	expect(decodeURIComponent(wa!)).toContain(url);
	await expect(page.locator('tbody tr td').nth(3)).toHaveText('Activa (martha.apaza)');
	await signOut(page);
	await context.clearCookies();

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
