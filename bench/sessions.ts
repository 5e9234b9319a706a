// Load: 250 members of 25 teams in group sessions at once, against a built server on PostgreSQL.
// Usage: DATABASE_URL=<the server's database> npx tsx bench/sessions.ts [--base http://localhost:3000]
//        [--teams 25] [--members 10] [--seconds 20] [--warmup 5] [--think 3] [--step 10] [--find-max]
// Run it from the directory the server runs from (it signs sessions with the server's secret:
// AUTH_SECRET, or the one kept under DATA_DIR). Budget: p95 < 100 ms, 0 errors.
//
// It creates its data directly in the database (a cohort, teams, members with accounts and
// sessions, one open group run per team already playing, every member present, the first member
// the time-keeper on the leading phone, the second the note-taker). Then every member behaves as
// a phone in the group does:
// - keeps the run's events stream open and, when a message names a version other than the page's,
//   reloads the player page (what the island does after the group moves on);
// - between its own actions thinks for a random time (exponential, mean --think seconds), then
//   loads the player page and posts what that member would post there: the note-taker the notes
//   of a discuss/reflect step, the others the step's form (worksheet, quiz, decision) one time in
//   three, with the revision the page showed (a concurrent save answers 409, which counts as an
//   answer), and after a save follows the redirect to the player as a browser does;
// - the time-keeper moves the group every --step seconds (±30 %) with the version it moves from,
//   and back to the first step after the check-in.
// Forms are read from the page itself, so the bench follows the player's markup. The load is
// closed-loop (a member waits for its answer before thinking again). --find-max runs rounds with
// ever shorter think and step times and reports the highest rate served with p95 < 100 ms.
// Only loopback targets; stops after --seconds (per round).
import { createHmac, randomBytes, randomUUID } from 'node:crypto';
import http from 'node:http';
import pg from 'pg';
import { env } from '../src/lib/server/env';

export const BUDGET_P95_MS = 100;

function opt(args: string[], name: string, fallback: string) {
	const i = args.indexOf(`--${name}`);
	return i >= 0 && args[i + 1] ? args[i + 1]! : fallback;
}

/** The session the runs play: every kind of step (read, worksheet, quiz, discuss, decide, reflect). */
export const BENCH_SESSION = {
	course: 'think-coop',
	module: 'orientation',
	session: 'doing-business-together',
	steps: 9
};

interface Member {
	userId: string;
	cookie: string;
	runId: string;
	role: 'timekeeper' | 'notetaker' | 'member';
	/** The run version of the page this member's phone shows (-1: none yet). */
	pageVersion: number;
	/** A reload in flight, and whether another message came during it. */
	reloading: boolean;
	reloadAgain: boolean;
}

/** A signed better-auth session cookie for a session row written here, and the phone's id. */
function cookieFor(token: string, secret: string, device: string): string {
	const signature = createHmac('sha256', secret).update(token).digest('base64');
	return `better-auth.session_token=${encodeURIComponent(`${token}.${signature}`)}; minka_device=${device}`;
}

async function createData(db: pg.Client, teams: number, perTeam: number, secret: string) {
	const tag = randomBytes(3).toString('hex');
	const q = async <T = Record<string, string>>(text: string, values: unknown[]) =>
		(await db.query(text, values)).rows as T[];
	const [fed] = await q(
		`insert into federation (name, short_name, level, department) values ($1, $2, 'regional', 'PT') returning id`,
		[`Federación carga ${tag}`, `FC${tag}`]
	);
	const [prog] = await q(`insert into programme (name) values ($1) returning id`, [
		`Programa carga ${tag}`
	]);
	const [coh] = await q(
		`insert into cohort (programme_id, name, starts_on, ends_on) values ($1, $2, '2026-01-01', '2026-12-31') returning id`,
		[prog!.id, `Cohorte carga ${tag}`]
	);
	const members: Member[] = [];
	const expires = new Date(Date.now() + 86_400_000);
	await db.query('begin');
	for (let t = 0; t < teams; t++) {
		const [coop] = await q(
			`insert into cooperative (federation_id, name, short_name, department, minerals) values ($1, $2, $2, 'PT', '{tin}') returning id`,
			[fed!.id, `Cooperativa carga ${tag} ${t}`]
		);
		const [team] = await q(
			`insert into team (cohort_id, cooperative_id, name) values ($1, $2, $3) returning id`,
			[coh!.id, coop!.id, `Grupo ${t}`]
		);
		const runId = randomUUID();
		const leadDevice = randomBytes(18).toString('base64url');
		await db.query(
			`insert into session_run (id, team_id, cohort_id, course, module, session, content_version, stage, step, step_started_at, lead_device)
			 values ($1, $2, $3, $4, $5, $6, 'bench', 'play', $8, now(), $7)`,
			[
				runId,
				team!.id,
				coh!.id,
				BENCH_SESSION.course,
				BENCH_SESSION.module,
				BENCH_SESSION.session,
				leadDevice,
				// Teams are at different steps, so every kind of step is served from the start.
				t % BENCH_SESSION.steps
			]
		);
		for (let m = 0; m < perTeam; m++) {
			const n = t * perTeam + m;
			const [p] = await q(
				`insert into person (cooperative_id, given_names, surnames, sex, ci_number) values ($1, 'Socia', $2, $3, $4) returning id`,
				[coop!.id, `Carga ${tag} ${n}`, n % 2 ? 'F' : 'M', `${tag}${n}`]
			);
			await db.query(
				`insert into enrolment (cohort_id, person_id, cooperative_id, team_id) values ($1, $2, $3, $4)`,
				[coh!.id, p!.id, coop!.id, team!.id]
			);
			await db.query(`insert into run_attendance (run_id, person_id) values ($1, $2)`, [
				runId,
				p!.id
			]);
			const role = m === 0 ? 'timekeeper' : m === 1 ? 'notetaker' : 'member';
			if (role !== 'member')
				await db.query(`insert into run_role (run_id, role, person_id) values ($1, $2, $3)`, [
					runId,
					role,
					p!.id
				]);
			const userId = randomUUID();
			const username = `carga${tag}${n}`;
			await db.query(
				`insert into "user" (id, name, username, display_username, person_id) values ($1, $2, $3, $3, $4)`,
				[userId, `Socia ${n}`, username, p!.id]
			);
			await db.query(
				`insert into role_assignment (user_id, role, cooperative_id) values ($1, $2, $3)`,
				[userId, m === 0 ? 'cooperative_lead' : 'participant', m === 0 ? coop!.id : null]
			);
			const token = randomBytes(24).toString('base64url');
			await db.query(
				`insert into session (id, token, user_id, expires_at) values ($1, $2, $3, $4)`,
				[randomUUID(), token, userId, expires]
			);
			const device = m === 0 ? leadDevice : randomBytes(18).toString('base64url');
			members.push({
				userId,
				cookie: cookieFor(token, secret, device),
				runId,
				role,
				pageVersion: -1,
				reloading: false,
				reloadAgain: false
			});
		}
	}
	await db.query('commit');
	return { members, cohortId: coh!.id };
}

interface Sample {
	kind: string;
	ms: number;
	ok: boolean;
	status: number;
}

function request(
	agent: http.Agent,
	url: URL,
	opts: { method?: string; cookie: string; body?: string; origin: string }
): Promise<{ status: number; body: string; ms: number }> {
	return new Promise((resolve) => {
		const t0 = performance.now();
		const req = http.request(
			url,
			{
				agent,
				method: opts.method ?? 'GET',
				headers: {
					cookie: opts.cookie,
					accept: 'text/html',
					origin: opts.origin,
					...(opts.body
						? {
								'content-type': 'application/x-www-form-urlencoded',
								'content-length': Buffer.byteLength(opts.body)
							}
						: {})
				}
			},
			(res) => {
				const chunks: Buffer[] = [];
				res.on('data', (c: Buffer) => chunks.push(c));
				res.on('end', () =>
					resolve({
						status: res.statusCode ?? 0,
						body: Buffer.concat(chunks).toString('utf8'),
						ms: performance.now() - t0
					})
				);
			}
		);
		req.on('error', () => resolve({ status: 0, body: '', ms: performance.now() - t0 }));
		req.end(opts.body);
	});
}

/** The forms of a page whose action is one of `?/<name>`, as url-encoded bodies to post. */
export function pageForms(html: string): Array<{ action: string; body: string }> {
	const forms: Array<{ action: string; body: string }> = [];
	for (const f of html.matchAll(/<form\b([^>]*)>([\s\S]*?)<\/form>/g)) {
		const action = /action="([^"]*)"/.exec(f[1]!)?.[1]?.replace(/&amp;/g, '&') ?? '';
		const m = /\?\/(\w+)/.exec(action);
		if (!m) continue;
		const params = new URLSearchParams();
		const seen = new Set<string>();
		for (const i of f[2]!.matchAll(/<(input|textarea|select)\b([^>]*)>/g)) {
			const attrs = i[2]!;
			const name = /name="([^"]*)"/.exec(attrs)?.[1];
			if (!name) continue;
			const type = /type="([^"]*)"/.exec(attrs)?.[1] ?? (i[1] === 'input' ? 'text' : i[1]);
			const value = /value="([^"]*)"/.exec(attrs)?.[1] ?? '';
			if (type === 'radio' || type === 'checkbox') {
				if (!seen.has(name)) params.append(name, value || 'on');
			} else if (type === 'hidden' || type === 'number') params.append(name, value || '1');
			else if (type === 'textarea' || type === 'text')
				params.append(name, value || 'Lo que dijo el grupo.');
			else if (type !== 'submit' && type !== 'select') params.append(name, value);
			seen.add(name);
		}
		// A submit button's own name/value (a choice such as "next") goes with the form.
		const button = /<button\b[^>]*name="([^"]*)"[^>]*value="([^"]*)"/.exec(f[2]!);
		if (button) params.set(button[1]!, button[2]!);
		forms.push({ action: m[1]!, body: params.toString() });
	}
	return forms;
}

/** The run version a player page shows (`data-run-version` on <main>). */
const pageVersionOf = (html: string) => Number(/data-run-version="(\d+)"/.exec(html)?.[1] ?? -1);

/** Keeps a run's events stream open; calls `onVersion` with each version message. */
function follow(
	base: string,
	m: Member,
	counts: { messages: number; refused: number },
	onVersion: (v: number) => void
) {
	const url = new URL(`/runs/${m.runId}/events`, base);
	const req = http.get(url, { headers: { cookie: m.cookie } }, (res) => {
		if (res.statusCode !== 200) {
			counts.refused++;
			res.resume();
			return;
		}
		res.setEncoding('utf8');
		res.on('data', (chunk: string) => {
			for (const v of chunk.matchAll(/data: \{"version":(\d+)\}/g)) {
				counts.messages++;
				onVersion(Number(v[1]));
			}
		});
	});
	req.on('error', () => {});
	return () => req.destroy();
}

/** An exponential pause with the given mean: people do not act on a beat. */
const think = (meanMs: number) =>
	new Promise((r) => setTimeout(r, Math.min(-Math.log(1 - Math.random()) * meanMs, meanMs * 5)));

export interface RoundResult {
	thinkSeconds: number;
	stepSeconds: number;
	requests: number;
	errors: number;
	errorStatuses: Record<string, number>;
	rps: number;
	p50: number;
	p95: number;
	p99: number;
	byKind: Record<string, { n: number; p95: number }>;
}

function summarise(
	samples: Sample[],
	elapsed: number,
	thinkSeconds: number,
	stepSeconds: number
): RoundResult {
	const pctOf = (xs: number[], p: number) =>
		xs[Math.min(xs.length - 1, Math.floor(p * xs.length))] ?? 0;
	const ms = samples.map((s) => s.ms).sort((a, b) => a - b);
	const kinds = new Map<string, number[]>();
	for (const s of samples) kinds.set(s.kind, [...(kinds.get(s.kind) ?? []), s.ms]);
	const errorStatuses: Record<string, number> = {};
	for (const s of samples)
		if (!s.ok)
			errorStatuses[`${s.kind} ${s.status}`] = (errorStatuses[`${s.kind} ${s.status}`] ?? 0) + 1;
	return {
		thinkSeconds,
		stepSeconds,
		requests: samples.length,
		errors: samples.filter((s) => !s.ok).length,
		errorStatuses,
		rps: samples.length / elapsed,
		p50: pctOf(ms, 0.5),
		p95: pctOf(ms, 0.95),
		p99: pctOf(ms, 0.99),
		byKind: Object.fromEntries(
			[...kinds].map(([k, xs]) => [
				k,
				{
					n: xs.length,
					p95: Math.round(
						pctOf(
							xs.sort((a, b) => a - b),
							0.95
						)
					)
				}
			])
		)
	};
}

export async function sessionsBench(opts: {
	base: string;
	databaseUrl: string;
	teams: number;
	members: number;
	seconds: number;
	/** Seconds before the first round is counted. */
	warmup: number;
	/** Mean seconds a member thinks between its own actions, per round. */
	think: number[];
	/** Seconds between the time-keeper's moves, per round. */
	step: number[];
	onRound?: (r: RoundResult) => void;
}) {
	const url = new URL(opts.base);
	if (!['localhost', '127.0.0.1', '[::1]'].includes(url.hostname))
		throw new Error('load tests only target this machine');
	const setup = new pg.Client({ connectionString: opts.databaseUrl });
	await setup.connect();
	const { members } = await createData(setup, opts.teams, opts.members, env().AUTH_SECRET);
	await setup.end();

	// Idle sockets are dropped before the server's 5 s keep-alive ends (else a reused one is reset).
	const agent = new http.Agent({ keepAlive: true, maxSockets: members.length * 2, timeout: 4000 });
	const probe = await request(agent, new URL(`/runs/${members[0]!.runId}`, opts.base), {
		cookie: members[0]!.cookie,
		origin: opts.base
	});
	if (probe.status !== 200) throw new Error(`the player page answered ${probe.status}`);

	let samples: Sample[] = [];
	let running = true;
	// Every request sent, counted or not (warm-up, stream opens): server CPU per request.
	let sent = members.length;
	const player = (m: Member) => new URL(`/runs/${m.runId}`, opts.base);
	const load = async (m: Member, kind: string) => {
		sent++;
		const got = await request(agent, player(m), { cookie: m.cookie, origin: opts.base });
		if (running) samples.push({ kind, ms: got.ms, ok: got.status === 200, status: got.status });
		if (got.status === 200) m.pageVersion = pageVersionOf(got.body);
		return got;
	};
	const post = async (m: Member, action: string, body: string) => {
		sent++;
		const got = await request(agent, new URL(`/runs/${m.runId}?/${action}`, opts.base), {
			method: 'POST',
			cookie: m.cookie,
			origin: opts.base,
			body
		});
		// 303 after a write; 200/400/409 are answers too (a form shown again, a stale revision).
		if (running)
			samples.push({
				kind: action,
				ms: got.ms,
				ok: [200, 303, 400, 409].includes(got.status),
				status: got.status
			});
		// The browser follows the redirect after a save: the player page again.
		if (got.status === 303) await load(m, 'page');
	};
	// The island: a version other than the page's reloads it (one reload at a time per phone).
	const onVersion = (m: Member) => async (v: number) => {
		if (!running || v === m.pageVersion) return;
		if (m.reloading) return void (m.reloadAgain = true);
		m.reloading = true;
		do {
			m.reloadAgain = false;
			await load(m, 'reload');
		} while (m.reloadAgain && running);
		m.reloading = false;
	};
	const counts = { messages: 0, refused: 0 };
	const stops = members.map((m) => follow(opts.base, m, counts, onVersion(m)));

	let round = { think: 3, step: 10 };
	const memberLoop = async (m: Member) => {
		while (running) {
			await think(round.think * 1000);
			if (!running) break;
			const page = await load(m, 'page');
			const forms = pageForms(page.body);
			if (m.role === 'notetaker') {
				const note = forms.find((f) => f.action === 'note');
				if (note) {
					const body = new URLSearchParams(note.body);
					body.set('text', `Notas del grupo ${randomBytes(3).toString('hex')}`);
					await post(m, 'note', body.toString());
				}
			} else if (m.role === 'member' && Math.random() < 1 / 3) {
				const step = forms.find((f) => ['worksheet', 'quiz', 'decide'].includes(f.action));
				if (step) await post(m, step.action, step.body);
			}
		}
	};
	const timekeeperLoop = async (m: Member) => {
		while (running) {
			await new Promise((r) => setTimeout(r, round.step * 1000 * (0.7 + Math.random() * 0.6)));
			if (!running) break;
			const page = await load(m, 'page');
			const move = pageForms(page.body).find((f) => f.action === 'move');
			if (!move) continue;
			const body = new URLSearchParams(move.body);
			// After the check-in the group goes round again (a long session, compressed).
			body.set('to', page.body.includes('?/checkin') ? '1' : 'next');
			await post(m, 'move', body.toString());
		}
	};

	const results: RoundResult[] = [];
	const loops = members.map((m) => (m.role === 'timekeeper' ? timekeeperLoop(m) : memberLoop(m)));
	for (let r = 0; r < opts.think.length; r++) {
		round = { think: opts.think[r]!, step: opts.step[r] ?? opts.step.at(-1)! };
		// Not counted: the first round's start (250 streams and first pages at once, the server's
		// JIT warming up) and each later round's change of pace.
		await new Promise((res) => setTimeout(res, r === 0 ? opts.warmup * 1000 : 2000));
		samples = [];
		const started = performance.now();
		await new Promise((res) => setTimeout(res, opts.seconds * 1000));
		const result = summarise(
			samples,
			(performance.now() - started) / 1000,
			round.think,
			round.step
		);
		results.push(result);
		opts.onRound?.(result);
	}
	running = false;
	for (const stop of stops) stop();
	await Promise.all(loops);
	agent.destroy();
	return {
		members: members.length,
		sent,
		rounds: results,
		streamsRefused: counts.refused,
		versionMessages: counts.messages
	};
}

const line = (r: RoundResult) =>
	`think ${r.thinkSeconds} s, step ${r.stepSeconds} s: ${r.rps.toFixed(0)} req/s, ${r.requests} requests, ` +
	`${r.errors} errors${r.errors ? ` ${JSON.stringify(r.errorStatuses)}` : ''}, p50 ${r.p50.toFixed(1)} ms, ` +
	`p95 ${r.p95.toFixed(1)} ms, p99 ${r.p99.toFixed(1)} ms; ${JSON.stringify(r.byKind)}`;

if (process.argv[1]?.endsWith('sessions.ts')) {
	const args = process.argv.slice(2);
	const databaseUrl = process.env.DATABASE_URL;
	if (!databaseUrl) throw new Error('set DATABASE_URL to the database the server uses');
	const findMax = args.includes('--find-max');
	const think = Number(opt(args, 'think', '3'));
	const step = Number(opt(args, 'step', '10'));
	// The sweep shortens both times each round: 1.5×, 2×, … 8× the default rate (a 2-core machine
	// saturates near 2.5×).
	const factors = findMax ? [1, 1.5, 2, 2.5, 3, 4, 8] : [1];
	const r = await sessionsBench({
		base: opt(args, 'base', 'http://localhost:3000'),
		databaseUrl,
		teams: Number(opt(args, 'teams', '25')),
		members: Number(opt(args, 'members', '10')),
		seconds: Number(opt(args, 'seconds', '20')),
		warmup: Number(opt(args, 'warmup', '5')),
		think: factors.map((f) => think / f),
		step: factors.map((f) => step / f),
		onRound: (round) =>
			console.log(
				`${round.p95 < BUDGET_P95_MS && round.errors === 0 ? 'ok  ' : 'SLOW'} ${line(round)}`
			)
	});
	const within = r.rounds.filter((x) => x.p95 < BUDGET_P95_MS && x.errors === 0);
	const best = within.sort((a, b) => b.rps - a.rps)[0];
	console.log(
		`${r.members} members, ${r.sent} requests sent in all, streams refused ${r.streamsRefused}, version messages ${r.versionMessages}` +
			(findMax
				? `; highest rate with p95 < ${BUDGET_P95_MS} ms and no error: ${best ? `${best.rps.toFixed(0)} req/s (think ${best.thinkSeconds} s)` : 'none'}`
				: '')
	);
	const ok =
		r.rounds[0]!.p95 < BUDGET_P95_MS && r.rounds[0]!.errors === 0 && r.streamsRefused === 0;
	process.exit(ok ? 0 : 1);
}
