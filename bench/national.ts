// The monitoring dashboards and the xAPI feed at national scale, on PostgreSQL: 2,000
// cooperatives, 130,000 people, 600 cohorts with teams, group runs with attendance and roles,
// pre/post tests, workbooks in every status and 10 million learning events.
// Usage: DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres npx tsx bench/national.ts
//   [--events 10000000] [--repeat 20] [--keep] [--reuse]
// Creates the database minka_bench_national (dropped at the end unless --keep), generates the
// data in SQL (--reuse: a database kept by --keep), then times getIndicators for each scope and the feed's first and deep pages.
// Prints timings, asserts nothing.
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { sql } from 'drizzle-orm';
import pg from 'pg';
import type { Actor } from '../src/lib/server/access/guard';
import { loadActor } from '../src/lib/server/access/load-actor';
import { createAccount } from '../src/lib/server/auth/create-account';
import { getCurriculum } from '../src/lib/server/curriculum/get-curriculum';
import { openDb, type Db } from '../src/lib/server/db/client';
import { migrate } from '../src/lib/server/db/migrate';
import { IndicatorCache } from '../src/lib/server/reports/get-cached-indicators';
import { getDashboard } from '../src/lib/server/reports/get-dashboard';
import { getIndicators } from '../src/lib/server/reports/get-indicators';
import { outlineOf } from '../src/lib/server/sessions/team-progress';
import { listStatements } from '../src/lib/server/xapi/list-statements';
import type { ReportFilters } from '../src/lib/domain/reports/filters';
import { verbs } from '../src/lib/server/learning/record-event';
import { admin, generateOrg, type OrgSize } from './generate-org';

const { values: args } = parseArgs({
	options: {
		events: { type: 'string', default: '10000000' },
		repeat: { type: 'string', default: '20' },
		keep: { type: 'boolean', default: false },
		reuse: { type: 'boolean', default: false }
	}
});
const EVENTS = Math.max(0, Math.min(50_000_000, Number(args.events) || 0));
const REPEAT = Math.max(1, Math.min(200, Number(args.repeat) || 20));
const BATCH = 500_000;
const TEAM_SIZE = 12;

const size: OrgSize = {
	federations: 12,
	cooperatives: 2000,
	people: 130_000,
	cohorts: 600,
	perCohort: 217,
	bothCoursesEvery: 3
};

const base = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const name = 'minka_bench_national';
const curriculum = await getCurriculum();

// drizzle spreads a JS array into a list of parameters; PostgreSQL arrays are spelled out.
const textArray = (xs: readonly string[]) =>
	sql`array[${sql.join(
		xs.map((x) => sql`${x}::text`),
		sql`, `
	)}]`;
const secs = (t: number) => ((performance.now() - t) / 1000).toFixed(1);
async function step(label: string, run: () => Promise<unknown>) {
	const t = performance.now();
	await run();
	console.log(`  ${label.padEnd(44)} ${secs(t).padStart(6)} s`);
}
const count = async (db: Db, table: string) =>
	Number(
		(await db.execute<{ n: string }>(sql.raw(`select count(*)::bigint as n from ${table}`)))
			.rows[0]!.n
	);

/** Everything but the register (generate-org.ts): teams, runs, tests, workbooks, events. */
async function generate(db: Db) {
	await step('register (federations … enrolments)', () => generateOrg(db, size));
	// Teams of about TEAM_SIZE within each cohort's cooperative, as formTeams makes them.
	await step('teams', async () => {
		await db.execute(sql`insert into team (cohort_id, cooperative_id, name)
			select distinct cohort_id, cooperative_id, 'Equipo ' || (1 + (rn - 1) / ${TEAM_SIZE}::int)
			from (select cohort_id, cooperative_id,
				row_number() over (partition by cohort_id, cooperative_id order by person_id) rn
				from enrolment) e`);
		await db.execute(sql`update enrolment set team_id = t.id
			from (select id, cohort_id, cooperative_id,
				'Equipo ' || (1 + (row_number() over (partition by cohort_id, cooperative_id order by person_id) - 1) / ${TEAM_SIZE}::int) tname
				from enrolment) e
			join team t on t.cohort_id = e.cohort_id and t.cooperative_id = e.cooperative_id and t.name = e.tname
			where enrolment.id = e.id`);
		// One in twenty leaves.
		await db.execute(
			sql`update enrolment set status = 'withdrawn' where abs(hashtext(id::text)) % 20 = 0`
		);
	});
	// The sessions of each cohort's courses in order (g), and how far each cohort has gone:
	// a fifth not started, a fifth a fifth of its sessions, a fifth three fifths, two fifths all.
	const outline = curriculum.courses.flatMap((c) =>
		outlineOf(c).map((s) => ({ course: c.slug, ...s }))
	);
	await db.execute(sql`create table bench_outline (course text, module text, session text, g int)`);
	await db.execute(
		sql`insert into bench_outline values ${sql.join(
			outline.map((o, g) => sql`(${o.course}, ${o.module}, ${o.session}, ${g})`),
			sql`, `
		)}`
	);
	await db.execute(sql`create table bench_progress as
		select co.id as cohort_id, co.starts_on, o.total,
			floor(o.total * (array[0, 0.2, 0.6, 1, 1])[1 + (k.n % 5)])::int as done
		from cohort co
		join (select id, row_number() over (order by starts_on, id) n from cohort) k on k.id = co.id
		cross join lateral (select count(*)::int as total from bench_outline o
			where o.course = any(co.courses)) o`);
	await step('group runs (completed, and the next one open)', () =>
		db.execute(sql`insert into session_run (id, team_id, cohort_id, course, module, session,
				content_version, mode, stage, status, step, started_at, updated_at, completed_at)
			select gen_random_uuid(), t.id, t.cohort_id, o.course, o.module, o.session, ${curriculum.version},
				'group', case when o.g < p.done then 'done' else 'play' end,
				case when o.g < p.done then 'completed' else 'open' end, 0, x.at, x.at,
				case when o.g < p.done then x.at + interval '2 hours' end
			from team t
			join bench_progress p on p.cohort_id = t.cohort_id
			join cohort co on co.id = t.cohort_id
			join bench_outline o on o.course = any(co.courses) and o.g <= p.done
			cross join lateral (select (p.starts_on + o.g * 7 + abs(hashtext(t.id::text)) % 5)::timestamptz
				+ interval '15 hours' as at) x
			where (p.done > 0 or o.g < 0) and not (o.g = p.done and p.done = p.total)`)
	);
	await step('attendance (9 in 10 present), roles', async () => {
		await db.execute(sql`insert into run_attendance (run_id, person_id, recorded_at)
			select sr.id, e.person_id, sr.started_at
			from session_run sr
			join enrolment e on e.team_id = sr.team_id and e.status <> 'withdrawn'
			where sr.mode = 'group' and abs(hashtext(sr.id::text || e.person_id::text)) % 10 <> 0`);
		await db.execute(sql`insert into run_role (run_id, role, step, person_id, assigned_at)
			select run_id, (array['timekeeper', 'notetaker', 'reader'])[k], case when k = 3 then 0 else -1 end,
				person_id, recorded_at
			from (select ra.*, row_number() over (partition by ra.run_id
					order by hashtext(ra.person_id::text || ra.run_id::text)) k
				from run_attendance ra) x
			where k <= 3`);
	});
	await step('catch-up runs (a third of those absent)', () =>
		db.execute(sql`insert into session_run (id, team_id, cohort_id, course, module, session,
				content_version, mode, person_id, stage, status, started_at, updated_at, completed_at)
			select gen_random_uuid(), sr.team_id, sr.cohort_id, sr.course, sr.module, sr.session,
				sr.content_version, 'catch_up', e.person_id, 'done', 'completed',
				sr.started_at + interval '2 days', sr.started_at + interval '2 days', sr.started_at + interval '2 days'
			from session_run sr
			join enrolment e on e.team_id = sr.team_id and e.status <> 'withdrawn'
			where sr.mode = 'group' and sr.status = 'completed'
				and abs(hashtext(sr.id::text || e.person_id::text)) % 10 = 0
				and abs(hashtext(e.person_id::text || sr.id::text)) % 3 = 0`)
	);
	await step('pre-tests and post-tests', () =>
		db.execute(sql`insert into test_attempt (id, person_id, cohort_id, course, kind, content_version,
				score, max_score, started_at, submitted_at)
			select gen_random_uuid(), e.person_id, e.cohort_id, c.course, k.kind, ${curriculum.version},
				case when k.kind = 'pre' then abs(hashtext(e.id::text)) % 14 else 6 + abs(hashtext(e.id::text)) % 15 end,
				20, x.at, case when abs(hashtext(e.id::text || k.kind)) % 25 <> 0 then x.at + interval '20 minutes' end
			from enrolment e
			join bench_progress p on p.cohort_id = e.cohort_id
			join cohort co on co.id = e.cohort_id
			cross join lateral unnest(co.courses) c(course)
			cross join (values ('pre'), ('post')) k(kind)
			cross join lateral (select (p.starts_on + case when k.kind = 'pre' then 0 else p.total * 7 end)::timestamptz
				+ interval '14 hours' as at) x
			where e.status <> 'withdrawn' and p.done > 0
				and (k.kind = 'pre' or p.done = p.total)`)
	);
	// Every cooperative's workbook: a share of its sections, each in one of the four statuses.
	const sections = curriculum.workbook.parts.flatMap((p) => p.sections.map((s) => s.key));
	await step('workbooks and plan sections', async () => {
		await db.execute(sql`insert into workbook (cooperative_id, programme_id)
			select c.id, p.id from cooperative c, programme p`);
		await db.execute(sql`insert into plan_section (workbook_id, section_key, data, revision, status, source)
			select w.id, s.key,
				case s.key
					when 'feasibility.decision' then jsonb_build_object(
						'marketVerdict', (array['feasible', 'doubtful', 'not-feasible'])[1 + h % 3],
						'operationsVerdict', (array['feasible', 'doubtful'])[1 + h % 2],
						'organisationVerdict', 'feasible',
						'financesVerdict', (array['feasible', 'doubtful', 'not-feasible'])[1 + (h / 3) % 3],
						'socialVerdict', 'feasible',
						'finalDecision', (array['go', 'revise'])[1 + h % 2])
					when 'organisation.governance' then jsonb_build_object('officers', coalesce((
						select jsonb_agg(jsonb_build_object('body', 'administration-council', 'person', p.id, 'position', 'vocal'))
						from (select id from person where cooperative_id = w.cooperative_id order by id limit 5) p), '[]'::jsonb))
					else '{}'::jsonb end,
				1 + h % 4, (array['draft', 'submitted', 'changes_requested', 'approved'])[1 + (h / 7) % 4], 'workbook'
			from workbook w
			cross join lateral unnest(${textArray(sections)}) with ordinality s(key, i)
			cross join lateral (select abs(hashtext(w.id::text || s.key)) h) hh
			where s.i <= 1 + abs(hashtext(w.id::text)) % ${sections.length + 1}`);
	});
	// The learning events, in batches so no statement runs for minutes: someone enrolled acts
	// (session, step, test), stored every few seconds over about two years, with the context
	// the app writes (team, cohort, cooperative, run).
	await db.execute(sql`create table bench_actor as
		select row_number() over (order by e.id)::int as n, e.person_id, e.team_id, e.cohort_id, e.cooperative_id
		from enrolment e where e.team_id is not null`);
	await db.execute(sql`create unique index on bench_actor (n)`);
	const actors = await count(db, 'bench_actor');
	const verbList = Object.values(verbs);
	const span = 2 * 365 * 24 * 3600; // seconds of history
	const t = performance.now();
	for (let lo = 1; lo <= EVENTS; lo += BATCH) {
		const hi = Math.min(EVENTS, lo + BATCH - 1);
		await db.execute(sql`insert into learning_event (id, person_id, verb, object_type, object_id,
				result, context, occurred_at, stored_at)
			select ('00000000-0000-4000-8000-' || lpad(to_hex(i), 12, '0'))::uuid, a.person_id,
				(${textArray(verbList)})[1 + i % ${verbList.length}],
				case when i % 9 = 3 then 'assessment' else 'session' end,
				'urn:minka:content:' || ${curriculum.version} || ':' || o.course || '/' || o.module || '/' || o.session,
				case when i % 9 = 4 then jsonb_build_object('score', jsonb_build_object('raw', i % 20, 'max', 20)) end,
				jsonb_build_object('team', a.team_id, 'cohort', a.cohort_id, 'cooperative', a.cooperative_id,
					'run', md5(a.team_id::text || o.g)::uuid, 'mode', 'group'),
				x.at, x.at
			from generate_series(${lo}::int, ${hi}::int) s(i)
			join bench_actor a on a.n = 1 + (i::bigint * 7919) % ${actors}
			join bench_outline o on o.g = i % ${outline.length}
			cross join lateral (select timestamptz '2027-01-01 08:00:00+00'
				+ make_interval(secs => (i::float8 * ${span} / ${Math.max(EVENTS, 1)})) as at) x`);
		if ((hi / BATCH) % 4 === 0 || hi === EVENTS)
			console.log(`  learning events ${hi.toLocaleString('en')} (${secs(t)} s)`);
	}
	await step('vacuum analyze', () => db.execute(sql`vacuum analyze`));
}

async function exists() {
	const c = new pg.Client({ connectionString: base });
	await c.connect();
	const r = await c.query('select 1 from pg_database where datname = $1', [name]);
	await c.end();
	return r.rowCount === 1;
}

async function actorWith(db: Db, grants: Parameters<typeof createAccount>[1]['grants']) {
	const { id } = await createAccount(
		db,
		{ name: 'Bench', username: `bench${Math.random().toString(36).slice(2, 8)}`, grants },
		null
	);
	return (await loadActor(db, id))!;
}

async function time(label: string, run: () => Promise<unknown>, repeat = REPEAT) {
	const runs: number[] = [];
	try {
		await run(); // warm: plans and pages in the cache, as on a dashboard opened twice
		for (let i = 0; i < repeat; i++) {
			const t = performance.now();
			await run();
			runs.push(performance.now() - t);
		}
	} catch (e) {
		// e.g. a statement_timeout given in DATABASE_URL (?options=-c%20statement_timeout%3D60000)
		console.log(`${label.padEnd(52)} failed: ${(e as Error).cause ?? (e as Error).message}`);
		return;
	}
	runs.sort((a, b) => a - b);
	const at = (p: number) => runs[Math.min(runs.length - 1, Math.ceil(p * runs.length) - 1)]!;
	console.log(
		`${label.padEnd(52)} p50 ${at(0.5).toFixed(0).padStart(6)} ms   p95 ${at(0.95).toFixed(0).padStart(6)} ms   (n=${repeat})`
	);
}

// --reuse: time a database kept by an earlier --keep run instead of generating it again.
const reuse = args.reuse && (await exists());
if (!reuse) {
	await admin(base, `drop database if exists ${name} with (force)`);
	await admin(base, `create database ${name}`);
}
const url = new URL(base);
url.pathname = `/${name}`;
const handle = await openDb({ url: url.toString() });
try {
	await migrate(handle);
	const { db } = handle;
	const t = performance.now();
	if (!reuse) {
		console.log('generating');
		await generate(db);
		console.log(`generated in ${secs(t)} s`);
	}
	for (const table of [
		'federation',
		'cooperative',
		'person',
		'cohort',
		'team',
		'enrolment',
		'session_run',
		'run_attendance',
		'run_role',
		'test_attempt',
		'workbook',
		'plan_section',
		'learning_event'
	])
		console.log(
			`  ${table.padEnd(16)} ${(await count(db, table)).toLocaleString('en').padStart(12)}`
		);
	const dbSize = (
		await db.execute<{ s: string }>(
			sql`select pg_size_pretty(pg_database_size(current_database())) s`
		)
	).rows[0]!.s;
	console.log(`  database size    ${dbSize}`);
	console.log('');

	// The scopes: a cohort far along (all sessions done), the federation and cooperative with most
	// people.
	const one = async (q: ReturnType<typeof sql>) =>
		(await db.execute<{ id: string }>(q)).rows[0]!.id;
	const cohortId = await one(sql`select p.cohort_id as id from bench_progress p
		join cohort c on c.id = p.cohort_id
		where p.done = p.total and c.courses @> array['start-coop'] order by c.starts_on limit 1`);
	const federationId = await one(sql`select c.federation_id as id from person p
		join cooperative c on c.id = p.cooperative_id group by 1 order by count(*) desc limit 1`);
	const cooperativeId = await one(sql`select cooperative_id as id from enrolment
		group by 1 order by count(*) desc limit 1`);
	const programmeId = await one(sql`select id from programme limit 1`);
	const coordinator: Actor = await actorWith(db, [{ role: 'coordinator' }]);
	const facilitator = await actorWith(db, [{ role: 'facilitator', cohortId }]);
	const focal = await actorWith(db, [{ role: 'federation_focal_point', federationId }]);
	const lead = await actorWith(db, [{ role: 'cooperative_lead', cooperativeId }]);
	const now = new Date(
		(
			await db.execute<{ at: string }>(
				sql`select (max(recorded_at) + interval '3 days')::text as at from run_attendance`
			)
		).rows[0]!.at
	);
	const deps = { db, curriculum };
	const noFilter: ReportFilters = {};
	const byProgramme: ReportFilters = { programmeId };

	await getIndicators(deps, coordinator, noFilter, { now }).then(
		(x) =>
			console.log(
				`country: ${x.enrolled.total} enrolled, ${x.completed.total} completed, ${x.teams.length}+${x.teamsMore} teams, ${x.workbooks.count} workbooks`
			),
		(e) => console.log(`country: failed: ${(e as Error).cause ?? (e as Error).message}`)
	);
	await time('dashboard: country (coordinator)', () =>
		getIndicators(deps, coordinator, noFilter, { now })
	);
	await time('dashboard: programme filter (coordinator)', () =>
		getIndicators(deps, coordinator, byProgramme, { now })
	);
	await time('dashboard: one cohort (facilitator)', () =>
		getIndicators(deps, facilitator, noFilter, { now })
	);
	await time('dashboard: one federation (focal point)', () =>
		getIndicators(deps, focal, noFilter, { now })
	);
	await time('dashboard: one cooperative (lead)', () =>
		getIndicators(deps, lead, noFilter, { now })
	);

	// The dashboard as the page serves it (getDashboard with the figures cache): a request every
	// 30 s for 20 minutes of the clock. The first counts; a wide scope's figures are then kept, and
	// recounted in the background once 5 minutes old, while the requests go on.
	async function served(label: string, actor: Actor, filters: ReportFilters) {
		const cache = new IndicatorCache();
		const runs: number[] = [];
		let clock = now.getTime();
		for (let i = 0; i < 40; i++) {
			const t = performance.now();
			await getDashboard({ ...deps, cache }, actor, filters, 'es', { now: new Date(clock) });
			runs.push(performance.now() - t);
			clock += 30_000;
		}
		const first = runs[0]!;
		runs.sort((a, b) => a - b);
		const at = (p: number) => runs[Math.min(runs.length - 1, Math.ceil(p * runs.length) - 1)]!;
		console.log(
			`${label.padEnd(52)} first ${first.toFixed(0).padStart(6)} ms   p50 ${at(0.5).toFixed(0).padStart(6)} ms   p95 ${at(0.95).toFixed(0).padStart(6)} ms   (n=40)`
		);
	}
	await served('page: country (coordinator)', coordinator, noFilter);
	await served('page: programme filter (coordinator)', coordinator, byProgramme);
	await served('page: one federation (focal point)', focal, noFilter);
	await served('page: one cohort (facilitator)', facilitator, noFilter);

	if (EVENTS > 0) {
		const homePage = 'http://localhost';
		const all = { keyId: '00000000-0000-4000-8000-000000000000', scope: { kind: 'all' as const } };
		const fed = {
			keyId: '00000000-0000-4000-8000-000000000001',
			scope: { kind: 'federation' as const, federationId }
		};
		// A deep page: continue from the middle of the history, as the 50,000th `more` would.
		const deep = async (key: typeof all | typeof fed) => {
			const first = (await listStatements({ db }, key, '', { homePage })) as { more: string };
			const mid = (
				await db.execute<{
					stored: string;
					id: string;
				}>(sql`select to_char(stored_at at time zone 'UTC',
					'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') as stored, id::text as id from learning_event
					where stored_at <= (select min(stored_at) + (max(stored_at) - min(stored_at)) / 2 from learning_event)
					order by stored_at desc, id desc limit 1`)
			).rows[0]!;
			const cursor = Buffer.from(`${mid.stored}|${mid.id}`).toString('base64url');
			return new URL(first.more, homePage).search.replace(/cursor=[^&]+/, `cursor=${cursor}`);
		};
		const deepAll = await deep(all);
		const deepFed = await deep(fed);
		await time('xapi: first page, key "all"', () => listStatements({ db }, all, '', { homePage }));
		await time('xapi: deep page (mid-history), key "all"', () =>
			listStatements({ db }, all, deepAll, { homePage })
		);
		await time('xapi: first page, federation key', () =>
			listStatements({ db }, fed, '', { homePage })
		);
		await time('xapi: deep page (mid-history), federation key', () =>
			listStatements({ db }, fed, deepFed, { homePage })
		);
	}
} finally {
	await handle.close();
	if (args.keep) console.log(`kept database ${name}`);
	else await admin(base, `drop database if exists ${name} with (force)`);
}
