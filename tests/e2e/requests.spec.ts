import { writeFileSync } from 'node:fs';
import http from 'node:http';
import { expect, test, type APIRequestContext } from '@playwright/test';
import { PASSWORD, signIn } from './helpers';

// How the built server takes requests that are too large, broken or hostile: refused quickly with
// a translated answer, never a 500, never a stalled process.

const port = Number(process.env.E2E_PORT ?? 4173);
const origin = `http://localhost:${port}`;
const FORM = 'application/x-www-form-urlencoded';
// What a browser's form post sends (SvelteKit answers other clients' actions with JSON).
const browser = { origin, accept: 'text/html' };
// Any person: the body is refused before the record is looked up.
const SAVE = '/people/00000000-0000-4000-8000-000000000000?/save';
const manyFields = (n: number) => Array.from({ length: n }, (_, i) => `f${i}=x`).join('&');

async function signedIn(
	playwright: { request: { newContext: (o: object) => Promise<APIRequestContext> } },
	user?: string
) {
	const api = await playwright.request.newContext({ baseURL: origin });
	if (user) {
		const r = await api.post('/sign-in', {
			form: { identifier: user, password: PASSWORD },
			headers: browser,
			maxRedirects: 0
		});
		expect(r.status(), `sign-in as ${user}`).toBe(303);
	}
	return api;
}

/** Posts `body` in chunks with no Content-Length, as a client may; resolves with the status. */
function postChunked(path: string, body: string, cookie: string, type = FORM) {
	return new Promise<{ status: number; text: string }>((resolve, reject) => {
		const req = http.request(
			`${origin}${path}`,
			{
				method: 'POST',
				headers: { ...browser, 'content-type': type, cookie, 'transfer-encoding': 'chunked' }
			},
			(res) => {
				let text = '';
				res.setEncoding('utf8');
				res.on('data', (c) => (text += c));
				res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
			}
		);
		req.on('error', reject);
		for (let at = 0; at < body.length; at += 16 * 1024) req.write(body.slice(at, at + 16 * 1024));
		req.end();
	});
}

const cookieHeader = async (api: APIRequestContext) =>
	(await api.storageState()).cookies.map((c) => `${c.name}=${c.value}`).join('; ');

test('a post of 100,000 fields is refused at once, and the server keeps answering', async ({
	playwright
}) => {
	const socia = await signedIn(playwright, 'socia');
	const body = manyFields(100_000);
	expect(body.length).toBeGreaterThan(800_000);

	const post = socia.post(SAVE, { data: body, headers: { ...browser, 'content-type': FORM } });
	const health = await socia.get('/healthz');
	expect(health.status()).toBe(200);
	const refused = await post;
	// It used to take ~50 s, with /healthz waiting behind it: now the health check answers first.
	expect(refused.status()).toBe(413);
	expect(await refused.text()).toContain('Lo que envió es demasiado grande');

	// The same without a Content-Length: read up to the cap, then refused.
	const chunked = await postChunked(SAVE, body, await cookieHeader(socia));
	expect(chunked.status).toBe(413);
	expect(chunked.text).toContain('Lo que envió es demasiado grande');

	// One 100 KB field is refused the same way, in English for those who chose it.
	const big = await socia.post(SAVE, {
		form: { givenNames: 'a'.repeat(100_000) },
		headers: { ...browser, cookie: `${await cookieHeader(socia)}; PARAGLIDE_LOCALE=en` }
	});
	expect(big.status()).toBe(413);
	expect(await big.text()).toContain('What was sent is too large');

	// Someone not signed in is sent to sign in, the body unread.
	const anonymous = await signedIn(playwright);
	const r = await anonymous.post(SAVE, {
		data: body,
		headers: { ...browser, 'content-type': FORM },
		maxRedirects: 0
	});
	expect(r.status()).toBe(303);
	expect(r.headers()['location']).toBe('/sign-in');
});

test('a post to the reserved action name ?/default is not found, not a server error', async ({
	playwright
}) => {
	const socia = await signedIn(playwright, 'socia');
	for (const path of ['/sign-in?/default', '/people?/default', '/language?/default']) {
		const r = await socia.post(path, { form: { x: '1' }, headers: browser, maxRedirects: 0 });
		expect(r.status(), path).toBe(404);
	}
});

test('a malformed multipart post is a 400, on any form and on the upload', async ({
	playwright
}) => {
	const coordinadora = await signedIn(playwright, 'coordinadora');
	const broken = {
		data: '--XYZ\r\nnot a part header\r\n\r\nbroken',
		headers: { ...browser, 'content-type': 'multipart/form-data; boundary=XYZ' }
	};
	const save = await coordinadora.post(SAVE, broken);
	expect(save.status()).toBe(400);
	expect(await save.text()).toContain('No pudimos leer lo que envió');

	const cohorts = await (await coordinadora.get('/import')).text();
	const cohortId = /<option value="([0-9a-f-]{36})"/.exec(cohorts)![1];
	const upload = await coordinadora.post(`/cohorts/${cohortId}/import?/upload`, broken);
	expect(upload.status()).toBe(400);
	expect(await upload.text()).toContain('No pudimos leer el archivo');
});

test('a 30 MB member list gets the size message, not "damaged"', async ({ page }, testInfo) => {
	test.setTimeout(60_000);
	await signIn(page, 'coordinadora');
	await page.goto('/import');
	const cohort = page.locator('#cohort option', { hasText: /^Cohorte 1 — / });
	await page
		.getByLabel('Cohorte', { exact: true })
		.selectOption((await cohort.getAttribute('value'))!);
	await page.getByRole('button', { name: 'Continuar' }).click();
	const file = testInfo.outputPath('lista-grande.xlsx');
	writeFileSync(file, Buffer.alloc(30 * 1024 * 1024, 65));
	await page.getByLabel(/Archivo \.xlsx o \.csv/).setInputFiles(file);
	await page.getByRole('button', { name: 'Subir y revisar' }).click();
	await expect(page.getByText('El archivo pesa más de 5 MB.')).toBeVisible();
	await expect(page.getByText('No pudimos leer el archivo')).toHaveCount(0);
});

test('a NUL character in a search is searched without it, on every list and export', async ({
	playwright
}) => {
	const coordinadora = await signedIn(playwright, 'coordinadora');
	for (const list of ['people', 'cooperatives', 'federations', 'cohorts', 'enrolments', 'teams']) {
		const page = await coordinadora.get(`/${list}?q=%00`);
		expect(page.status(), list).toBe(200);
		const all = await coordinadora.get(`/${list}/export?format=csv`);
		const withNul = await coordinadora.get(`/${list}/export?format=csv&q=%00`);
		expect(withNul.status(), `${list} export`).toBe(200);
		expect((await withNul.text()).length, `${list} export`).toBe((await all.text()).length);
		const xlsx = await coordinadora.get(`/${list}/export?q=a%00b`);
		expect(xlsx.status(), `${list} .xlsx`).toBe(200);
		expect((await xlsx.body()).subarray(0, 2).toString('latin1')).toBe('PK');
	}
});

test('the language switch sends back only to pages of this site', async ({ playwright }) => {
	const api = await signedIn(playwright);
	const back = async (redirect: string) => {
		const r = await api.post('/language', {
			form: { locale: 'en', redirect },
			headers: browser,
			maxRedirects: 0
		});
		expect(r.status()).toBe(303);
		return r.headers()['location'];
	};
	expect(await back('/\\evil.example')).toBe('/');
	expect(await back('/\\/evil.example')).toBe('/');
	expect(await back('//evil.example')).toBe('/');
	expect(await back('https://evil.example/')).toBe('/');
	expect(await back('/sign-in?next=1')).toBe('/sign-in?next=1');
});

test('headers: no-store for signed-in pages, nosniff on static files, no HSTS on http', async ({
	playwright
}) => {
	const coordinadora = await signedIn(playwright, 'coordinadora');
	const people = await coordinadora.get('/people');
	expect(people.headers()['cache-control']).toBe('private, no-store');
	const exported = await coordinadora.get('/people/export?format=csv');
	expect(exported.headers()['cache-control']).toContain('no-store');

	const anonymous = await signedIn(playwright);
	const signInPage = await anonymous.get('/sign-in');
	expect(signInPage.headers()['cache-control'] ?? '').not.toContain('private');
	for (const path of ['/favicon.svg', '/sign-in']) {
		const r = await anonymous.get(path);
		expect(r.status(), path).toBe(200);
		expect(r.headers()['x-content-type-options'], path).toBe('nosniff');
		// ORIGIN is http here; scripts/server-headers.js adds HSTS when it is https (unit-tested).
		expect(r.headers()['strict-transport-security'], path).toBeUndefined();
	}
	const asset = /\/_app\/immutable\/[^"]+\.css/.exec(await signInPage.text());
	expect(asset).not.toBeNull();
	const css = await anonymous.get(asset![0]);
	expect(css.status()).toBe(200);
	expect(css.headers()['x-content-type-options']).toBe('nosniff');
});
