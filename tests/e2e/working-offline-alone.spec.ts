// Sorts just before working-offline.spec.ts (which runs last): it leaves socia's post-test handed
// in, which no other journey looks at, and starts no group session.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from '@playwright/test';
import { expect, openPhone, savedSection, sendBackIfUnderReview, signIn, test } from './helpers';

// Use without internet by a member alone: socia sees how much the course will take before saving
// it; with no signal she reads her team's workbook and takes the post-test from the phone — start,
// every question, hand in — and when the signal comes back it all arrives once.
// A phone of its own (as in working-offline.spec.ts): the saved pages move on by themselves when
// the signal comes back, which the accessibility replay of the shared context cannot follow.

const waiting = (page: Page) => page.locator('[data-offline-waiting]');
const POST = '/courses/think-coop/test/post';

test('socia saves Think.COOP, reads the workbook and takes the post-test with no signal, sent once', async ({
	baseURL,
	browser
}) => {
	test.setTimeout(120_000);
	const dir = mkdtempSync(join(tmpdir(), 'minka-phone-'));
	const context = await openPhone(dir, baseURL!);
	try {
		await journey(context.pages()[0] ?? (await context.newPage()), context, browser);
	} finally {
		await context.close();
		rmSync(dir, { recursive: true, force: true });
	}
});

async function journey(
	page: Page,
	context: import('@playwright/test').BrowserContext,
	browser: Browser
) {
	await signIn(page, 'socia');
	// The team workbook's section this course fills, open for writing before it is saved.
	await sendBackIfUnderReview(
		browser,
		page,
		await savedSection(page, 'think-coop', 'think.decision')
	);
	await page.goto('/courses/think-coop');

	// Before saving: about how much, in how many pages.
	const estimate = page.locator('[data-offline-estimate]');
	await expect(estimate).toHaveText(/^Se guardarán unos \d+ KB en \d+ páginas\.$/);
	const [, aboutKb, aboutPages] = /unos (\d+) KB en (\d+)/.exec((await estimate.textContent())!)!;

	await page.getByRole('button', { name: 'Guardar para usar sin internet' }).click();
	await expect(estimate).toBeHidden();
	await expect(page.locator('[data-offline-state]')).toHaveAttribute('data-saved', 'current');
	const saved = await page.evaluate(async () => {
		const name = (await caches.keys()).find((n) => n.startsWith('minka-user-'))!;
		const meta = await (await caches.open(name)).match('/__offline/course/think-coop');
		return (await meta!.json()) as { bytes: number; pages: string[] };
	});
	// The estimate counted the pages kept, and their size within a fair margin.
	expect(saved.pages).toHaveLength(Number(aboutPages));
	const kept = saved.bytes / 1024;
	expect(Number(aboutKb)).toBeGreaterThan(kept * 0.75);
	expect(Number(aboutKb)).toBeLessThan(kept * 1.33);
	expect(saved.bytes).toBeLessThan(1024 * 1024);
	// The post-test's questions, saved for the attempt its Start will create; the team workbook.
	const first = saved.pages.find((p) => p.startsWith(`${POST}/1?attempt=`))!;
	expect(first).toBeTruthy();
	const attempt = first.split('=')[1]!;
	const section = saved.pages.find((p) =>
		/^\/teams\/[0-9a-f-]{36}\/workbook\/think\.decision$/.test(p)
	)!;
	expect(section).toBeTruthy();

	await context.setOffline(true);

	// The team's workbook opens from the phone.
	await page.goto(section.replace(/\/think\.decision$/, ''));
	await expect(page.getByRole('link', { name: 'La decisión del grupo' })).toBeVisible();
	await page.goto(section);
	await expect(
		page.getByRole('heading', { level: 1, name: 'La decisión del grupo' })
	).toBeVisible();
	// And is filled in there: the save is kept on the phone like the group's posts.
	await page.getByLabel('Sí, vamos a actuar').check();
	await page.getByLabel('¿Por qué lo decidimos?').fill('Vender juntos, escrito sin señal.');
	await page.getByRole('button', { name: 'Guardar', exact: true }).click();
	await expect(waiting(page)).toHaveText('Por enviar: 1');

	// The post-test: started, each question answered and the test handed in, all on the phone.
	await page.goto(POST);
	await page.getByRole('button', { name: 'Empezar la prueba' }).click();
	await expect(page).toHaveURL(`${POST}/1?attempt=${attempt}`);
	await expect(waiting(page)).toHaveText('Por enviar: 2');
	const total = Number(
		/de (\d+)/.exec((await page.getByText(/^Pregunta 1 de \d+$/).textContent())!)![1]
	);
	for (let n = 1; n <= total; n++) {
		await expect(page.getByText(`Pregunta ${n} de ${total}`, { exact: true })).toBeVisible();
		await page.locator('label.choice input').first().check();
		await page.getByRole('button', { name: /Siguiente/ }).click();
		await expect(page).toHaveURL(
			n < total ? `${POST}/${n + 1}?attempt=${attempt}` : `${POST}?attempt=${attempt}`
		);
		await expect(waiting(page)).toHaveText(`Por enviar: ${n + 2}`);
	}
	await page.getByRole('button', { name: 'Entregar la prueba' }).click();
	await expect(waiting(page)).toHaveText(`Por enviar: ${total + 3}`);
	await expect(
		page.getByText('Guardado en este teléfono — se enviará cuando haya señal.')
	).toBeVisible();

	// Signal again: sent in order, and the page is the test as the server has it, handed in.
	await context.setOffline(false);
	await expect(page).toHaveURL(POST);
	await expect(page.getByText(new RegExp(`^Su resultado: \\d+ de ${total}$`))).toBeVisible();
	await expect(page.locator('[data-offline-box]')).toBeHidden();
	// Every question has her answer, and it counted once: the course page shows the test done.
	await expect(page.getByText('No respondió.')).toHaveCount(0);
	const result = (await page.getByText(/^Su resultado:/).textContent())!;

	// The same queue replayed (an answer lost on the way back) changes nothing.
	const key = (await page.locator('[data-offline-box]').getAttribute('data-user'))!;
	const replay = (url: string, form: Record<string, string>) =>
		page.request.post(url, {
			headers: { 'x-minka-queue': key, accept: 'text/html', origin: new URL(page.url()).origin },
			form,
			maxRedirects: 0
		});
	expect((await replay(`${POST}?/start`, { clientId: attempt })).status()).toBe(303);
	const html = await (await page.request.get(`${POST}/1?attempt=${attempt}`)).text();
	const question = /name="question" value="([^"]+)"/.exec(html);
	// Handed in: the question page only says so.
	expect(question).toBeNull();
	expect((await replay(`${POST}?/submit`, { attemptId: attempt, revision: '2' })).status()).toBe(
		303
	);
	await page.reload();
	await expect(page.getByText(result, { exact: true })).toBeVisible();

	// The workbook section kept offline arrived too, as its next version.
	await page.goto(section);
	await expect(page.getByLabel('¿Por qué lo decidimos?')).toHaveValue(
		'Vender juntos, escrito sin señal.'
	);
}
