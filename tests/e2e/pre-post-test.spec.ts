import { randomUUID } from 'node:crypto';
import { BUDGET_BYTES, measure } from '../../bench/page-weight';
import { expect, signIn, test } from './helpers';

// A member takes the pre-test alone on a phone, with JavaScript off: every step a form post.
test.use({ javaScriptEnabled: false });

test('socia takes the Think.COOP pre-test one question at a time and sees her score', async ({
	page,
	baseURL
}) => {
	await signIn(page, 'socia');
	await page.goto('/courses/think-coop');
	await expect(
		page.getByRole('heading', { name: 'Antes de empezar: prueba de entrada' })
	).toBeVisible();
	await page.getByRole('link', { name: /^Empezar la prueba.*Antes de empezar/ }).click();
	await expect(page).toHaveURL('/courses/think-coop/test/pre');
	await expect(page.getByRole('heading', { level: 1, name: 'Prueba de entrada' })).toBeVisible();
	await page.getByRole('button', { name: 'Empezar la prueba' }).click();

	await expect(page).toHaveURL('/courses/think-coop/test/pre/1');
	const total = Number(
		/de (\d+)/.exec((await page.getByText(/^Pregunta 1 de \d+$/).textContent())!)![1]
	);
	expect(total).toBeGreaterThanOrEqual(10);

	// Answer the first question, go on, come back: the answer was kept.
	const choices = page.locator('label.choice input');
	await choices.first().check();
	await page.getByRole('button', { name: /Siguiente/ }).click();
	await expect(page).toHaveURL('/courses/think-coop/test/pre/2');
	await page.getByRole('button', { name: /Atrás/ }).click();
	await expect(page).toHaveURL('/courses/think-coop/test/pre/1');
	await expect(choices.first()).toBeChecked();

	// The rest: the first option each time; the last one left for later, then answered.
	for (let n = 1; n < total; n++) {
		if (n < total - 1 || n === 1) await choices.first().check();
		await page.getByRole('button', { name: /Siguiente/ }).click();
		await expect(page).toHaveURL(`/courses/think-coop/test/pre/${n + 1}`);
	}
	await page.getByRole('button', { name: /Siguiente/ }).click();
	await expect(page).toHaveURL('/courses/think-coop/test/pre');
	await expect(page.getByText(`Respondió ${total - 2} de ${total} preguntas.`)).toBeVisible();
	await expect(page.getByText('Le faltan 2 preguntas.', { exact: false })).toBeVisible();
	await page.getByRole('button', { name: 'Seguir con la prueba' }).click();
	await expect(page).toHaveURL(`/courses/think-coop/test/pre/${total - 1}`);
	await choices.first().check();
	await page.getByRole('button', { name: /Guardar y ver todas/ }).click();
	await expect(page).toHaveURL('/courses/think-coop/test/pre');

	await page.getByRole('button', { name: 'Entregar la prueba' }).click();
	await expect(page).toHaveURL('/courses/think-coop/test/pre');
	const score = page.getByText(new RegExp(`^Su resultado: \\d+ de ${total}$`));
	await expect(score).toBeVisible();
	await expect(page.getByRole('heading', { name: 'Sus respuestas' })).toBeVisible();
	await expect(page.getByText('Respuesta correcta:').first()).toBeVisible();
	await expect(page.getByText('No respondió.')).toBeVisible();
	const result = (await score.textContent())!.replace('Su resultado: ', '');

	// The course page now shows her score; a second start is refused with the first result.
	await page.goto('/courses/think-coop');
	await expect(page.getByText(`Su resultado: ${result}.`)).toBeVisible();
	await expect(page.getByRole('link', { name: /^Empezar la prueba.*Al terminar/ })).toBeVisible();
	const again = await page.request.post('/courses/think-coop/test/pre?/start', {
		form: { clientId: randomUUID() },
		headers: { origin: baseURL!, accept: 'text/html' }
	});
	expect(again.status()).toBe(409);
	const html = await again.text();
	expect(html).toContain('Usted ya dio esta prueba. Se da una sola vez.');
	expect(html).toContain(`Su resultado: ${result}`);

	// The heaviest test page (every answer with its explanation) within the cold-load budget.
	const weights = await measure({
		base: baseURL!,
		pages: ['/courses/think-coop/test/pre', '/courses/think-coop/test/post'],
		user: 'socia',
		password: 'minka-demo'
	});
	for (const r of weights) {
		expect(r.status, r.path).toBe(200);
		expect(r.bytes, `${r.path} weighs ${r.bytes} bytes`).toBeLessThanOrEqual(BUDGET_BYTES);
		// No script of its own: only the service worker's registration, which every page loads,
		// and, for someone signed in, the queue kept with no signal (offline.js).
		expect([...r.scripts].sort(), `${r.path} ships script`).toEqual([
			'/js/offline.js',
			'/js/sw-register.js'
		]);
	}
});

test('a facilitator sees no test to take and is refused the test page', async ({ page }) => {
	await signIn(page, 'facilitador');
	await page.goto('/courses/think-coop');
	await expect(page.getByRole('heading', { name: /prueba de entrada/ })).toHaveCount(0);
	const r = await page.goto('/courses/think-coop/test/pre');
	expect(r?.status()).toBe(403);
});
