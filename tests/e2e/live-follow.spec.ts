import type { Browser, Page } from '@playwright/test';
import { expect, signIn, test } from './helpers';

// Several phones, one session, with JavaScript on: the lead's phone moves the group on, a member
// following on her own phone sees the new step within seconds without touching it (the island's
// EventSource on /runs/<id>/events), the step's countdown ticks, and read-aloud says plainly that
// this phone (headless Chromium: no offline voice) cannot read aloud.
//
// A Start.COOP session far from the others' journeys, chosen on the team page, so this run does
// not become the "next session" other specs expect.
const SESSION = 'start-coop/feasibility/market';

async function phone(browser: Browser, username: string): Promise<Page> {
	const context = await browser.newContext({ viewport: { width: 393, height: 851 } });
	const page = await context.newPage();
	await signIn(page, username);
	return page;
}

async function version(page: Page): Promise<number> {
	return Number(await page.locator('main[data-run-version]').getAttribute('data-run-version'));
}

test('a member following on her own phone sees the group move on, and the timer runs', async ({
	browser
}) => {
	test.setTimeout(60_000);
	const lead = await phone(browser, 'dirigente');
	const follower = await phone(browser, 'socia');

	// The lead chooses the session on his team's page and starts (or resumes) it.
	await lead.getByRole('link', { name: /^Ver todas las sesiones del grupo/ }).click();
	const choose = lead.getByRole('region', { name: 'Elegir una sesión' });
	await choose.getByLabel('Sesión').selectOption(SESSION);
	await choose.getByRole('button', { name: 'Empezar la sesión' }).click();
	await expect(lead).toHaveURL(/\/runs\/[0-9a-f-]{36}$/);
	const runUrl = new URL(lead.url()).pathname;
	await expect(lead.locator('main')).toHaveAttribute('data-events-url', `${runUrl}/events`);

	// Who is here, and the proposed roles; then the steps begin.
	if (await lead.getByRole('button', { name: 'Guardar asistencia' }).count()) {
		for (const name of ['Teodoro Choque Mamani', 'Justina Condori Flores'])
			await lead.getByRole('checkbox', { name }).check();
		await lead.getByRole('button', { name: 'Guardar asistencia' }).click();
		await lead.getByRole('button', { name: 'Empezar los pasos' }).click();
	}
	await expect(lead.getByText(/^Paso \d+ de \d+$/)).toBeVisible();

	await follower.goto(runUrl);
	await expect(follower.locator('main')).toHaveAttribute('data-events-url', `${runUrl}/events`);
	await expect(follower.getByText(/^Paso \d+ de \d+$/)).toHaveText(
		(await lead.getByText(/^Paso \d+ de \d+$/).textContent())!
	);
	// A page that reloads by itself is fine; one reloaded by the test would prove nothing.
	let followerNavigations = 0;
	follower.on('framenavigated', (f) => {
		if (f === follower.mainFrame()) followerNavigations++;
	});

	// The lead moves on twice; each time the follower's page shows the same version and step.
	for (let moves = 0; moves < 2; moves++) {
		const before = await version(lead);
		await lead.getByRole('button', { name: 'Siguiente paso →' }).click();
		await expect.poll(() => version(lead)).toBeGreaterThan(before);
		await expect(follower.locator('main')).toHaveAttribute(
			'data-run-version',
			String(await version(lead)),
			{ timeout: 8_000 }
		);
		const title = (await lead.locator('#step-title').innerText()).trim();
		await expect(follower.locator('#step-title')).toHaveText(title);
	}
	expect(followerNavigations).toBeGreaterThanOrEqual(2);

	// The countdown is live on the follower's phone: mm:ss that changes as time passes.
	const timer = follower.locator('[data-countdown]');
	await expect(timer).toHaveText(/\+?\d\d:\d\d/);
	const first = await timer.innerText();
	await expect.poll(() => timer.innerText(), { timeout: 5_000 }).not.toBe(first);

	// Read aloud: the button is there for the script, which keeps it hidden here and says why.
	await expect(follower.locator('button[data-read-aloud]')).toHaveCount(1);
	await expect(follower.locator('button[data-read-aloud]')).toBeHidden();
	await expect(
		follower.getByText('Este teléfono no tiene una voz que lea sin internet.')
	).toBeVisible({ timeout: 5_000 });

	await lead.context().close();
	await follower.context().close();
});
