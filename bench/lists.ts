// List performance at national scale: 2,000 cooperatives and 130,000 people on PostgreSQL.
// Usage: DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres npx tsx bench/lists.ts
// Creates (and drops at the end) a database of its own; prints timings, asserts nothing.
import { performance } from 'node:perf_hooks';
import { sql } from 'drizzle-orm';
import { parseListQuery, type ListSpec } from '../src/lib/domain/list-query';
import type { Actor } from '../src/lib/server/access/guard';
import { loadActor } from '../src/lib/server/access/load-actor';
import { createAccount } from '../src/lib/server/auth/create-account';
import { enrolmentListSpec, listEnrolments } from '../src/lib/server/cohorts/list-enrolments';
import { formTeams } from '../src/lib/server/cohorts/teams';
import { listTeams, teamListSpec } from '../src/lib/server/cohorts/list-teams';
import { openDb, type Db } from '../src/lib/server/db/client';
import { migrate } from '../src/lib/server/db/migrate';
import { allRows } from '../src/lib/server/lists/paging';
import { cooperativeListSpec, listCooperatives } from '../src/lib/server/org/list-cooperatives';
import { federationListSpec, listFederations } from '../src/lib/server/org/list-federations';
import { listPeople, peopleListSpec, preparePeople } from '../src/lib/server/org/list-people';
import { admin, generateOrg, listsSize } from './generate-org';

const { federations: FEDERATIONS, cooperatives: COOPERATIVES, people: PEOPLE } = listsSize;
const { cohorts: COHORTS, perCohort: PER_COHORT } = listsSize;

const base = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const name = `minka_bench_${process.pid}`;

async function generate(db: Db) {
	await generateOrg(db, listsSize);
	await db.execute(sql`analyze`);
}

async function actorWith(db: Db, grant: Parameters<typeof createAccount>[1]['grants']) {
	const { id } = await createAccount(
		db,
		{ name: 'Bench', username: `bench${Math.random().toString(36).slice(2, 8)}`, grants: grant },
		null
	);
	return (await loadActor(db, id))!;
}

async function time(
	label: string,
	run: () => Promise<{ total?: number; rows?: unknown[] } | number>
) {
	const runs: number[] = [];
	let out: Awaited<ReturnType<typeof run>> = 0;
	for (let i = 0; i < 5; i++) {
		const t = performance.now();
		out = await run();
		runs.push(performance.now() - t);
	}
	runs.sort((a, b) => a - b);
	const total = typeof out === 'number' ? out : (out.total ?? out.rows?.length);
	console.log(
		`${label.padEnd(58)} median ${runs[2]!.toFixed(1).padStart(7)} ms   max ${runs[4]!.toFixed(1).padStart(7)} ms   rows ${total}`
	);
}

const q = <F extends string>(spec: ListSpec<F>, params: string) =>
	parseListQuery(new URLSearchParams(params), spec);

await admin(base, `create database ${name}`);
const url = new URL(base);
url.pathname = `/${name}`;
const handle = await openDb({ url: url.toString() });
try {
	await migrate(handle);
	const { db } = handle;
	let t = performance.now();
	await generate(db);
	console.log(
		`generated ${FEDERATIONS} federations, ${COOPERATIVES} cooperatives, ${PEOPLE} people, ${COHORTS * PER_COHORT} enrolments in ${((performance.now() - t) / 1000).toFixed(1)} s`
	);
	const [coh] = (await db.execute<{ id: string }>(sql`select id from cohort order by name limit 1`))
		.rows;
	const [fed] = (
		await db.execute<{ id: string }>(sql`select id from federation where short_name = 'FED2'`)
	).rows;
	const [coop] = (
		await db.execute<{ id: string }>(
			sql`select id from cooperative order by registry_number limit 1`
		)
	).rows;
	const coordinator: Actor = await actorWith(db, [{ role: 'coordinator' }]);
	t = performance.now();
	await formTeams({ db }, coordinator, coh!.id);
	console.log(
		`formed the teams of one cohort (${PER_COHORT} members) in ${(performance.now() - t).toFixed(0)} ms`
	);
	const focal = await actorWith(db, [{ role: 'federation_focal_point', federationId: fed!.id }]);
	const facilitator = await actorWith(db, [{ role: 'facilitator', cohortId: coh!.id }]);
	const lead = await actorWith(db, [{ role: 'cooperative_lead', cooperativeId: coop!.id }]);
	const deps = { db };
	console.log('');

	await time('people: coordinator, first page', () =>
		listPeople(deps, coordinator, q(peopleListSpec, ''))
	);
	await time('people: coordinator, page 2000', () =>
		listPeople(deps, coordinator, q(peopleListSpec, 'page=2000'))
	);
	await time('people: search "quispe"', () =>
		listPeople(deps, coordinator, q(peopleListSpec, 'q=quispe'))
	);
	await time('people: search "ÑUSTA" (accents and case folded)', () =>
		listPeople(deps, coordinator, q(peopleListSpec, 'q=ÑUSTA'))
	);
	await time('people: search "mamani gutierrez"', () =>
		listPeople(deps, coordinator, q(peopleListSpec, 'q=mamani gutierrez'))
	);
	await time('people: search a cooperative name "cerro rico 1"', () =>
		listPeople(deps, coordinator, q(peopleListSpec, 'q=cerro rico 1'))
	);
	await time('people: search a CI number', () =>
		listPeople(deps, coordinator, q(peopleListSpec, 'q=3064001'))
	);
	await time('people: department=PT & sex=F, sorted by cooperative desc', () =>
		listPeople(
			deps,
			coordinator,
			q(peopleListSpec, 'department=PT&sex=F&sort=cooperative&dir=desc')
		)
	);
	await time('people: mineral=gold, sorted by birth date', () =>
		listPeople(deps, coordinator, q(peopleListSpec, 'mineral=gold&sort=birthDate'))
	);
	await time(`people: cohort filter (${PER_COHORT} enrolled)`, () =>
		listPeople(deps, coordinator, q(peopleListSpec, `cohort=${coh!.id}`))
	);
	await time('people: federation focal point, first page', () =>
		listPeople(deps, focal, q(peopleListSpec, ''))
	);
	await time('people: facilitator (one cohort), first page', () =>
		listPeople(deps, facilitator, q(peopleListSpec, ''))
	);
	await time('people: cooperative lead, first page', () =>
		listPeople(deps, lead, q(peopleListSpec, ''))
	);
	await time('cooperatives: coordinator, first page', () =>
		listCooperatives(deps, coordinator, q(cooperativeListSpec, ''))
	);
	await time('cooperatives: sorted by people registered', () =>
		listCooperatives(deps, coordinator, q(cooperativeListSpec, 'sort=people&dir=desc'))
	);
	await time('cooperatives: search "poopo" & mineral=silver', () =>
		listCooperatives(deps, coordinator, q(cooperativeListSpec, 'q=poopo&mineral=silver'))
	);
	await time('cooperatives: focal point', () =>
		listCooperatives(deps, focal, q(cooperativeListSpec, ''))
	);
	await time('federations: coordinator', () =>
		listFederations(deps, coordinator, q(federationListSpec, 'sort=cooperatives&dir=desc'))
	);
	await time('enrolments: one cohort', () =>
		listEnrolments(deps, coordinator, q(enrolmentListSpec, `cohort=${coh!.id}`))
	);
	await time('enrolments: all, sorted by cooperative', () =>
		listEnrolments(deps, coordinator, q(enrolmentListSpec, 'sort=cooperative'))
	);
	await time('teams: all', () =>
		listTeams(deps, coordinator, q(teamListSpec, 'sort=members&dir=desc'))
	);
	await time('export rows: focal point federation (all its people)', async () => {
		let n = 0;
		for await (const b of allRows(preparePeople(deps, focal, q(peopleListSpec, '')))) n += b.length;
		return n;
	});
	await time('export rows: coordinator, everyone (130,000)', async () => {
		let n = 0;
		for await (const b of allRows(preparePeople(deps, coordinator, q(peopleListSpec, ''))))
			n += b.length;
		return n;
	});
} finally {
	await handle.close();
	// KEEP=1 leaves the database for EXPLAIN sessions.
	if (process.env.KEEP) console.log(`kept database ${name}`);
	else await admin(base, `drop database if exists ${name} with (force)`);
}
