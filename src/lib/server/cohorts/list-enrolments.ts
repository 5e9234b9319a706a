import { and, asc, eq, ilike, inArray, or, sql, type SQL } from 'drizzle-orm';
import { departmentCodes, sexes } from '../../domain/bolivia';
import { isUuid, oneOf, type ListQuery, type ListSpec } from '../../domain/list-query';
import { assertCan, visibility, type Actor } from '../access/guard';
import type { Executor } from '../db/client';
import { cohort, cooperative, enrolment, federation, person, team } from '../db/schema';
import { orderDir, searchPattern, toPage, type PreparedList } from '../lists/paging';

export const enrolmentStatuses = ['active', 'withdrawn', 'completed'] as const;

export const enrolmentListSpec = {
	sorts: ['name', 'cooperative', 'cohort', 'team', 'status', 'enrolledAt'],
	defaultSort: 'name',
	filters: {
		cohort: isUuid,
		federation: isUuid,
		cooperative: isUuid,
		department: oneOf(departmentCodes),
		sex: oneOf(sexes),
		status: oneOf(enrolmentStatuses),
		team: oneOf(['none'])
	}
} satisfies ListSpec;
export type EnrolmentQuery = ListQuery<keyof typeof enrolmentListSpec.filters>;

export interface EnrolmentRow {
	id: string;
	personId: string;
	name: string;
	sex: 'F' | 'M';
	cooperativeId: string;
	cooperative: string;
	federation: string;
	cohortId: string;
	cohort: string;
	teamId: string | null;
	team: string | null;
	status: string;
	enrolledAt: Date;
}

/**
 * Enrolments the actor may see — a coordinator all; a facilitator its cohorts'; a focal point
 * those of people now in its federation; a cooperative lead those of people now in its
 * cooperative.
 */
export function prepareEnrolments(
	deps: { db: Executor },
	actor: Actor | null,
	query: EnrolmentQuery
): PreparedList<EnrolmentRow> {
	assertCan(actor, 'person.list');
	const { db } = deps;
	const v = visibility(actor, 'person.read');
	const where: Array<SQL | undefined> = [];
	if (!v.all) {
		// A row is seen through the person it shows — their current cooperative and its
		// federation — never through what the enrolment remembers.
		const parts: SQL[] = [];
		if (v.cohortIds.length) parts.push(inArray(enrolment.cohortId, v.cohortIds));
		if (v.cooperativeIds.length) parts.push(inArray(person.cooperativeId, v.cooperativeIds));
		if (v.federationIds.length)
			parts.push(
				inArray(
					person.cooperativeId,
					db
						.select({ id: cooperative.id })
						.from(cooperative)
						.where(inArray(cooperative.federationId, v.federationIds))
				)
			);
		where.push(parts.length ? or(...parts) : sql`false`);
	}
	const pattern = searchPattern(query.q);
	if (pattern) where.push(or(ilike(person.search, pattern), ilike(cooperative.search, pattern)));
	const f = query.filters;
	if (f.cohort) where.push(eq(enrolment.cohortId, f.cohort));
	if (f.federation) where.push(eq(cooperative.federationId, f.federation));
	if (f.cooperative) where.push(eq(enrolment.cooperativeId, f.cooperative));
	if (f.department) where.push(eq(cooperative.department, f.department));
	if (f.sex) where.push(eq(person.sex, f.sex as 'F' | 'M'));
	if (f.status) where.push(eq(enrolment.status, f.status as (typeof enrolmentStatuses)[number]));
	if (f.team === 'none') where.push(sql`${enrolment.teamId} is null`);
	const condition = and(...where);
	const sorts: Record<string, SQL> = {
		name: sql`${person.surnames} ${orderDir(query.dir)}, ${person.givenNames}`,
		cooperative: sql`lower(coalesce(${cooperative.shortName}, ${cooperative.name}))`,
		cohort: sql`lower(${cohort.name})`,
		team: sql`lower(${team.name})`,
		status: sql`${enrolment.status}`,
		enrolledAt: sql`${enrolment.createdAt}`
	};
	const from = () =>
		db
			.select({
				id: enrolment.id,
				personId: person.id,
				name: sql<string>`${person.givenNames} || ' ' || ${person.surnames}`,
				sex: person.sex,
				cooperativeId: enrolment.cooperativeId,
				cooperative: sql<string>`coalesce(${cooperative.shortName}, ${cooperative.name})`,
				federation: federation.shortName,
				cohortId: cohort.id,
				cohort: cohort.name,
				teamId: team.id,
				team: team.name,
				status: enrolment.status,
				enrolledAt: enrolment.createdAt
			})
			.from(enrolment)
			.innerJoin(person, eq(person.id, enrolment.personId))
			.innerJoin(cooperative, eq(cooperative.id, enrolment.cooperativeId))
			.innerJoin(federation, eq(federation.id, cooperative.federationId))
			.innerJoin(cohort, eq(cohort.id, enrolment.cohortId))
			.leftJoin(team, eq(team.id, enrolment.teamId));
	return {
		async count() {
			const [r] = await db
				.select({ n: sql<number>`count(*)::int` })
				.from(enrolment)
				.innerJoin(person, eq(person.id, enrolment.personId))
				.innerJoin(cooperative, eq(cooperative.id, enrolment.cooperativeId))
				.where(condition);
			return r?.n ?? 0;
		},
		fetch(limit, offset) {
			return from()
				.where(condition)
				.orderBy(
					sql`${sorts[query.sort] ?? sorts.name} ${orderDir(query.dir)} nulls last`,
					asc(person.surnames),
					asc(person.givenNames),
					asc(enrolment.id)
				)
				.limit(limit)
				.offset(offset);
		}
	};
}

/** One page of the list; rejects (never throws synchronously) when access is refused. */
export async function listEnrolments(
	deps: { db: Executor },
	actor: Actor | null,
	query: EnrolmentQuery
) {
	return toPage(prepareEnrolments(deps, actor, query), query.page);
}
