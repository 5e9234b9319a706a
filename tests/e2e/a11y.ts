import axe from 'axe-core';
import { createHash } from 'node:crypto';
import {
	test as base,
	type Browser,
	type BrowserContext,
	type Page,
	type Response,
	type TestInfo
} from '@playwright/test';

// Every page a test visits is checked with axe-core (WCAG 2.2 A and AA) and for links whose names
// do not say where they go, so a regression fails the test that saw it and specs need nothing
// extra. Pages ship no JavaScript: a page is exactly the HTML the server sent. So each document is
// recorded as it arrives and checked when the test is done, replayed at its own address in a
// browser context of the scanner's own (the test's screen size, JavaScript on even where the test
// turns it off; stylesheets from the server). Checking the live page would race the test's next
// click, and a page cannot be read while a navigation is held.

const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];
// Replaying and checking takes well under a second on a quiet machine, several on a busy one.
const SECONDS_PER_PAGE = 10;

interface Visit {
	url: string;
	status: number;
	headers: Record<string, string>;
	body: Promise<Buffer | null>;
}

interface Finding {
	url: string;
	rule: string;
	help: string;
	nodes: string[];
}

// A page already checked in this worker (same address, same HTML) is not checked again: the
// sign-in page and the homes come back in almost every test.
const checked = new Set<string>();

class Scanner {
	findings: Finding[] = [];
	unreadable: string[] = [];
	scans = 0;
	private visits = new Map<BrowserContext, Visit[]>();
	private replay?: Promise<Page>;

	constructor(
		private testInfo: TestInfo,
		private newContext: () => Promise<BrowserContext>
	) {}

	/** Records the pages this context loads; `own`: a context the test opened (and closes) itself. */
	watch(context: BrowserContext, own = false) {
		if (this.visits.has(context)) return;
		const visits: Visit[] = [];
		this.visits.set(context, visits);
		context.on('response', (response) => {
			if (isPage(response))
				visits.push({
					url: response.url(),
					status: response.status(),
					headers: response.headers(),
					body: response.body().catch(() => null)
				});
		});
		if (own) {
			const close = context.close.bind(context);
			context.close = async (options) => {
				await this.check(context);
				return close(options);
			};
		}
	}

	/** Replays and checks the pages this context has loaded since the last call. */
	async check(context: BrowserContext) {
		const visits = this.visits.get(context)?.splice(0) ?? [];
		if (!visits.length) return;
		this.testInfo.setTimeout(this.testInfo.timeout + visits.length * SECONDS_PER_PAGE * 1000);
		this.replay ??= this.newContext().then(async (c) => {
			const page = await c.newPage();
			await page.addInitScript({ content: axe.source });
			return page;
		});
		const page = await this.replay;
		for (const v of visits) await this.checkOne(page, v);
	}

	async close() {
		if (this.replay) await (await this.replay).context().close();
	}

	private async checkOne(page: Page, v: Visit) {
		const body = await v.body;
		if (!body) {
			this.unreadable.push(v.url);
			return;
		}
		const key = `${v.url}\n${createHash('sha1').update(body).digest('hex')}`;
		if (checked.has(key)) return;
		checked.add(key);
		await page.route(v.url, (route) =>
			route.fulfill({ status: v.status, headers: v.headers, body })
		);
		await page.goto(v.url);
		await page.unroute(v.url);
		this.scans++;
		// What a <details> hides is checked too (the phone menu).
		const violations = await page.evaluate(async (tags) => {
			document.querySelectorAll('details').forEach((d) => (d.open = true));
			const r = await window.axe.run(document, {
				runOnly: { type: 'tag', values: tags },
				resultTypes: ['violations']
			});
			return r.violations.map((v) => ({
				rule: v.id,
				help: `${v.impact ?? ''}: ${v.help}`,
				nodes: v.nodes.map((n) => `${n.target.join(' ')} — ${n.failureSummary ?? ''}`)
			}));
		}, TAGS);
		for (const f of violations) this.findings.push({ url: v.url, ...f });
		for (const f of linkPurpose(await linksOf(page))) this.findings.push({ url: v.url, ...f });
	}

	report(): string {
		return this.findings
			.map(
				(f) =>
					`${f.url}\n  ${f.rule} (${f.help})\n` +
					f.nodes.map((n) => `    - ${n.replace(/\s*\n\s*/g, ' ')}`).join('\n')
			)
			.join('\n');
	}
}

/** A document shown in a tab (not a stylesheet, a redirect or a download). */
function isPage(response: Response): boolean {
	const request = response.request();
	if (!request.isNavigationRequest() || request.frame().parentFrame()) return false;
	const status = response.status();
	if (status >= 300 && status < 400) return false;
	return (response.headers()['content-type'] ?? '').startsWith('text/html');
}

/** Every visible link's accessible name (as the browser computes it) and address. */
async function linksOf(page: Page): Promise<Array<{ name: string; url: string }>> {
	// The accessibility snapshot lists `- link "Name":` followed by `- /url: …`.
	const yaml = await page.locator('body').ariaSnapshot();
	const links: Array<{ name: string; url: string }> = [];
	const lines = yaml.split('\n');
	lines.forEach((line, i) => {
		const m = /^\s*- link(?: "((?:[^"\\]|\\.)*)")?/.exec(
			line.replace(/^(\s*)- '(.*)'(:?)$/, '$1- $2$3')
		);
		if (!m) return;
		const url = /\/url: "?([^"]*)"?$/.exec(lines[i + 1] ?? '')?.[1] ?? '';
		links.push({ name: (m[1] ?? '').replace(/\\"/g, '"'), url });
	});
	return links;
}

/**
 * WCAG 2.4.4 (link purpose) as far as a machine can tell: a link named only by a number ("5")
 * says nothing, and two links with the same name must lead to the same place.
 */
function linkPurpose(links: Array<{ name: string; url: string }>) {
	const out: Array<{ rule: string; help: string; nodes: string[] }> = [];
	const bare = links.filter((l) => /^[\d\s.,%/–-]*$/.test(l.name));
	if (bare.length)
		out.push({
			rule: 'link-name-number',
			help: 'a link named only by a number does not say where it goes',
			nodes: bare.map((l) => `"${l.name}" → ${l.url}`)
		});
	const byName = new Map<string, Set<string>>();
	for (const l of links) {
		const name = l.name.trim().toLowerCase();
		byName.set(name, (byName.get(name) ?? new Set()).add(l.url.split('#')[0]!));
	}
	const same = [...byName].filter(([, urls]) => urls.size > 1);
	if (same.length)
		out.push({
			rule: 'link-name-ambiguous',
			help: 'links with the same name lead to different places',
			nodes: same.map(([name, urls]) => `"${name}" → ${[...urls].join(', ')}`)
		});
	return out;
}

declare global {
	interface Window {
		axe: typeof axe;
	}
}

export const test = base.extend<{ a11y: Scanner }>({
	a11y: async ({ browser, viewport, isMobile, hasTouch, deviceScaleFactor }, use, testInfo) => {
		const newContext = browser.newContext.bind(browser);
		// No service worker in the replaying context: it would answer the replayed navigations
		// itself, from the server, around page.route.
		const scanner = new Scanner(testInfo, () =>
			newContext({
				viewport,
				isMobile,
				hasTouch,
				deviceScaleFactor,
				javaScriptEnabled: true,
				serviceWorkers: 'block'
			})
		);
		await use(scanner);
		await scanner.close();
		testInfo.annotations.push({ type: 'a11y: pages checked', description: String(scanner.scans) });
		if (scanner.unreadable.length)
			testInfo.annotations.push({
				type: 'a11y: not checked (body unavailable)',
				description: scanner.unreadable.join(' ')
			});
		// A test that already failed keeps its own error; a passing one fails on any problem found.
		if (testInfo.status === 'passed' && scanner.findings.length)
			throw new Error(`Accessibility problems (axe-core, WCAG 2.2 AA):\n${scanner.report()}`);
	},
	context: async ({ context, browser, a11y }, use, testInfo) => {
		a11y.watch(context);
		// Contexts the test opens itself (a second phone) are watched too.
		const newContext = browser.newContext;
		browser.newContext = async function (this: Browser, ...args) {
			const made = await newContext.apply(this, args);
			a11y.watch(made, true);
			return made;
		};
		await use(context);
		browser.newContext = newContext;
		if (testInfo.status === 'passed') await a11y.check(context);
	}
});

export { expect } from '@playwright/test';
