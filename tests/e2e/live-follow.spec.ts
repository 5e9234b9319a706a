import type { Browser, Page } from '@playwright/test';
import { expect, signIn, test } from './helpers';

// Several phones, one session: the lead's phone moves the group on, a member following on her
// own phone sees the new step within seconds without touching it (the island's EventSource on
// /runs/<id>/events), and the step's countdown ticks.
//
// Written against the contracts only: the start form posts to /runs/start (team, course, module,
// session, mode, clientId); the player's <main> carries data-run-version; the lead's forward
// button is the one named "Siguiente" (or "Empezar…" / "Comenzar…" while the group gets ready).

const FORWARD = /^(siguiente|empezar|comenzar|continuar)/i;

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

	// The lead starts (or resumes) a group session of his team from a start form on his home.
	const start = lead
		.locator('form[action="/runs/start"]:has(input[name="mode"][value="group"])')
		.first();
	await expect(start).toBeAttached();
	await start.locator('button[type="submit"]').click();
	await expect(lead).toHaveURL(/\/runs\/[0-9a-f-]{36}$/);
	const runUrl = new URL(lead.url()).pathname;

	await follower.goto(runUrl);
	await expect(follower.locator('main[data-events-url]')).toHaveAttribute(
		'data-events-url',
		`${runUrl}/events`
	);
	// A page that reloads by itself is fine; one reloaded by the test would prove nothing.
	let followerNavigations = 0;
	follower.on('framenavigated', (f) => {
		if (f === follower.mainFrame()) followerNavigations++;
	});

	// The lead moves forward until the group is on a step with a countdown; after each move the
	// follower's page shows the same version and the same heading, without the test touching it.
	for (let moves = 0; moves < 4; moves++) {
		const before = await version(lead);
		await lead.locator('main').getByRole('button', { name: FORWARD }).first().click();
		await expect.poll(() => version(lead)).toBeGreaterThan(before);
		const now = String(await version(lead));
		await expect(follower.locator('main[data-run-version]')).toHaveAttribute(
			'data-run-version',
			now,
			{ timeout: 8_000 }
		);
		const heading = (await lead.locator('main h1').first().innerText()).trim();
		await expect(follower.locator('main h1').first()).toHaveText(heading);
		if (await lead.locator('[data-countdown]').count()) break;
	}
	expect(followerNavigations).toBeGreaterThan(0);

	// The countdown is live on the follower's phone: mm:ss that changes as time passes.
	const timer = follower.locator('[data-countdown]').first();
	await expect(timer).toHaveText(/\+?\d\d:\d\d/);
	const first = await timer.innerText();
	await expect.poll(() => timer.innerText(), { timeout: 5_000 }).not.toBe(first);

	await lead.context().close();
	await follower.context().close();
});
