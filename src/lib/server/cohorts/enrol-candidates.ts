import { and, asc, eq, ilike, inArray, sql } from 'drizzle-orm';
import { assertCan, type Actor } from '../access/guard';
import type { Executor } from '../db/client';
import { outer } from '../db/outer';
import { cooperative, enrolment, federation, person } from '../db/schema';
import { searchPattern } from '../lists/paging';

/** Cooperatives matching a search, with how many of their members are already in the cohort. */
export async function cooperativeCandidates(
	deps: { db: Executor },
	actor: Actor | null,
	cohortId: string,
	q: string
) {
	assertCan(actor, 'enrolment.manage');
	const pattern = searchPattern(q);
	if (!pattern) return [];
	return deps.db
		.select({
			id: cooperative.id,
			name: sql<string>`coalesce(${cooperative.shortName}, ${cooperative.name})`,
			federation: federation.shortName,
			people: sql<number>`(select count(*)::int from ${person} where ${person.cooperativeId} = ${outer(cooperative.id)})`,
			enrolled: sql<number>`(select count(*)::int from ${enrolment} where ${enrolment.cooperativeId} = ${outer(cooperative.id)} and ${enrolment.cohortId} = ${cohortId} and ${enrolment.status} = 'active')`
		})
		.from(cooperative)
		.innerJoin(federation, eq(federation.id, cooperative.federationId))
		.where(ilike(cooperative.search, pattern))
		.orderBy(asc(sql`lower(coalesce(${cooperative.shortName}, ${cooperative.name}))`))
		.limit(10);
}

/** Which of these people are actively enrolled in the cohort. */
export async function enrolledAmong(
	deps: { db: Executor },
	actor: Actor | null,
	cohortId: string,
	personIds: string[]
): Promise<Set<string>> {
	assertCan(actor, 'enrolment.manage');
	if (!personIds.length) return new Set();
	const rows = await deps.db
		.select({ personId: enrolment.personId })
		.from(enrolment)
		.where(
			and(
				eq(enrolment.cohortId, cohortId),
				eq(enrolment.status, 'active'),
				inArray(enrolment.personId, personIds)
			)
		);
	return new Set(rows.map((r) => r.personId));
}
