// The national register shared by the benchmarks: federations, cooperatives (departments,
// minerals), people (sexes, birth dates, roles), one programme, cohorts and enrolments, all made by
// PostgreSQL itself (INSERT … SELECT generate_series), so 130,000 people take seconds.
import { sql } from 'drizzle-orm';
import pg from 'pg';
import type { Db } from '../src/lib/server/db/client';

export interface OrgSize {
	federations: number;
	cooperatives: number;
	people: number;
	cohorts: number;
	/** Each cohort takes whole cooperatives until it has about this many members. */
	perCohort: number;
	/** Every n-th cohort follows Start.COOP after Think.COOP (0: none). */
	bothCoursesEvery?: number;
}

/** What `bench/lists.ts` measures: the national register, 20 cohorts of 1,500. */
export const listsSize: OrgSize = {
	federations: 30,
	cooperatives: 2000,
	people: 130_000,
	cohorts: 20,
	perCohort: 1500
};

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

const arr = (xs: string[]) => sql.raw(`array[${xs.map((x) => `'${x}'`).join(',')}]`);

/** Runs one statement on the server's maintenance database (create / drop database). */
export async function admin(base: string, statement: string) {
	const c = new pg.Client({ connectionString: base });
	await c.connect();
	await c.query(statement);
	await c.end();
}

export async function generateOrg(db: Db, size: OrgSize = listsSize) {
	const { federations: FEDERATIONS, cooperatives: COOPERATIVES, people: PEOPLE } = size;
	const { cohorts: COHORTS, perCohort: PER_COHORT } = size;
	const bothEvery = size.bothCoursesEvery ?? 0;
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
		select p.id, 'Cohorte ' || i, date '2027-01-01' + i * 7, date '2027-06-01' + i * 7, case when ${bothEvery}::int > 0 and i % greatest(${bothEvery}::int, 1) = 0
				then array['think-coop', 'start-coop'] else array['think-coop'] end
		from generate_series(1, ${COHORTS}) i, (select id from programme limit 1) p`);
	// Each cohort takes whole cooperatives until it has about PER_COHORT members.
	await db.execute(sql`insert into enrolment (cohort_id, person_id, cooperative_id)
		select k.id, p.id, p.cooperative_id
		from (select id, row_number() over (order by name) n from cohort) k
		join (select id, cooperative_id, row_number() over (order by cooperative_id, id) r from person) p
			on (p.r - 1) / ${PER_COHORT} = k.n - 1`);
}
