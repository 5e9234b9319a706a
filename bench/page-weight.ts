// Page weight: loads pages in Chromium with an empty cache and reports what crossed the wire.
// Usage: npx tsx bench/page-weight.ts [--base URL] [--user U --password P] [--locale en] [--player] [--offline] [--course SLUG] PATH...
// --player (with --user) also starts a group session from the home's start form and measures the
// player page, its island script (/js/player.js) included.
// --offline also measures what the service worker adds to a first visit (see measureOffline).
// --course (with --user) taps "save for use without internet" on that course's page and reports
// what was kept and what crossed the wire (see measureCourseDownload); budget 1 MB kept.
// Budget (DESIGN.md): a learner's page cold ≤ 50 KB transferred, no request to another host;
// the service worker and its registration script at most 25 KB more, loaded after the page.
import { request as httpRequest } from 'node:http';
import { chromium, type Browser, type BrowserContext } from 'playwright-core';

type StorageState = Awaited<ReturnType<BrowserContext['storageState']>>;

export interface PageWeight {
	path: string;
	status: number;
	bytes: number;
	requests: number;
	jsBytes: number;
	/** Paths of the scripts the page loaded. */
	scripts: string[];
	cssBytes: number;
	foreign: string[];
}

interface Req {
	url: string;
	type: string;
	bytes: number;
}

export const BUDGET_BYTES = 50 * 1024;
export const OFFLINE_BUDGET_BYTES = 25 * 1024;

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

async function signIn(browser: Browser, base: string, user: string, password: string) {
	const context = await browser.newContext();
	const page = await context.newPage();
	await page.goto(`${base}/sign-in`);
	await page.fill('#identifier', user);
	await page.fill('#password', password);
	await Promise.all([page.waitForURL(`${base}/`), page.click('button[type=submit] >> nth=-1')]);
	const state = await context.storageState();
	await context.close();
	return state;
}

/** Measures one page load in a fresh context (empty cache), optionally with a signed-in session. */
async function measurePage(
	browser: Browser,
	base: string,
	path: string,
	storageState: StorageState | undefined,
	locale: string | undefined
): Promise<PageWeight> {
	// Explicitly with JavaScript: called from a spec that turned it off, Playwright would carry
	// that over to this browser too, and the player would be weighed without its script.
	const context = await browser.newContext({ storageState, javaScriptEnabled: true });
	if (locale) await context.addCookies([{ name: 'PARAGLIDE_LOCALE', value: locale, url: base }]);
	const page = await context.newPage();
	const cdp = await context.newCDPSession(page);
	await cdp.send('Network.enable');
	await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
	const requests = new Map<string, Req>();
	cdp.on('Network.responseReceived', (e) =>
		requests.set(e.requestId, { url: e.response.url, type: e.type, bytes: 0 })
	);
	cdp.on('Network.loadingFinished', (e) => {
		const r = requests.get(e.requestId);
		if (r) r.bytes = e.encodedDataLength;
	});
	// The player keeps an events stream open, so its network is never idle: wait for the load
	// and for the island to have run and opened its stream.
	const live = /^\/runs\/[0-9a-f-]{36}$/.test(path);
	const response = await page.goto(`${base}${path}`, { waitUntil: live ? 'load' : 'networkidle' });
	if (live) await page.waitForTimeout(1500);
	await context.close();
	const host = new URL(base).host;
	const list = [...requests.values()].filter((r) => !r.url.startsWith('data:'));
	const sum = (f: (r: Req) => boolean) => list.filter(f).reduce((s, r) => s + r.bytes, 0);
	return {
		path,
		status: response?.status() ?? 0,
		bytes: sum(() => true),
		requests: list.length,
		jsBytes: sum((r) => r.type === 'Script'),
		scripts: list.filter((r) => r.type === 'Script').map((r) => new URL(r.url).pathname),
		cssBytes: sum((r) => r.type === 'Stylesheet'),
		foreign: list.filter((r) => new URL(r.url).host !== host).map((r) => r.url)
	};
}

/**
 * Starts a group session through the first start form on the signed-in home, as a member would
 * (or continues the one under way), and returns the player's path (`/runs/<id>`).
 */
async function startRun(browser: Browser, base: string, state: StorageState): Promise<string> {
	const context = await browser.newContext({ storageState: state });
	const page = await context.newPage();
	await page.goto(`${base}/`);
	// The home offers the next session's start button, or a link to continue the run under way.
	await page
		.locator(
			'form[action="/runs/start"]:has(input[name="mode"][value="group"]) button[type="submit"], main a[href^="/runs/"]'
		)
		.first()
		.click();
	await page.waitForURL(/\/runs\/[0-9a-f-]{36}$/);
	const path = new URL(page.url()).pathname;
	await context.close();
	return path;
}

export async function measure(opts: {
	base: string;
	pages: string[];
	user?: string;
	password?: string;
	locale?: string;
	executablePath?: string;
	/** Also measure the player: a session started from the home's start form (needs a user). */
	player?: boolean;
}): Promise<PageWeight[]> {
	const { base, user, password, locale, executablePath } = opts;
	const pages = [...opts.pages];
	const browser = await chromium.launch({
		executablePath: executablePath ?? process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
		args: launchArgs
	});
	try {
		const state = user ? await signIn(browser, base, user, password ?? '') : undefined;
		if (opts.player && state) pages.push(await startRun(browser, base, state));
		const results: PageWeight[] = [];
		for (const path of pages) results.push(await measurePage(browser, base, path, state, locale));
		return results;
	} finally {
		await browser.close();
	}
}

/** Body bytes of one GET as the server sends them compressed (what crosses the wire). */
function wireBytes(url: string): Promise<{ status: number; bytes: number }> {
	return new Promise((resolve, reject) => {
		const req = httpRequest(url, { headers: { 'accept-encoding': 'br, gzip' } }, (res) => {
			let bytes = 0;
			res.on('data', (chunk: Buffer) => (bytes += chunk.length));
			res.on('end', () => resolve({ status: res.statusCode ?? 0, bytes }));
			res.on('error', reject);
		});
		req.on('error', reject);
		req.end();
	});
}

export interface OfflineWeight {
	/** static/js/sw-register.js, loaded (deferred) by every page; counted in its page weight too. */
	registerBytes: number;
	workerBytes: number;
	/** Everything the worker keeps at install (stylesheets, static files, the offline page). */
	precacheBytes: number;
	precached: string[];
	/** What the worker adds to a first visit: the three above. */
	total: number;
}

/**
 * What the service worker adds to a first visit: loads `/sign-in` in a fresh context, waits for
 * the worker to be active and the offline page kept, lists what the worker cached, then counts
 * each of those files (and the two scripts) compressed as the server sends them. A conservative
 * count: on a phone, the stylesheet the page itself loaded comes from the browser's cache.
 */
export async function measureOffline(opts: {
	base: string;
	executablePath?: string;
}): Promise<OfflineWeight> {
	const browser = await chromium.launch({
		executablePath: opts.executablePath ?? process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
		args: launchArgs
	});
	let precached: string[];
	try {
		const context = await browser.newContext();
		const page = await context.newPage();
		await page.goto(`${opts.base}/sign-in`);
		precached = await page.evaluate(async () => {
			// Bounded: a browser that refuses workers fails here, not at the caller's timeout.
			const ready = await Promise.race([
				navigator.serviceWorker.ready.then(() => true),
				new Promise<boolean>((r) => setTimeout(() => r(false), 10_000))
			]);
			if (!ready) throw new Error('no service worker became active');
			for (let i = 0; i < 100; i++) {
				const name = (await caches.keys()).find((n) => n.startsWith('minka-static-'));
				const cache = name ? await caches.open(name) : undefined;
				if (cache && (await cache.match('/offline')))
					return (await cache.keys()).map((r) => new URL(r.url).pathname);
				await new Promise((r) => setTimeout(r, 100));
			}
			throw new Error('the service worker kept no offline page');
		});
		await context.close();
	} finally {
		await browser.close();
	}
	const size = async (path: string) => {
		const { status, bytes } = await wireBytes(`${opts.base}${path}`);
		if (status !== 200) throw new Error(`${path} answered ${status}`);
		return bytes;
	};
	const registerBytes = await size('/js/sw-register.js');
	const workerBytes = await size('/service-worker.js');
	let precacheBytes = 0;
	// The offline page is kept under /offline but fetched as /offline?lang=…: same bytes.
	for (const path of precached) precacheBytes += await size(path);
	return {
		registerBytes,
		workerBytes,
		precacheBytes,
		precached,
		total: registerBytes + workerBytes + precacheBytes
	};
}

export const COURSE_BUDGET_BYTES = 1024 * 1024;

export interface CourseDownload {
	/** Addresses saved (static/js/offline.js, from `/courses/<slug>/offline.json`). */
	pages: string[];
	/** What the phone keeps: the pages' bytes as stored (uncompressed). */
	storedBytes: number;
	/** What crossed the wire to save them (compressed), the list included. */
	wireBytes: number;
}

/**
 * "Save for use without internet" on a course page, as a signed-in member taps it: counts what the
 * download moved over the wire and what the phone keeps. The member's team's open sessions of
 * the course are saved at each step too, so the figure depends on where the team stands.
 */
export async function measureCourseDownload(opts: {
	base: string;
	user: string;
	password: string;
	course: string;
	executablePath?: string;
}): Promise<CourseDownload> {
	const browser = await chromium.launch({
		executablePath: opts.executablePath ?? process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
		args: launchArgs
	});
	try {
		const state = await signIn(browser, opts.base, opts.user, opts.password);
		const context = await browser.newContext({ storageState: state, javaScriptEnabled: true });
		const page = await context.newPage();
		await page.goto(`${opts.base}/courses/${opts.course}`);
		const cdp = await context.newCDPSession(page);
		await cdp.send('Network.enable');
		await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
		let wireBytes = 0;
		cdp.on('Network.loadingFinished', (e) => (wireBytes += e.encodedDataLength));
		await page.click('[data-offline-save]');
		await page.waitForSelector('[data-offline-state][data-saved="current"]', { timeout: 60_000 });
		const meta = await page.evaluate(async (course) => {
			const name = (await caches.keys()).find((n) => n.startsWith('minka-user-'));
			const cache = name ? await caches.open(name) : undefined;
			const hit = await cache?.match(`/__offline/course/${course}`);
			return hit ? ((await hit.json()) as { pages: string[]; bytes: number }) : null;
		}, opts.course);
		await context.close();
		if (!meta) throw new Error('the course was not saved');
		return { pages: meta.pages, storedBytes: meta.bytes, wireBytes };
	} finally {
		await browser.close();
	}
}

if (process.argv[1]?.endsWith('page-weight.ts')) {
	const args = process.argv.slice(2);
	const opt = (name: string) => {
		const i = args.indexOf(`--${name}`);
		return i >= 0 ? args.splice(i, 2)[1] : undefined;
	};
	const base = opt('base') ?? 'http://localhost:3000';
	const user = opt('user');
	const password = opt('password');
	const locale = opt('locale');
	const pi = args.indexOf('--player');
	const player = pi >= 0 && !!args.splice(pi, 1);
	const oi = args.indexOf('--offline');
	if (oi >= 0) {
		args.splice(oi, 1);
		const w = await measureOffline({ base });
		const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`;
		console.log(
			`${w.total <= OFFLINE_BUDGET_BYTES ? 'ok  ' : 'OVER'} service worker: register ${kb(w.registerBytes)}, worker ${kb(w.workerBytes)}, precache ${kb(w.precacheBytes)} (${w.precached.length} files), total ${kb(w.total)}`
		);
		if (w.total > OFFLINE_BUDGET_BYTES) process.exit(1);
	}
	const course = opt('course');
	if (course) {
		if (!user) throw new Error('--course needs --user and --password');
		const c = await measureCourseDownload({ base, user, password: password ?? '', course });
		const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`;
		console.log(
			`${c.storedBytes <= COURSE_BUDGET_BYTES ? 'ok  ' : 'OVER'} course ${course} saved: ${c.pages.length} pages, ${kb(c.storedBytes)} kept, ${kb(c.wireBytes)} over the wire`
		);
		if (c.storedBytes > COURSE_BUDGET_BYTES) process.exit(1);
		if (!args.length) process.exit(0);
	}
	const pages = args.length || player ? args : ['/sign-in'];
	const results = await measure({ base, pages, user, password, locale, player });
	let over = false;
	for (const r of results) {
		const kb = (n: number) => (n / 1024).toFixed(1).padStart(6);
		const ok = r.bytes <= BUDGET_BYTES && r.foreign.length === 0;
		over ||= !ok;
		console.log(
			`${ok ? 'ok  ' : 'OVER'} ${r.path.padEnd(40)} ${kb(r.bytes)} KB total  ${String(r.requests).padStart(3)} req  js ${kb(r.jsBytes)} KB  css ${kb(r.cssBytes)} KB  foreign ${r.foreign.length}`
		);
	}
	process.exit(over ? 1 : 0);
}
