// Page weight: loads pages in Chromium with an empty cache and reports what crossed the wire.
// Usage: npx tsx bench/page-weight.ts [--base URL] [--user U --password P] [--locale en] [--player] PATH...
// --player (with --user) also starts a group session from the home's start form and measures the
// player page, its island script (/js/player.js) included.
// Budget (DESIGN.md): a learner's page cold ≤ 50 KB transferred, no request to another host.
import { chromium, type Browser, type BrowserContext } from 'playwright-core';

type StorageState = Awaited<ReturnType<BrowserContext['storageState']>>;

export interface PageWeight {
	path: string;
	status: number;
	bytes: number;
	requests: number;
	jsBytes: number;
	cssBytes: number;
	foreign: string[];
}

interface Req {
	url: string;
	type: string;
	bytes: number;
}

export const BUDGET_BYTES = 50 * 1024;

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
