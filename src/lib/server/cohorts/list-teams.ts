import { and, asc, eq, ilike, inArray, or, sql, type SQL } from 'drizzle-orm';
import { teamSize, TEAM_MAX, TEAM_MIN, type TeamSize } from '../../domain/teams';
import { isUuid, oneOf, type ListQuery, type ListSpec } from '../../domain/list-query';
import { assertCan, visibility, type Actor } from '../access/guard';
import type { Executor } from '../db/client';
import { outer } from '../db/outer';
import { cohort, cooperative, enrolment, person, team } from '../db/schema';
import { folded, orderDir, searchPattern, toPage, type PreparedList } from '../lists/paging';

export const teamListSpec = {
	sorts: ['name', 'cohort', 'cooperative', 'members'],
	defaultSort: 'name',
	filters: {
		cohort: isUuid,
		federation: isUuid,
		cooperative: isUuid,
		size: oneOf(['small', 'ok', 'large'])
	}
} satisfies ListSpec;
export type TeamQuery = ListQuery<keyof typeof teamListSpec.filters>;

export interface TeamRow {
	id: string;
	name: string;
	cohortId: string;
	cohort: string;
	cooperativeId: string | null;
	cooperative: string | null;
	members: number;
	women: number;
	size: TeamSize;
}

/** Teams in the actor's scope, with their active member counts. */
export function prepareTeams(
	deps: { db: Executor },
	actor: Actor | null,
	query: TeamQuery
): PreparedList<TeamRow> {
	assertCan(actor, 'person.list');
	const { db } = deps;
	const v = visibility(actor, 'person.read');
	const where: Array<SQL | undefined> = [];
	if (!v.all) {
		const parts: SQL[] = [];
		if (v.cohortIds.length) parts.push(inArray(team.cohortId, v.cohortIds));
		if (v.cooperativeIds.length) parts.push(inArray(team.cooperativeId, v.cooperativeIds));
		if (v.federationIds.length) parts.push(inArray(cooperative.federationId, v.federationIds));
		where.push(parts.length ? or(...parts) : sql`false`);
	}
	const members = sql<number>`(select count(*)::int from ${enrolment} where ${enrolment.teamId} = ${outer(team.id)} and ${enrolment.status} = 'active')`;
	const women = sql<number>`(select count(*)::int from ${enrolment} where ${enrolment.teamId} = ${outer(team.id)} and ${enrolment.status} = 'active' and ${enrolment.personId} in (select ${person.id} from ${person} where ${person.sex} = 'F'))`;
	const pattern = searchPattern(query.q);
	if (pattern)
		where.push(
			ilike(folded(sql`${team.name} || ' ' || coalesce(${cooperative.name}, '')`), pattern)
		);
	const f = query.filters;
	if (f.cohort) where.push(eq(team.cohortId, f.cohort));
	if (f.federation) where.push(eq(cooperative.federationId, f.federation));
	if (f.cooperative) where.push(eq(team.cooperativeId, f.cooperative));
	if (f.size === 'small') where.push(sql`${members} < ${TEAM_MIN}`);
	if (f.size === 'large') where.push(sql`${members} > ${TEAM_MAX}`);
	if (f.size === 'ok') where.push(sql`${members} between ${TEAM_MIN} and ${TEAM_MAX}`);
	const condition = and(...where);
	const sorts: Record<string, SQL> = {
		name: sql`lower(${team.name})`,
		cohort: sql`lower(${cohort.name})`,
		cooperative: sql`lower(coalesce(${cooperative.shortName}, ${cooperative.name}))`,
		members
	};
	return {
		async count() {
			const [r] = await db
				.select({ n: sql<number>`count(*)::int` })
				.from(team)
				.leftJoin(cooperative, eq(cooperative.id, team.cooperativeId))
				.where(condition);
			return r?.n ?? 0;
		},
		async fetch(limit, offset) {
			const rows = await db
				.select({
					id: team.id,
					name: team.name,
					cohortId: team.cohortId,
					cohort: cohort.name,
					cooperativeId: team.cooperativeId,
					cooperative: sql<string | null>`coalesce(${cooperative.shortName}, ${cooperative.name})`,
					members,
					women
				})
				.from(team)
				.innerJoin(cohort, eq(cohort.id, team.cohortId))
				.leftJoin(cooperative, eq(cooperative.id, team.cooperativeId))
				.where(condition)
				.orderBy(
					sql`${sorts[query.sort] ?? sorts.name} ${orderDir(query.dir)} nulls last`,
					asc(team.name),
					asc(team.id)
				)
				.limit(limit)
				.offset(offset);
			return rows.map((r) => ({ ...r, size: teamSize(r.members) }));
		}
	};
}

/** One page of the list; rejects (never throws synchronously) when access is refused. */
export async function listTeams(deps: { db: Executor }, actor: Actor | null, query: TeamQuery) {
	return toPage(prepareTeams(deps, actor, query), query.page);
}
