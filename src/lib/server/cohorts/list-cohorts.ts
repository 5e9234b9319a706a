import { and, asc, eq, ilike, inArray, sql, type SQL } from 'drizzle-orm';
import { courseSlugs } from '../../domain/cohort-input';
import { isUuid, oneOf, type ListQuery, type ListSpec } from '../../domain/list-query';
import type { Actor } from '../access/guard';
import type { Executor } from '../db/client';
import { outer } from '../db/outer';
import { cohort, enrolment, programme, team } from '../db/schema';
import { folded, orderDir, searchPattern, toPage, type PreparedList } from '../lists/paging';
import { listVisibility } from '../lists/scope';

export const cohortListSpec = {
	sorts: ['name', 'programme', 'startsOn', 'endsOn', 'capacity', 'enrolled', 'teams'],
	defaultSort: 'startsOn',
	defaultDir: 'desc',
	filters: { programme: isUuid, course: oneOf(courseSlugs) }
} satisfies ListSpec;
export type CohortQuery = ListQuery<keyof typeof cohortListSpec.filters>;

export interface CohortRow {
	id: string;
	name: string;
	programmeId: string;
	programme: string;
	startsOn: string;
	endsOn: string;
	capacity: number | null;
	courses: string[];
	enrolled: number;
	teams: number;
}

/** Cohorts: all for a coordinator, a facilitator's own. */
export function prepareCohorts(
	deps: { db: Executor },
	actor: Actor | null,
	query: CohortQuery
): PreparedList<CohortRow> {
	const v = listVisibility(actor, 'cohort.read');
	const { db } = deps;
	const where: Array<SQL | undefined> = [v.all ? undefined : inArray(cohort.id, v.cohortIds)];
	const pattern = searchPattern(query.q);
	if (pattern) where.push(ilike(folded(sql`${cohort.name} || ' ' || ${programme.name}`), pattern));
	if (query.filters.programme) where.push(eq(cohort.programmeId, query.filters.programme));
	if (query.filters.course)
		where.push(sql`${cohort.courses} @> array[${query.filters.course}]::text[]`);
	const condition = and(...where);
	const enrolled = sql<number>`(select count(*)::int from ${enrolment} where ${enrolment.cohortId} = ${outer(cohort.id)} and ${enrolment.status} = 'active')`;
	const teams = sql<number>`(select count(*)::int from ${team} where ${team.cohortId} = ${outer(cohort.id)})`;
	const sorts: Record<string, SQL> = {
		name: sql`lower(${cohort.name})`,
		programme: sql`lower(${programme.name})`,
		startsOn: sql`${cohort.startsOn}`,
		endsOn: sql`${cohort.endsOn}`,
		capacity: sql`${cohort.capacity}`,
		enrolled,
		teams
	};
	return {
		async count() {
			const [r] = await db
				.select({ n: sql<number>`count(*)::int` })
				.from(cohort)
				.innerJoin(programme, eq(programme.id, cohort.programmeId))
				.where(condition);
			return r?.n ?? 0;
		},
		fetch(limit, offset) {
			return db
				.select({
					id: cohort.id,
					name: cohort.name,
					programmeId: cohort.programmeId,
					programme: programme.name,
					startsOn: cohort.startsOn,
					endsOn: cohort.endsOn,
					capacity: cohort.capacity,
					courses: cohort.courses,
					enrolled,
					teams
				})
				.from(cohort)
				.innerJoin(programme, eq(programme.id, cohort.programmeId))
				.where(condition)
				.orderBy(
					sql`${sorts[query.sort] ?? sorts.startsOn} ${orderDir(query.dir)} nulls last`,
					asc(cohort.name),
					asc(cohort.id)
				)
				.limit(limit)
				.offset(offset);
		}
	};
}

/** One page of the list; rejects (never throws synchronously) when access is refused. */
export async function listCohorts(deps: { db: Executor }, actor: Actor | null, query: CohortQuery) {
	return toPage(prepareCohorts(deps, actor, query), query.page);
}
