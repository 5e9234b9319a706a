// Load: 250 members of 25 teams in group sessions at once, against a built server on PostgreSQL.
// Usage: DATABASE_URL=<the server's database> npx tsx bench/sessions.ts [--base http://localhost:3000]
//        [--teams 25] [--members 10] [--seconds 20]
// Run it from the directory the server runs from (it signs sessions with the server's secret:
// AUTH_SECRET, or the one kept under DATA_DIR). Budget: p95 < 100 ms, 0 errors.
//
// It creates its data directly in the database (a cohort, teams, members with accounts and
// sessions, one open group run per team), then every member keeps the run's events stream open
// (as a phone following the group does) and, until the time is up, loads the player page and
// posts what a member posts there: the page's own answer, note and vote forms, and — for the
// team's lead — the `?/move` form with the version it moves from. Forms are read from the page
// itself, so the bench follows the player's markup. Where the player page does not exist yet
// (a 404), each member loads signed-in pages instead and each lead's move is written to the
// database and announced with pg_notify, exactly as the move action would: the events streams
// then carry the load. Only loopback targets; stops after --seconds.
import { createHmac, randomBytes, randomUUID } from 'node:crypto';
import http from 'node:http';
import pg from 'pg';
import { env } from '../src/lib/server/env';

export const BUDGET_P95_MS = 100;

function opt(args: string[], name: string, fallback: string) {
	const i = args.indexOf(`--${name}`);
	return i >= 0 && args[i + 1] ? args[i + 1]! : fallback;
}

interface Member {
	userId: string;
	cookie: string;
	runId: string;
	lead: boolean;
}

/** A signed better-auth session cookie for a session row written here. */
function cookieFor(token: string, secret: string): string {
	const signature = createHmac('sha256', secret).update(token).digest('base64');
	return `better-auth.session_token=${encodeURIComponent(`${token}.${signature}`)}`;
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
		await db.query(
			`insert into session_run (id, team_id, cohort_id, course, module, session, content_version, stage, step_started_at)
			 values ($1, $2, $3, 'think-coop', 'orientation', 'good-relationships', 'bench', 'play', now())`,
			[runId, team!.id, coh!.id]
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
			const userId = randomUUID();
			const username = `carga${tag}${n}`;
			await db.query(
				`insert into "user" (id, name, username, display_username, person_id) values ($1, $2, $3, $3, $4)`,
				[userId, `Socia ${n}`, username, p!.id]
			);
			const lead = m === 0;
			await db.query(
				`insert into role_assignment (user_id, role, cooperative_id) values ($1, $2, $3)`,
				[userId, lead ? 'cooperative_lead' : 'participant', lead ? coop!.id : null]
			);
			const token = randomBytes(24).toString('base64url');
			await db.query(
				`insert into session (id, token, user_id, expires_at) values ($1, $2, $3, $4)`,
				[randomUUID(), token, userId, expires]
			);
			members.push({ userId, cookie: cookieFor(token, secret), runId, lead });
		}
	}
	await db.query('commit');
	return { members, cohortId: coh!.id };
}

interface Sample {
	kind: string;
	ms: number;
	ok: boolean;
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

/** Keeps a run's events stream open; counts the version messages it carries. */
function follow(base: string, m: Member, counts: { messages: number; refused: number }) {
	const url = new URL(`/runs/${m.runId}/events`, base);
	const req = http.get(url, { headers: { cookie: m.cookie } }, (res) => {
		if (res.statusCode !== 200) {
			counts.refused++;
			res.resume();
			return;
		}
		res.setEncoding('utf8');
		res.on('data', (chunk: string) => {
			counts.messages += chunk.split('data: ').length - 1;
		});
	});
	req.on('error', () => {});
	return () => req.destroy();
}

export async function sessionsBench(opts: {
	base: string;
	databaseUrl: string;
	teams: number;
	members: number;
	seconds: number;
}) {
	const url = new URL(opts.base);
	if (!['localhost', '127.0.0.1', '[::1]'].includes(url.hostname))
		throw new Error('load tests only target this machine');
	const setup = new pg.Client({ connectionString: opts.databaseUrl });
	await setup.connect();
	const { members } = await createData(setup, opts.teams, opts.members, env().AUTH_SECRET);
	await setup.end();
	// The leads' moves when the player page is absent: several at once, so a pool.
	const db = new pg.Pool({ connectionString: opts.databaseUrl, max: 5 });

	// Does the player page exist here? (It decides what a member posts.)
	const agent = new http.Agent({ keepAlive: true, maxSockets: members.length });
	const probe = await request(agent, new URL(`/runs/${members[0]!.runId}`, opts.base), {
		cookie: members[0]!.cookie,
		origin: opts.base
	});
	const playerExists = probe.status === 200;

	const counts = { messages: 0, refused: 0 };
	const stops = members.map((m) => follow(opts.base, m, counts));
	const samples: Sample[] = [];
	const deadline = Date.now() + opts.seconds * 1000;
	const fallbackPages = [
		'/',
		'/courses/think-coop',
		'/courses/think-coop/orientation/good-relationships'
	];

	const act = async (m: Member, i: number) => {
		const page = playerExists ? `/runs/${m.runId}` : fallbackPages[i % fallbackPages.length]!;
		const got = await request(agent, new URL(page, opts.base), {
			cookie: m.cookie,
			origin: opts.base
		});
		samples.push({ kind: 'page', ms: got.ms, ok: got.status === 200 });
		if (playerExists) {
			// Only the lead moves the group; everyone answers, writes notes, votes.
			const forms = pageForms(got.body).filter((f) => m.lead || f.action !== 'move');
			const form =
				m.lead && i % 3 === 0
					? forms.find((f) => f.action === 'move')
					: forms[i % (forms.length || 1)];
			if (form) {
				const posted = await request(
					agent,
					new URL(`/runs/${m.runId}?/${form.action}`, opts.base),
					{
						method: 'POST',
						cookie: m.cookie,
						origin: opts.base,
						body: form.body
					}
				);
				// 303 after a write; 400/409 are answers too (a stale version after another's move).
				samples.push({
					kind: form.action,
					ms: posted.ms,
					ok: [200, 303, 400, 409].includes(posted.status)
				});
			}
		} else if (m.lead && i % 3 === 0) {
			const t0 = performance.now();
			await db.query(
				`update session_run set step = step + 1, version = version + 1, step_started_at = now() where id = $1`,
				[m.runId]
			);
			await db.query(`select pg_notify('minka_run', $1)`, [m.runId]);
			samples.push({ kind: 'move (db)', ms: performance.now() - t0, ok: true });
		}
	};
	const worker = async (m: Member) => {
		// Members do not all press at once: a small random pause, like people reading.
		for (let i = 0; Date.now() < deadline; i++) {
			await act(m, i);
			await new Promise((r) => setTimeout(r, 200 + Math.random() * 600));
		}
	};
	const started = performance.now();
	await Promise.all(members.map(worker));
	const elapsed = (performance.now() - started) / 1000;
	await new Promise((r) => setTimeout(r, 500));
	for (const stop of stops) stop();
	agent.destroy();
	await db.end();

	const http_ = samples.filter((s) => s.kind !== 'move (db)');
	const ms = http_.map((s) => s.ms).sort((a, b) => a - b);
	const pct = (p: number) => ms[Math.min(ms.length - 1, Math.floor(p * ms.length))] ?? 0;
	const byKind = new Map<string, number>();
	for (const s of samples) byKind.set(s.kind, (byKind.get(s.kind) ?? 0) + 1);
	return {
		playerExists,
		members: members.length,
		requests: http_.length,
		errors: http_.filter((s) => !s.ok).length,
		rps: http_.length / elapsed,
		p50: pct(0.5),
		p95: pct(0.95),
		p99: pct(0.99),
		byKind: Object.fromEntries(byKind),
		streamsRefused: counts.refused,
		versionMessages: counts.messages
	};
}

if (process.argv[1]?.endsWith('sessions.ts')) {
	const args = process.argv.slice(2);
	const databaseUrl = process.env.DATABASE_URL;
	if (!databaseUrl) throw new Error('set DATABASE_URL to the database the server uses');
	const r = await sessionsBench({
		base: opt(args, 'base', 'http://localhost:3000'),
		databaseUrl,
		teams: Number(opt(args, 'teams', '25')),
		members: Number(opt(args, 'members', '10')),
		seconds: Number(opt(args, 'seconds', '20'))
	});
	const ok = r.p95 < BUDGET_P95_MS && r.errors === 0 && r.streamsRefused === 0;
	console.log(
		`${ok ? 'ok  ' : 'SLOW'} ${r.members} members, player page ${r.playerExists ? 'present' : 'absent (signed-in pages + moves in the database)'}: ` +
			`${r.rps.toFixed(0)} req/s, ${r.requests} requests, ${r.errors} errors, p50 ${r.p50.toFixed(1)} ms, p95 ${r.p95.toFixed(1)} ms (budget ${BUDGET_P95_MS}), p99 ${r.p99.toFixed(1)} ms; ` +
			`streams refused ${r.streamsRefused}, version messages ${r.versionMessages}; ${JSON.stringify(r.byKind)}`
	);
	process.exit(ok ? 0 : 1);
}
