import { and, asc, eq, ilike, sql, type SQL } from 'drizzle-orm';
import { cooperativeStatuses, departmentCodes, mineralCodes } from '../../domain/bolivia';
import { isUuid, oneOf, type ListQuery, type ListSpec } from '../../domain/list-query';
import type { Actor } from '../access/guard';
import type { Executor } from '../db/client';
import { outer } from '../db/outer';
import { cooperative, federation, person } from '../db/schema';
import { orderDir, searchPattern, toPage, type PreparedList } from '../lists/paging';
import { cooperativeScopeSql, listVisibility } from '../lists/scope';

export const cooperativeListSpec = {
	sorts: [
		'name',
		'registryNumber',
		'federation',
		'department',
		'municipality',
		'members',
		'people',
		'status'
	],
	defaultSort: 'name',
	filters: {
		federation: isUuid,
		department: oneOf(departmentCodes),
		mineral: oneOf(mineralCodes),
		status: oneOf(cooperativeStatuses)
	}
} satisfies ListSpec;
export type CooperativeQuery = ListQuery<keyof typeof cooperativeListSpec.filters>;

export interface CooperativeRow {
	id: string;
	name: string;
	shortName: string | null;
	registryNumber: string | null;
	federationId: string;
	federation: string;
	minerals: string[];
	department: string;
	municipality: string | null;
	membersWomen: number | null;
	membersMen: number | null;
	miningContract: string | null;
	status: string;
	/** Member records registered in Minka (not the declared membership). */
	people: number;
}

/** Cooperatives in the actor's scope, searched, filtered and sorted. */
export function prepareCooperatives(
	deps: { db: Executor },
	actor: Actor | null,
	query: CooperativeQuery
): PreparedList<CooperativeRow> {
	const v = listVisibility(actor, 'cooperative.read');
	const { db } = deps;
	const where: Array<SQL | undefined> = [cooperativeScopeSql(db, v)];
	const pattern = searchPattern(query.q);
	if (pattern) where.push(ilike(cooperative.search, pattern));
	const f = query.filters;
	if (f.federation) where.push(eq(cooperative.federationId, f.federation));
	if (f.department) where.push(eq(cooperative.department, f.department));
	if (f.mineral) where.push(sql`${cooperative.minerals} @> array[${f.mineral}]::text[]`);
	if (f.status) where.push(eq(cooperative.status, f.status as 'active' | 'inactive'));
	const condition = and(...where);
	const people = sql<number>`(select count(*)::int from ${person} where ${person.cooperativeId} = ${outer(cooperative.id)})`;
	const sorts: Record<string, SQL> = {
		name: sql`lower(coalesce(${cooperative.shortName}, ${cooperative.name}))`,
		registryNumber: sql`${cooperative.registryNumber}`,
		federation: sql`lower(${federation.shortName})`,
		department: sql`${cooperative.department}`,
		municipality: sql`lower(${cooperative.municipality})`,
		members: sql`coalesce(${cooperative.membersWomen}, 0) + coalesce(${cooperative.membersMen}, 0)`,
		people,
		status: sql`${cooperative.status}`
	};
	return {
		async count() {
			const [r] = await db
				.select({ n: sql<number>`count(*)::int` })
				.from(cooperative)
				.where(condition);
			return r?.n ?? 0;
		},
		fetch(limit, offset) {
			return db
				.select({
					id: cooperative.id,
					name: cooperative.name,
					shortName: cooperative.shortName,
					registryNumber: cooperative.registryNumber,
					federationId: cooperative.federationId,
					federation: federation.shortName,
					minerals: cooperative.minerals,
					department: cooperative.department,
					municipality: cooperative.municipality,
					membersWomen: cooperative.membersWomen,
					membersMen: cooperative.membersMen,
					miningContract: cooperative.miningContract,
					status: cooperative.status,
					people
				})
				.from(cooperative)
				.innerJoin(federation, eq(federation.id, cooperative.federationId))
				.where(condition)
				.orderBy(
					sql`${sorts[query.sort] ?? sorts.name} ${orderDir(query.dir)} nulls last`,
					asc(cooperative.name),
					asc(cooperative.id)
				)
				.limit(limit)
				.offset(offset);
		}
	};
}

/** One page of the list; rejects (never throws synchronously) when access is refused. */
export async function listCooperatives(
	deps: { db: Executor },
	actor: Actor | null,
	query: CooperativeQuery
) {
	return toPage(prepareCooperatives(deps, actor, query), query.page);
}
