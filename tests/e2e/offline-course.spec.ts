import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, devices, type BrowserContext, type Page } from '@playwright/test';
import { expect, PASSWORD, test } from './helpers';

// Use without internet: a member saves Think.COOP on the phone; with no signal the group's session
// opens from the phone, the lead writes a note, moves on and fills a worksheet, all kept on the
// phone; the phone is closed and opened again still without signal; when the signal comes back
// everything is sent once, in order. A phone that changes hands shows nothing of the member before.
// A persistent browser profile, as a real phone's: its worker, caches and IndexedDB survive a close.

const SESSION = 'think-coop/orientation/collective-action';
const PRESENT = ['Teodoro Choque Mamani', 'Justina Condori Flores'];
const launchArgs = [
	'--headless',
	'--no-sandbox',
	'--disable-gpu',
	'--disable-quic',
	'--no-first-run',
	'--disable-background-networking',
	'--disable-component-update',
	'--disable-sync'
];

function openPhone(dir: string, baseURL: string): Promise<BrowserContext> {
	return chromium.launchPersistentContext(dir, {
		...devices['Pixel 5'],
		executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
		args: launchArgs,
		baseURL,
		locale: 'es-BO'
	});
}

async function signIn(page: Page, identifier: string) {
	await page.goto('/sign-in');
	await page.locator('#identifier').fill(identifier);
	await page.locator('#password').fill(PASSWORD);
	await page.locator('form:has(#identifier) button[type=submit]').click();
	await expect(page).toHaveURL('/');
}

const waiting = (page: Page) => page.locator('[data-offline-waiting]');
const stepShown = (page: Page) => page.getByText(/^Paso \d+ de \d+$/);

test('a course saved on the phone runs a session with no signal and sends it all once, in order', async ({
	baseURL
}) => {
	test.setTimeout(120_000);
	const dir = mkdtempSync(join(tmpdir(), 'minka-phone-'));
	try {
		let phone = await openPhone(dir, baseURL!);
		let page = phone.pages()[0] ?? (await phone.newPage());
		await signIn(page, 'dirigente');

		// The lead starts the session with signal: who is here, the roles, the first step.
		await page.getByRole('link', { name: /^Ver todas las sesiones del grupo/ }).click();
		const choose = page.getByRole('region', { name: 'Elegir una sesión' });
		await choose.getByLabel('Sesión').selectOption(SESSION);
		await choose.getByRole('button', { name: 'Empezar la sesión' }).click();
		await expect(page).toHaveURL(/\/runs\/[0-9a-f-]{36}$/);
		const runPath = new URL(page.url()).pathname;
		for (const name of PRESENT) await page.getByRole('checkbox', { name }).check();
		await page.getByRole('button', { name: 'Guardar asistencia' }).click();
		await page.getByRole('button', { name: 'Empezar los pasos' }).click();
		await expect(stepShown(page)).toHaveText('Paso 1 de 7');

		// Save the course: how many pages, then progress, then what it takes on the phone.
		await page.goto('/courses/think-coop');
		const save = page.getByRole('button', { name: 'Guardar para usar sin internet' });
		await expect(page.getByText('necesita JavaScript activado')).toBeHidden();
		await save.click();
		const state = page.locator('[data-offline-state]');
		await expect(state).toHaveAttribute('data-saved', 'current');
		await expect(state).toContainText(/Guardado en este teléfono: \d+ KB\./);
		await expect(save).toBeHidden();
		await expect(page.getByRole('button', { name: 'Quitar de este teléfono' })).toBeVisible();
		// Each session (and the pre- and post-test) is marked as there without internet.
		await expect(page.locator('.sessions [data-offline-mark]')).toHaveCount(5);
		// Think.COOP with its open session: well under a megabyte on the phone.
		const saved = await page.evaluate(async () => {
			const name = (await caches.keys()).find((n) => n.startsWith('minka-user-'))!;
			const meta = await (await caches.open(name)).match('/__offline/course/think-coop');
			return (await meta!.json()) as { bytes: number; pages: string[] };
		});
		expect(saved.pages).toContain(`${runPath}?at=5`);
		expect(saved.bytes).toBeLessThan(1024 * 1024);

		// No signal. The session opens from the phone.
		await phone.setOffline(true);
		await page.goto(runPath);
		await expect(stepShown(page)).toHaveText('Paso 1 de 7');

		// Two moves on, each to the step's saved page: the page counts what waits.
		for (let n = 2; n <= 3; n++) {
			await page.getByRole('button', { name: 'Siguiente paso →' }).click();
			await expect(stepShown(page)).toHaveText(`Paso ${n} de 7`);
			await expect(waiting(page)).toHaveText(`Por enviar: ${n - 1}`);
		}
		await expect(
			page.getByText('Guardado en este teléfono — se enviará cuando haya señal.')
		).toBeVisible();
		// A note on step 3, the group's conversation.
		await page.getByLabel('Escriba lo que responde el grupo.').fill('Notas sin señal.');
		await page.getByRole('button', { name: 'Guardar notas' }).click();
		await expect(waiting(page)).toHaveText('Por enviar: 3');
		for (let n = 4; n <= 5; n++) {
			await page.getByRole('button', { name: 'Siguiente paso →' }).click();
			await expect(stepShown(page)).toHaveText(`Paso ${n} de 7`);
			await expect(waiting(page)).toHaveText(`Por enviar: ${n}`);
		}
		// Step 5's worksheet.
		await page
			.getByLabel('Nuestra conclusión: ¿los beneficios pesan más que los costos?')
			.fill('Sí, juntos ganamos más.');
		await page.getByRole('button', { name: 'Guardar', exact: true }).click();
		await expect(waiting(page)).toHaveText('Por enviar: 6');

		// The phone is closed and opened again, still with no signal: the work is still there.
		await phone.close();
		phone = await openPhone(dir, baseURL!);
		await phone.setOffline(true);
		page = phone.pages()[0] ?? (await phone.newPage());
		await page.goto(`${runPath}?at=5`);
		await expect(stepShown(page)).toHaveText('Paso 5 de 7');
		await expect(waiting(page)).toHaveText('Por enviar: 6');

		// Signal again: everything is sent, in order, and the page shows where the group is.
		await phone.setOffline(false);
		await expect(page).toHaveURL(runPath);
		await expect(stepShown(page)).toHaveText('Paso 5 de 7');
		await expect(page.locator('[data-offline-box]')).toBeHidden();
		await expect(
			page.getByLabel('Nuestra conclusión: ¿los beneficios pesan más que los costos?')
		).toHaveValue('Sí, juntos ganamos más.');
		// The note of step 3 arrived, once: it is the note's first revision.
		const step3 = await (await page.request.get(`${runPath}?at=3`)).text();
		expect(step3).toContain('Notas sin señal.');
		expect(step3).toMatch(/name="revision" value="1"/);

		// The phone changes hands: signing out leaves no saved page and no queue to see.
		await page.evaluate(() =>
			document.querySelector<HTMLFormElement>('form[action="/sign-out"]')!.requestSubmit()
		);
		await expect(page).toHaveURL('/sign-in');
		await expect
			.poll(() =>
				page.evaluate(async () => (await caches.keys()).filter((n) => n.startsWith('minka-user-')))
			)
			.toEqual([]);
		await phone.close();
	} finally {
		rmSync(dir, { recursive: true, force: true });
	}
});
