import { sql } from 'drizzle-orm';
import { visibility, type Actor } from '../access/guard';
import type { Executor } from '../db/client';
import { AppError } from '../errors';
import { scopeSql } from './get-indicators';

/** What the dashboard's filter bar offers: only what lies in the actor's scope. */
export interface ReportOptions {
	programmes: { id: string; name: string }[];
	cohorts: { id: string; name: string; programmeId: string }[];
	federations: { id: string; shortName: string }[];
	departments: string[];
	minerals: string[];
	/** Roles in the cooperative as recorded, the most frequent first. */
	roles: string[];
}

type Row = Record<string, unknown>;
async function rows<T extends Row>(db: Executor, q: ReturnType<typeof sql>): Promise<T[]> {
	return ((await db.execute(q)) as unknown as { rows: T[] }).rows;
}

/** The filter bar's choices, grouped by the database (a few dozen rows). */
export async function listReportOptions(db: Executor, actor: Actor | null): Promise<ReportOptions> {
	if (!actor) throw new AppError('unauthenticated');
	const v = visibility(actor, 'report.view');
	const scope = scopeSql(v);
	const from = sql`from enrolment e
		join cohort co on co.id = e.cohort_id
		join cooperative c on c.id = e.cooperative_id
		join federation f on f.id = c.federation_id`;
	const [groups, minerals, roles] = await Promise.all([
		rows<{
			programme_id: string;
			programme: string;
			cohort_id: string;
			cohort: string;
			federation_id: string;
			federation: string;
			department: string;
		}>(
			db,
			sql`select co.programme_id, p.name as programme, e.cohort_id, co.name as cohort,
				c.federation_id, f.short_name as federation, c.department
			${from} join programme p on p.id = co.programme_id
			where ${scope}
			group by co.programme_id, p.name, e.cohort_id, co.name, c.federation_id, f.short_name, c.department
			limit 2000`
		),
		rows<{ mineral: string }>(
			db,
			sql`select distinct unnest(c.minerals) as mineral from cooperative c
			where c.id in (select e.cooperative_id ${from} where ${scope})`
		),
		rows<{ role: string }>(
			db,
			sql`select min(p.role_in_cooperative) as role from person p
			join enrolment e on e.person_id = p.id
			join cohort co on co.id = e.cohort_id
			join cooperative c on c.id = e.cooperative_id
			where ${scope} and p.role_in_cooperative is not null and p.role_in_cooperative <> ''
			group by lower(p.role_in_cooperative) order by count(*) desc, 1 limit 20`
		)
	]);
	const uniq = <T>(list: T[], key: (t: T) => string) => [
		...new Map(list.map((x) => [key(x), x])).values()
	];
	const byName = (a: string, b: string) => a.localeCompare(b, 'es');
	return {
		programmes: uniq(groups, (g) => g.programme_id)
			.map((g) => ({ id: g.programme_id, name: g.programme }))
			.sort((a, b) => byName(a.name, b.name)),
		cohorts: uniq(groups, (g) => g.cohort_id)
			.map((g) => ({ id: g.cohort_id, name: g.cohort, programmeId: g.programme_id }))
			.sort((a, b) => byName(a.name, b.name)),
		federations: uniq(groups, (g) => g.federation_id)
			.map((g) => ({ id: g.federation_id, shortName: g.federation }))
			.sort((a, b) => byName(a.shortName, b.shortName)),
		departments: [...new Set(groups.map((g) => g.department))].sort(),
		minerals: minerals.map((x) => x.mineral).sort(),
		roles: roles.map((r) => r.role)
	};
}
