// List performance at national scale: 2,000 cooperatives and 130,000 people on PostgreSQL.
// Usage: DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres npx tsx bench/lists.ts
// Creates (and drops at the end) a database of its own; prints timings, asserts nothing.
import { performance } from 'node:perf_hooks';
import { sql } from 'drizzle-orm';
import pg from 'pg';
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

const COOPERATIVES = 2000;
const PEOPLE = 130_000;
const FEDERATIONS = 30;
const COHORTS = 20;
const PER_COHORT = 1500;

const given = [
	'Juana',
	'María',
	'Rosa',
	'Justina',
	'Ñusta',
	'Felipa',
	'Petrona',
	'Benita',
	'Lidia',
	'Gladys',
	'Teodoro',
	'Germán',
	'Eusebio',
	'Rogelio',
	'Cirilo',
	'Hilarión',
	'Saturnino',
	'Wilfredo',
	'Nicanor',
	'Ramiro',
	'Fortunato',
	'Edwin',
	'Julián',
	'Alberto',
	'Vicente',
	'Froilán',
	'Gregorio',
	'Ana María',
	'Celia',
	'Sonia',
	'Remedios',
	'Elena',
	'Martha',
	'Domitila',
	'Asunta',
	'Sabina'
];
const surnames = [
	'Quispe',
	'Mamani',
	'Condori',
	'Choque',
	'Flores',
	'Apaza',
	'Huanca',
	'Colque',
	'Cruz',
	'Ticona',
	'Chambi',
	'Gutiérrez',
	'Ayala',
	'Vargas',
	'Nina',
	'Copa',
	'Huarachi',
	'Lima',
	'Villca',
	'Challapa',
	'Mollo',
	'Alanoca',
	'Laura',
	'Cusi',
	'Poma',
	'Aruquipa',
	'Calle',
	'Yujra',
	'Limachi',
	'Callisaya',
	'Mendoza',
	'Marca',
	'Tarqui',
	'Quisbert',
	'Chura',
	'Mollinedo',
	'Ramos',
	'Gómez',
	'Pérez',
	'Ñaupa'
];
const departments = ['LP', 'OR', 'PT', 'CB', 'CH', 'TJ', 'SC', 'BN', 'PD'];
const minerals = ['gold', 'silver', 'tin', 'zinc', 'lead', 'copper', 'tungsten', 'antimony'];

const base = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const name = `minka_bench_${process.pid}`;

async function admin(statement: string) {
	const c = new pg.Client({ connectionString: base });
	await c.connect();
	await c.query(statement);
	await c.end();
}

const arr = (xs: string[]) => sql.raw(`array[${xs.map((x) => `'${x}'`).join(',')}]`);

async function generate(db: Db) {
	await db.execute(sql`insert into federation (name, short_name, level, department)
		select 'Federación ' || i, 'FED' || i, case when i = 1 then 'national' else 'regional' end,
			(${arr(departments)})[1 + i % 9]
		from generate_series(1, ${FEDERATIONS}) i`);
	await db.execute(sql`insert into cooperative (federation_id, name, short_name, registry_number,
			minerals, department, municipality, members_women, members_men)
		select f.ids[1 + i % ${FEDERATIONS}], 'Cooperativa Minera ' || s || ' ' || i || ' Ltda.',
			s || ' ' || i, 'REC-' || lpad(i::text, 5, '0'),
			array[(${arr(minerals)})[1 + i % 8]] || case when i % 3 = 0 then array[(${arr(minerals)})[1 + (i / 3) % 8]] else '{}'::text[] end,
			(${arr(departments)})[1 + (i * 7) % 9], 'Municipio ' || (i % 300), i % 60, 40 + i % 400
		from generate_series(1, ${COOPERATIVES}) i,
			(select array_agg(id order by short_name) ids from federation) f,
			lateral (select (${arr(['Estrella', 'Poopó', 'Cerro Rico', 'Tipuani', 'Huanuni', 'Colquiri'])})[1 + i % 6] s) n`);
	await db.execute(sql`insert into person (cooperative_id, given_names, surnames, sex, birth_date,
			ci_number, ci_extension, phone, role_in_cooperative)
		select c.ids[1 + (i * 7919) % ${COOPERATIVES}],
			g[1 + (i * 7) % ${given.length}],
			s[1 + (i * 13) % ${surnames.length}] || ' ' || s[1 + (i * 31) % ${surnames.length}],
			case when i % 3 = 0 then 'F' else 'M' end,
			date '1955-01-01' + (i * 37) % 17000,
			(3000000 + i)::text, (${arr(departments)})[1 + i % 9],
			'+5917' || lpad((i % 10000000)::text, 7, '0'),
			case when i % 50 = 0 then 'Tesorero' else 'Socio' end
		from generate_series(1, ${PEOPLE}) i,
			(select array_agg(id order by registry_number) ids from cooperative) c,
			(select ${arr(given)} g, ${arr(surnames)} s) names`);
	await db.execute(sql`insert into programme (name) values ('Programa nacional')`);
	await db.execute(sql`insert into cohort (programme_id, name, starts_on, ends_on, courses)
		select p.id, 'Cohorte ' || i, date '2027-01-01' + i * 7, date '2027-06-01' + i * 7, array['think-coop']
		from generate_series(1, ${COHORTS}) i, (select id from programme limit 1) p`);
	// Each cohort takes whole cooperatives until it has about PER_COHORT members.
	await db.execute(sql`insert into enrolment (cohort_id, person_id, cooperative_id)
		select k.id, p.id, p.cooperative_id
		from (select id, row_number() over (order by name) n from cohort) k
		join (select id, cooperative_id, row_number() over (order by cooperative_id, id) r from person) p
			on (p.r - 1) / ${PER_COHORT} = k.n - 1`);
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

await admin(`create database ${name}`);
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
	else await admin(`drop database if exists ${name} with (force)`);
}
