import type { Page } from '@playwright/test';
import { expect, signIn, signOut, test } from './helpers';

// Offline use, first slice: Minka can be installed (manifest, icons), registers one service
// worker, and with no signal shows its own offline page in the member's language instead of the
// browser's error. It keeps no page of anyone signed in, and signing out deletes members' caches.

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

/** Width and height from a PNG's header (the IHDR chunk always comes first). */
function pngSize(bytes: Buffer): { width: number; height: number } {
	expect([...bytes.subarray(0, 8)]).toEqual(PNG_SIGNATURE);
	expect(bytes.subarray(12, 16).toString('ascii')).toBe('IHDR');
	return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) };
}

/** The state of the page's active worker once it is ready. */
const workerState = (page: Page) =>
	page.evaluate(async () => (await navigator.serviceWorker.ready).active?.state ?? null);

/** The language of the offline page the worker keeps, or null while it has none. */
const offlinePageLang = (page: Page) =>
	page.evaluate(async () => {
		const name = (await caches.keys()).find((n) => n.startsWith('minka-static-'));
		const cached = name ? await (await caches.open(name)).match('/offline') : undefined;
		return cached?.headers.get('content-language') ?? null;
	});

/** Every address kept in any cache of this origin. */
const cachedPaths = (page: Page) =>
	page.evaluate(async () => {
		const paths: string[] = [];
		for (const name of await caches.keys())
			for (const r of await (await caches.open(name)).keys()) paths.push(new URL(r.url).pathname);
		return paths;
	});

test('the manifest installs Minka in the member language, with fetchable PNG icons', async ({
	page,
	context,
	baseURL
}) => {
	await page.goto('/sign-in');
	const href = await page.locator('link[rel="manifest"]').getAttribute('href');
	expect(href).toBe('/manifest.webmanifest');
	const themeColor = await page.locator('meta[name="theme-color"]').getAttribute('content');

	const response = await page.request.get(href!);
	expect(response.status()).toBe(200);
	expect(response.headers()['content-type']).toContain('application/manifest+json');
	const manifest = await response.json();
	expect(manifest).toMatchObject({
		name: 'Minka',
		short_name: 'Minka',
		lang: 'es',
		start_url: '/',
		scope: '/',
		display: 'standalone',
		theme_color: themeColor,
		background_color: '#faf7f2'
	});
	expect(manifest.description).toMatch(/cooperativas/);

	const icons = manifest.icons as Array<{
		src: string;
		sizes: string;
		type: string;
		purpose: string;
	}>;
	expect(icons.map((i) => `${i.sizes} ${i.purpose}`).sort()).toEqual([
		'192x192 any',
		'512x512 any',
		'512x512 maskable'
	]);
	for (const icon of icons) {
		const res = await page.request.get(icon.src);
		expect(res.status(), icon.src).toBe(200);
		expect(res.headers()['content-type']).toBe(icon.type);
		const { width, height } = pngSize(await res.body());
		expect(`${width}x${height}`, icon.src).toBe(icon.sizes);
	}

	// With English chosen, the manifest is English.
	await context.addCookies([{ name: 'PARAGLIDE_LOCALE', value: 'en', url: baseURL! }]);
	const en = await (await page.request.get(href!)).json();
	expect(en.lang).toBe('en');
	expect(en.description).toMatch(/cooperatives/);
});

test('with no signal a page shows the offline page in the member language, never a kept copy', async ({
	page,
	context
}) => {
	await signIn(page, 'dirigente');
	expect(await workerState(page)).toBe('activated');
	// The worker takes the page that registered it: the very first visit is covered.
	// Waits, not budgets: on a loaded machine the claim and the first copy take a while.
	await expect
		.poll(() => page.evaluate(() => !!navigator.serviceWorker.controller), { timeout: 30_000 })
		.toBe(true);
	await expect.poll(() => offlinePageLang(page), { timeout: 30_000 }).toBe('es');

	// The copy the worker asks for is rendered for nobody, even when asked with a member's cookies.
	const copy = await page.request.get('/offline?lang=en');
	expect(copy.headers()['cache-control'] ?? '').not.toMatch(/private|no-store/);
	expect(copy.headers()['content-language']).toBe('en');
	expect(await copy.text()).not.toContain('/sign-out');

	const heading = page.getByRole('heading', { level: 1 });
	const spanishHome = await heading.innerText();

	await context.setOffline(true);
	await page.goto('/courses');
	await expect(heading).toHaveText('No hay señal');
	await expect(page.locator('html')).toHaveAttribute('lang', 'es');
	await expect(page.getByText('Esta página necesita internet')).toBeVisible();

	// Back online: the real page again.
	await context.setOffline(false);
	await page.goto('/');
	await expect(heading).toHaveText(spanishHome);

	// The member changes language: the worker fetches the offline page in English.
	await page.getByRole('button', { name: /English/ }).click();
	await expect(page.locator('html')).toHaveAttribute('lang', 'en');
	// The same signed-in address now reads differently: it came from the server, not a copy.
	await expect(page).toHaveURL('/');
	await expect(heading).not.toHaveText(spanishHome);
	await expect.poll(() => offlinePageLang(page)).toBe('en');
	await context.setOffline(true);
	await page.goto('/courses');
	await expect(heading).toHaveText('No signal');
	await expect(page.locator('html')).toHaveAttribute('lang', 'en');
	await context.setOffline(false);

	// Nothing but files of the build and the offline page was kept: no signed-in page.
	const kept = await cachedPaths(page);
	expect(kept).toContain('/offline');
	for (const path of kept)
		expect(path, `kept ${path}`).toMatch(
			/^\/(_app\/immutable\/assets\/.+\.css|js\/.+|favicon\.svg|offline)$/
		);
});

test('signing out deletes every member cache and keeps the worker', async ({ page }) => {
	await signIn(page, 'dirigente');
	expect(await workerState(page)).toBe('activated');
	// What a later slice keeps for a member (downloaded sessions), in a cache named for them.
	await page.evaluate(async () => {
		const cache = await caches.open('minka-user-0a1b2c');
		await cache.put('/courses', new Response('a member page'));
	});
	expect(await page.evaluate(() => caches.has('minka-user-0a1b2c'))).toBe(true);

	const signedOut = page.waitForResponse(
		(r) => new URL(r.url()).pathname === '/sign-out' && r.request().method() === 'POST'
	);
	await signOut(page);
	// The browser's own caches go too ("cache" leaves the worker and Cache Storage alone).
	expect((await (await signedOut).allHeaders())['clear-site-data']).toBe('"cache"');
	await expect
		.poll(() =>
			page.evaluate(async () => (await caches.keys()).filter((n) => n.startsWith('minka-user-')))
		)
		.toEqual([]);
	// The worker and its files stay: the next member still gets the offline page.
	expect(await workerState(page)).toBe('activated');
	expect(await offlinePageLang(page)).toBe('es');
});
