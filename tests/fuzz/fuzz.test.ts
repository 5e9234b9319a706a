// The fuzz suite: every page, form action and endpoint, found from src/routes, for every demo
// role and for a visitor who is not signed in, receives bad input against the built server.
// Never a 500; bad input refused with the right 4xx and, on pages, a message in Spanish; and
// the database exactly as it was (sign-in tables aside) once the run is over.
import { randomUUID } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client, ROLES, type Reply, type Role } from './client';
import {
	basePairs,
	brokenBodies,
	fieldCases,
	PARAM_GARBAGE,
	QUERY_GARBAGE,
	refusedCases,
	transportCases,
	urlencoded,
	UUID,
	type Case,
	type Ids,
	type Value
} from './corpus';
import { discoverRoutes, matchRoute, type RouteInfo } from './discover';
import { errorTexts, formsOf, linksOf, visibleText, type Form } from './html';
import { fingerprint, prepareDb, startServer, type FuzzDb, type Server } from './server';
import { MAX_STREAMS_PER_USER } from '../../src/lib/server/live/follow-run';

const routes = discoverRoutes();

/**
 * Actions that by design take no input that could be refused, so they answer "done" to
 * anything; they write nothing (the final database check holds them to that).
 */
const ACCEPTS_ANYTHING: Record<string, string> = {
	'/sign-out default': 'signs the session out; reads nothing from the body',
	'/language default': 'an unknown locale is ignored and a foreign redirect becomes /'
};

/** Actions that send a signed-in role home before reading anything (nothing to refuse). */
const SENDS_SIGNED_IN_HOME = new Set(['/sign-in default']);

interface Failure {
	route: string;
	action: string;
	role: Role;
	case: string;
	url: string;
	status: number;
	problem: string;
}

interface Page {
	status: number;
	forms: Form[];
}

const es = JSON.parse(readFileSync('messages/es.json', 'utf8')) as Record<string, string>;
const en = JSON.parse(readFileSync('messages/en.json', 'utf8')) as Record<string, string>;
/** Pieces of English sentences that Spanish never uses: none may show on a Spanish page. */
const englishOnly = Object.entries(en)
	.filter(([k, v]) => typeof v === 'string' && v !== es[k])
	.flatMap(([, v]) => v.split(/\{[^}]*\}/))
	.map((s) => s.trim())
	.filter((s) => s.length >= 16 && !Object.values(es).some((e) => String(e).includes(s)));
const RAW_CODE = /\b(?:[a-z]+_[a-z_]+|forbidden|required|invalid|taken|minor|conflict|error)\b/;

let db: FuzzDb | undefined;
let server: Server | undefined;
let before: Record<string, string> = {};
const failures: Failure[] = [];
/** Kinds of failure whose reply was kept (FUZZ_VERBOSE). */
const dumped = new Set<string>();
/** Requests sent per route, so that a route the run never reached fails. */
const sent = new Map<string, number>();
let total = 0;
let t0 = Date.now();
/** `role pattern action` of every form that got the full corpus (for the coverage checks). */
const fullCorpus = new Set<string>();
/** A signed-in client per role, kept for the checks after the fuzz. */
const clients = new Map<Role, Client>();
/** Event streams (the player's live updates) each role could open. */
const streams = new Map<Role, string[]>();
/** The slowest requests, reported to keep the run time in view. */
const slowest: Array<[number, string]> = [];

async function freePort(): Promise<number> {
	return new Promise((resolve, reject) => {
		const s = createServer();
		s.once('error', reject);
		s.listen(0, '127.0.0.1', () => {
			const { port } = s.address() as { port: number };
			s.close(() => resolve(port));
		});
	});
}

const routeKey = (r: RouteInfo) => `${r.kind} ${r.pattern}`;

/** Judges one reply; returns what is wrong with it, if anything. */
function judge(
	r: Reply,
	role: Role,
	c: Case | undefined,
	post: boolean,
	allowAccept: boolean,
	page: boolean
) {
	if (r.status >= 500) return 'server error';
	// The live script reloads on a version it has not seen: the stream must start with one.
	if (
		r.status === 200 &&
		r.type.startsWith('text/event-stream') &&
		!/^data: \{"version":\d+\}$/m.test(r.text)
	)
		return 'event stream without the version';
	const toSignIn = r.status >= 300 && r.status < 400 && /^\/sign-in\b/.test(r.location ?? '');
	if (post) {
		if (c?.expect && !c.expect.includes(r.status)) {
			// Someone not signed in is sent to sign in before the body is looked at; only the
			// cross-site check comes earlier.
			if (!(toSignIn && role === 'anonymous' && !c.expect.includes(403)))
				return `expected ${c.expect.join(' or ')}`;
		}
		if (r.status < 400 && !(toSignIn && role === 'anonymous') && !allowAccept)
			return 'bad input accepted';
	}
	if (page && r.status >= 400 && r.type.startsWith('text/html')) {
		const errors = errorTexts(r.text);
		const text = visibleText(r.text);
		const headings = [
			es.error_title!,
			es.error_not_found_title!,
			es.error_forbidden_title!,
			es.invitation_invalid_title!
		];
		if (!errors.length && !headings.some((h) => text.includes(h))) return 'no message on the page';
		// "Try again in a moment" is for a failure of the server: a refusal says what is wrong.
		if (errors.includes(es.error_generic!)) return 'the generic "try again" for a refusal';
		const raw = errors.find((e) => RAW_CODE.test(e));
		if (raw) return `raw code in message: ${raw.slice(0, 60)}`;
		const english = englishOnly.find((s) => text.includes(s));
		if (english) return `English on a Spanish page: ${english.slice(0, 60)}`;
	}
	return undefined;
}

/** Sends and judges; a network error counts as a failure too. */
async function attempt(
	client: Client,
	route: RouteInfo,
	action: string,
	method: string,
	url: string,
	c?: Case,
	allowAccept = false
): Promise<Reply | undefined> {
	total++;
	if (total % 1000 === 0)
		process.stdout.write(`fuzz: ${total} requests, ${((Date.now() - t0) / 1000).toFixed(0)} s\n`);
	sent.set(routeKey(route), (sent.get(routeKey(route)) ?? 0) + 1);
	let r: Reply;
	const t = Date.now();
	try {
		r = await client.send(method, url, c);
		slowest.push([Date.now() - t, `${client.role} ${method} ${url.slice(0, 60)} ${c?.name ?? ''}`]);
		slowest.sort((a, b) => b[0] - a[0]).splice(8);
	} catch (e) {
		const cause = (e as { cause?: unknown }).cause;
		failures.push({
			route: route.pattern,
			action,
			role: client.role,
			case: c?.name ?? 'GET',
			url,
			status: 0,
			problem: `no answer: ${String(cause ?? e)}`
		});
		return undefined;
	}
	const problem = judge(r, client.role, c, method !== 'GET', allowAccept, route.kind === 'page');
	// FUZZ_VERBOSE keeps the replies of the first failures, to read after the run.
	const kind = `${route.pattern} ${action} ${problem}`;
	if (problem && process.env.FUZZ_VERBOSE && !dumped.has(kind) && dumped.add(kind))
		writeFileSync(
			join(tmpdir(), `minka-fuzz-reply-${dumped.size}.html`),
			`<!-- ${client.role} ${method} ${url} [${c?.name ?? ''}] ${r.status} ${r.location ?? ''} -->\n${r.text}`
		);
	if (problem)
		failures.push({
			route: route.pattern,
			action,
			role: client.role,
			case: c?.name ?? (method === 'GET' ? 'GET' : '-'),
			url: url.length > 90 ? url.slice(0, 87) + '…' : url,
			status: r.status,
			problem
		});
	return r;
}

/** The URL a pattern takes with its parameters filled by `value` (already URL-encoded). */
function fill(pattern: string, value: string): string {
	return pattern.replace(/\[+(?:\.\.\.)?[^\]]+\]+/g, value);
}

/** Posts a form as the browser would send it as rendered, with some values chosen. */
async function submit(client: Client, form: Form, chosen: Record<string, string> = {}) {
	const pairs = basePairs(form).map(([k, v]): [string, Value] => [k, chosen[k] ?? v]);
	// A chosen button (or value) the form would not send as is: the one pressed.
	for (const [k, v] of Object.entries(chosen))
		if (!pairs.some(([n]) => n === k)) pairs.push([k, v]);
	const url = form.action.pathname + form.action.search;
	const r = await client.send('POST', url, {
		name: 'set-up',
		contentType: 'application/x-www-form-urlencoded',
		body: urlencoded(pairs)
	});
	if (r.status !== 303 || !r.location)
		throw new Error(`${client.role} could not post ${url} (${r.status}): set-up failed`);
	return new URL(r.location, client.origin).pathname;
}

/** Player forms shown only on a step of their kind. */
const STEP_FORMS = ['note', 'worksheet', 'quiz', 'decide'];

/**
 * Catch-up runs left on a step of every kind that has a form of its own (notes, worksheet,
 * quiz, decision): one session after another is started alone and walked with "next" until a
 * step shows a form not held yet. Returns the runs' URLs.
 */
async function walkToSteps(c: Client, choose: Form): Promise<string[]> {
	const out: string[] = [];
	const missing = new Set(STEP_FORMS);
	const sessions = choose.fields.find((f) => f.name === 'at')!.options;
	for (const at of sessions) {
		if (!missing.size) break;
		// A fresh retry key per run, as a fresh render of the team page would have.
		const run = await submit(c, choose, { at, mode: 'catch_up', clientId: randomUUID() });
		for (let step = 0; step < 40; step++) {
			const r = await c.send('GET', run);
			const forms = formsOf(r.text, new URL(run, c.origin));
			const names = forms.map((f) => f.action.search.replace(/^\?\//, ''));
			const found = names.filter((n) => missing.has(n));
			if (found.length) {
				for (const n of found) missing.delete(n);
				out.push(run);
				break;
			}
			const next = forms.find((f) => f.fields.some((x) => x.name === 'to' && x.value === 'next'));
			// Past the last step the run is done and shows no "next": on to another session.
			if (!next) break;
			await submit(c, next, { to: 'next' });
		}
	}
	if (missing.size) throw new Error(`no step found with a form of: ${[...missing].join(', ')}`);
	return out;
}

/**
 * The member roles' team (Estrella del Sur) has started nothing in the demo, and the player and
 * the test questions are reached only through a post (start a session, start a test). Each
 * member starts a session — the dirigente the team's group run (its set-up forms: attendance,
 * roles), the socia a catch-up run (straight into the steps) — and a pre-test, so the crawl
 * finds those pages and their forms get the full corpus. Returns the URLs each landed on.
 */
async function startMembersWork(origin: string): Promise<Map<Role, string[]>> {
	const seeds = new Map<Role, string[]>();
	const modes = { dirigente: 'group', socia: 'catch_up' } as const;
	for (const role of ['dirigente', 'socia'] as const) {
		const c = new Client(role, origin);
		await c.signIn();
		const get = async (path: string) => {
			const r = await c.send('GET', path);
			if (r.status !== 200) throw new Error(`${role} could not open ${path} (${r.status})`);
			return {
				links: linksOf(r.text, new URL(path, origin)),
				forms: formsOf(r.text, new URL(path, origin))
			};
		};
		const home = await get('/');
		const teamUrl = home.links.find((u) => /^\/teams\/[^/]+$/.test(u.pathname));
		if (!teamUrl) throw new Error(`${role} sees no team on the home page`);
		const team = await get(teamUrl.pathname);
		const choose = team.forms.find(
			(f) => f.action.pathname === '/runs/start' && f.fields.some((x) => x.name === 'at')
		);
		if (!choose) throw new Error(`${role} sees no form to start a session`);
		const runs =
			role === 'socia'
				? await walkToSteps(c, choose)
				: [await submit(c, choose, { mode: modes[role] })];
		const courses = await get('/courses');
		const coursePath = courses.links.find((u) => /^\/courses\/[^/]+$/.test(u.pathname))!.pathname;
		const course = await get(coursePath);
		const testPath = course.links.find((u) => /\/test\/pre$/.test(u.pathname))?.pathname;
		if (!testPath) throw new Error(`${role} sees no pre-test on ${coursePath}`);
		const test = await get(testPath);
		const start = test.forms.find((f) => f.action.search === '?/start');
		if (!start) throw new Error(`${role} cannot start the test at ${testPath}`);
		seeds.set(role, [...runs, await submit(c, start)]);
	}
	return seeds;
}

/** Runs the whole fuzz; results land in `failures` and `sent`. */
async function fuzz(origin: string, seeds: Map<Role, string[]>) {
	for (const role of ROLES) {
		const c = new Client(role, origin);
		await c.signIn();
		clients.set(role, c);
	}

	// 1. Crawl as every role from the home page: concrete URLs of every route, and their forms.
	const pages = new Map<Role, Map<string, Page>>();
	const pool = new Map<RouteInfo, Set<string>>();
	const perRole = 3;
	await Promise.all(
		ROLES.map(async (role) => {
			const seen = new Map<string, Page>();
			pages.set(role, seen);
			const found = new Map<RouteInfo, number>();
			const queue = ['/', ...(seeds.get(role) ?? [])];
			while (queue.length && seen.size < 120) {
				const path = queue.shift()!;
				if (seen.has(path)) continue;
				const route = matchRoute(routes, path);
				if (!route) continue;
				const r = await attempt(clients.get(role)!, route, 'GET', 'GET', path);
				const page: Page = {
					status: r?.status ?? 0,
					forms: r?.type.startsWith('text/html') ? formsOf(r.text, new URL(path, origin)) : []
				};
				seen.set(path, page);
				if (!r || !r.type.startsWith('text/html')) continue;
				for (const u of linksOf(r.text, new URL(path, origin))) {
					const target = matchRoute(routes, u.pathname);
					if (!target || seen.has(u.pathname) || queue.includes(u.pathname)) continue;
					const n = found.get(target) ?? 0;
					if (n >= perRole) continue;
					found.set(target, n + 1);
					queue.push(u.pathname);
					if (!pool.has(target)) pool.set(target, new Set());
					pool.get(target)!.add(u.pathname);
				}
			}
		})
	);
	for (const r of routes) if (!r.params.length) pool.set(r, new Set([r.pattern]));
	// The pages the members' set-up landed on are real URLs too (no link leads to them).
	for (const path of [...seeds.values()].flat()) {
		const r = matchRoute(routes, path)!;
		if (!pool.has(r)) pool.set(r, new Set());
		pool.get(r)!.add(path);
	}
	const concreteUrls = new Set([...pool.values()].flatMap((s) => [...s]));

	// Every role looks at every concrete URL any role found.
	await Promise.all(
		ROLES.map(async (role) => {
			const seen = pages.get(role)!;
			for (const [route, paths] of pool)
				for (const path of paths) {
					if (seen.has(path)) continue;
					const r = await attempt(clients.get(role)!, route, 'GET', 'GET', path);
					seen.set(path, {
						status: r?.status ?? 0,
						forms: r?.type.startsWith('text/html') ? formsOf(r.text, new URL(path, origin)) : []
					});
				}
		})
	);

	for (const role of ROLES)
		streams.set(
			role,
			[...pages.get(role)!].flatMap(([path, p]) =>
				p.status === 200 && matchRoute(routes, path)?.pattern === '/runs/[id]/events' ? [path] : []
			)
		);

	// Ids by kind (the route they open), and per role the ids whose page the role may not see.
	const kindOf = new Map<string, string>();
	for (const [route, paths] of pool)
		for (const p of paths) {
			const last = p.split('/').pop()!;
			if (UUID.test(last) && route.pattern.endsWith(']')) kindOf.set(last, route.pattern);
		}
	const idsFor = (role: Role): Ids => ({
		foreign: [...kindOf].flatMap(([id, kind]) => {
			const st = pages.get(role)!.get(fill(kind, id))?.status ?? 0;
			return st === 403 || st === 404 ? [id] : [];
		}),
		known: [...kindOf.keys()],
		kindOf: (id: string) => kindOf.get(id)
	});

	/** Forms of a role's pages that post to the given route and action. */
	const formsFor = (role: Role, route: RouteInfo, action: string) => {
		const out: Array<{ path: string; form: Form }> = [];
		for (const page of pages.get(role)!.values()) {
			if (page.status !== 200) continue;
			for (const form of page.forms) {
				if (form.method !== 'post') continue;
				const target = matchRoute(routes, form.action.pathname, route.kind);
				if (target !== route) continue;
				const name = [...form.action.searchParams.keys()].find((k) => k.startsWith('/'));
				if ((name ? name.slice(1) : route.kind === 'page' ? 'default' : 'POST') === action)
					out.push({ path: form.action.pathname, form });
			}
		}
		return out;
	};

	// 2. Plan every request, per role (each role's requests run in order, roles side by side).
	type Job = {
		route: RouteInfo;
		action: string;
		method: string;
		url: string;
		c?: Case;
		ok?: boolean;
	};
	const jobs = new Map<Role, Job[]>(ROLES.map((r) => [r, []]));
	const garbageRoles: Role[] = ['admin', 'dirigente', 'anonymous'];
	const queryRoles: Role[] = ['admin', 'fencomin', 'dirigente', 'socia', 'anonymous'];

	for (const route of routes) {
		const concrete = [...(pool.get(route) ?? [])];
		const garbage = route.params.length ? PARAM_GARBAGE.map(([, v]) => fill(route.pattern, v)) : [];

		// GET: garbage parameters and garbage queries, as every role.
		if (route.methods.includes('GET'))
			for (const role of ROLES) {
				for (const url of garbage)
					jobs.get(role)!.push({ route, action: 'GET', method: 'GET', url });
				if (!route.params.length && queryRoles.includes(role))
					for (const [, q] of QUERY_GARBAGE)
						jobs
							.get(role)!
							.push({ route, action: 'GET', method: 'GET', url: `${route.pattern}?${q}` });
				const page = concrete[0] ? pages.get('admin')!.get(concrete[0]) : undefined;
				for (const form of page?.forms ?? [])
					if (form.method === 'get' && form.fields.length && concrete[0]) {
						const q = form.fields
							.map((f) => `${encodeURIComponent(f.name)}=%00%FF${'9'.repeat(30)}`)
							.join('&');
						jobs
							.get(role)!
							.push({ route, action: 'GET', method: 'GET', url: `${concrete[0]}?${q}` });
					}
			}

		const actions =
			route.kind === 'page'
				? route.actions
				: route.methods
						.filter((m) => !['GET', 'HEAD', 'OPTIONS'].includes(m))
						.map((m) => ({ name: m, usesParams: false, readsRequest: true }));
		for (const a of actions) {
			const allowAccept = `${route.pattern} ${a.name}` in ACCEPTS_ANYTHING;
			// A default action is posted to the page itself (`?/default` is SvelteKit's 500).
			const suffix = route.kind === 'page' && a.name !== 'default' ? `?/${a.name}` : '';
			const method = route.kind === 'page' ? 'POST' : a.name;
			// A form to borrow, for roles that see none: any role's, the admin's first.
			const borrowed =
				formsFor('admin', route, a.name)[0]?.form ??
				ROLES.map((r) => formsFor(r, route, a.name)[0]?.form).find(Boolean);
			for (const role of ROLES) {
				const own = formsFor(role, route, a.name);
				const ids = idsFor(role);
				const seen = pages.get(role)!;
				const push = (url: string, cases: Case[]) => {
					for (const c of cases)
						jobs.get(role)!.push({
							route,
							action: a.name,
							method,
							url: url + suffix,
							c,
							ok:
								allowAccept ||
								(role !== 'anonymous' && SENDS_SIGNED_IN_HOME.has(`${route.pattern} ${a.name}`))
						});
				};
				// Whether the role may reach the action at a URL: it can open the page there (an
				// action that ignores the URL: any page of the route). A button hidden by the
				// record's state is no refusal, so such roles get only bodies that must fail.
				const opensAny = [...(pool.get(route) ?? [])].some((p) => seen.get(p)?.status === 200);
				// An action that reads the URL is reached where the role has the form or the page
				// (one run's forms do nothing on another run's URL).
				const reaches = (url: string) =>
					a.usesParams
						? own.some((o) => o.path === url) || seen.get(url)?.status === 200
						: own.length > 0 || opensAny;
				// The full corpus goes to the first URL reached: where the role's own form is, first.
				const urls = route.params.length
					? [...concrete].sort(
							(x, y) =>
								Number(own.some((o) => o.path === y)) - Number(own.some((o) => o.path === x))
						)
					: [route.pattern];
				let full = false;
				for (const url of [...urls, ...(garbageRoles.includes(role) ? garbage : [])]) {
					const form = own.find((o) => o.path === url)?.form ?? own[0]?.form ?? borrowed;
					const transport = transportCases(origin, []);
					if (reaches(url) && !(a.usesParams && garbage.includes(url))) {
						if (!a.readsRequest || !form?.fields.length)
							push(
								url,
								transport.filter((c) => c.name !== 'text/plain body')
							);
						else if (!full) {
							push(url, [...fieldCases(form, ids), ...brokenBodies(own.length > 0), ...transport]);
							fullCorpus.add(`${role} ${route.pattern} ${a.name}`);
						} else
							push(url, [...brokenBodies(own.length > 0).slice(0, 1), ...transport.slice(0, 1)]);
						full ||= !!form?.fields.length && a.readsRequest;
					} else if (role === 'anonymous' || garbage.includes(url)) {
						push(url, [...refusedCases(form).slice(0, 2), ...brokenBodies().slice(0, 1)]);
					} else {
						const cases = [...refusedCases(form), ...transport];
						if (a.readsRequest) cases.push(...brokenBodies());
						push(url, cases);
					}
				}
			}
		}
	}

	// A garbage URL may land on another route (`..`): any refusal is right there.
	for (const list of jobs.values())
		for (const j of list)
			if (j.c?.expect && j.route.params.length && !concreteUrls.has(j.url.split('?')[0]!))
				j.c = { ...j.c, expect: undefined };
	// Endpoints answer whatever they answer to a wrong content type, as long as it is a 4xx.
	for (const list of jobs.values())
		for (const j of list)
			if (j.route.kind === 'endpoint' && j.c?.expect?.includes(415))
				j.c = { ...j.c, expect: undefined };

	// 3. Fire: each role in order, four roles at a time.
	const queue = [...ROLES];
	await Promise.all(
		Array.from({ length: 4 }, async () => {
			for (let role = queue.shift(); role; role = queue.shift()) {
				const client = clients.get(role)!;
				for (const j of jobs.get(role)!)
					await attempt(client, j.route, j.action, j.method, j.url, j.c, j.ok);
			}
		})
	);
}

beforeAll(async () => {
	db = await prepareDb();
	// The members start what the demo leaves unstarted for them, as they would by tapping: then
	// the server stops (PGlite allows one process) and the fingerprint is taken.
	server = await startServer(db, await freePort());
	const seeds = await startMembersWork(server.origin);
	await server.stop();
	const h = await db.open();
	before = await fingerprint(h);
	await h.close();
	server = await startServer(db, await freePort());
	t0 = Date.now();
	await fuzz(server.origin, seeds);
	const secs = ((Date.now() - t0) / 1000).toFixed(0);
	process.stdout.write(
		`fuzz (${db.kind}): ${total} requests in ${secs} s, ${failures.length} failures\n`
	);
	if (process.env.FUZZ_VERBOSE)
		process.stdout.write(`full corpus:\n  ${[...fullCorpus].sort().join('\n  ')}\n`);
	process.stdout.write(
		`slowest: ${slowest.map(([ms, what]) => `${ms} ms ${what}`).join('\n         ')}\n`
	);
	if (failures.length) {
		const rows = failures.map(
			(f) =>
				`${f.status || '---'}  ${f.role.padEnd(12)} ${`${f.route} ${f.action}`.padEnd(48)} ${f.case.padEnd(34)} ${f.problem}`
		);
		// The server's log holds the stack of every 500: kept in a file to read after the run.
		const log = join(tmpdir(), `minka-fuzz-server-${db.kind}.log`);
		writeFileSync(log, server.stderr.join(''));
		process.stdout.write(`server log: ${log}\n`);
		process.stdout.write(
			`${rows.slice(0, 300).join('\n')}\n${rows.length > 300 ? `… ${rows.length - 300} more\n` : ''}`
		);
	}
}, 900_000);

afterAll(async () => {
	await server?.stop();
	await db?.drop();
});

describe('every route refuses bad input without failing', () => {
	it('finds the routes by itself', () => {
		expect(routes.length).toBeGreaterThan(30);
		expect(routes.some((r) => r.actions.length)).toBe(true);
	});
	for (const route of routes)
		it(`${route.kind} ${route.pattern}`, () => {
			expect(sent.get(routeKey(route)) ?? 0, 'requests sent').toBeGreaterThan(0);
			const mine = failures.filter((f) => f.route === route.pattern);
			expect(
				mine.map((f) => `${f.status} ${f.role} ${f.action} [${f.case}] ${f.url}: ${f.problem}`)
			).toEqual([]);
		});
});

describe('group sessions', () => {
	// Members reach their team's runs and their tests by crawling: their forms get every case.
	const tests = [
		['/courses/[course]/test/[kind]', 'start'],
		['/courses/[course]/test/[kind]/[n]', 'default']
	];
	for (const [role, list] of [
		['dirigente', [['/runs/[id]', 'attendance'], ...tests]],
		['socia', [...STEP_FORMS.map((a) => ['/runs/[id]', a]), ['/runs/[id]', 'move'], ...tests]]
	] as const)
		for (const [route, action] of list)
			it(`${role} gets the full corpus on ${route} ${action}`, () => {
				expect(fullCorpus.has(`${role} ${route} ${action}`)).toBe(true);
			});

	it('caps the live streams an account holds, and gives a slot back on hang-up', async () => {
		const role = 'socia';
		const url = streams.get(role)?.[0];
		expect(url, 'an event stream the member can open').toBeDefined();
		const client = clients.get(role)!;
		// Twice: the slots of the first round (and of every stream the fuzz opened and dropped)
		// must have been given back, or the second round meets a 503.
		for (let round = 0; round < 2; round++) {
			const open = [];
			for (let i = 0; i < MAX_STREAMS_PER_USER; i++) open.push(await client.openStream(url!));
			try {
				expect(open.map((r) => r.status)).toEqual(open.map(() => 200));
				for (const r of open) expect(r.text).toMatch(/^data: \{"version":\d+\}$/m);
				const over = await client.openStream(url!);
				over.close();
				expect(over.status).toBe(503);
				expect(Number(over.retryAfter)).toBeGreaterThan(0);
			} finally {
				for (const r of open) r.close();
			}
			// The server sees the hang-ups a moment later.
			await new Promise((r) => setTimeout(r, 300));
		}
	});
});

it('leaves the database as it was (sign-in tables aside)', async () => {
	// PGlite allows one process per data directory: stop the server before looking.
	await server!.stop();
	const h = await db!.open();
	try {
		expect(await fingerprint(h)).toEqual(before);
	} finally {
		await h.close();
	}
});
