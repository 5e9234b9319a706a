import { and, asc, eq, ilike, inArray, sql, type SQL } from 'drizzle-orm';
import { departmentCodes, federationLevels } from '../../domain/bolivia';
import { oneOf, type ListQuery, type ListSpec } from '../../domain/list-query';
import type { Actor } from '../access/guard';
import type { Executor } from '../db/client';
import { outer } from '../db/outer';
import { cooperative, federation } from '../db/schema';
import { folded, orderDir, searchPattern, toPage, type PreparedList } from '../lists/paging';
import { listVisibility } from '../lists/scope';

export const federationListSpec = {
	sorts: ['name', 'shortName', 'level', 'department', 'cooperatives'],
	defaultSort: 'shortName',
	filters: { level: oneOf(federationLevels), department: oneOf(departmentCodes) }
} satisfies ListSpec;
export type FederationQuery = ListQuery<keyof typeof federationListSpec.filters>;

export interface FederationRow {
	id: string;
	name: string;
	shortName: string;
	level: string;
	department: string | null;
	cooperatives: number;
}

/** Federations the actor may see: all for a coordinator, its own for a focal point. */
export function prepareFederations(
	deps: { db: Executor },
	actor: Actor | null,
	query: FederationQuery
): PreparedList<FederationRow> {
	const v = listVisibility(actor, 'federation.read');
	const { db } = deps;
	const where: SQL[] = [];
	if (!v.all) where.push(inArray(federation.id, v.federationIds));
	const pattern = searchPattern(query.q);
	if (pattern)
		where.push(ilike(folded(sql`${federation.name} || ' ' || ${federation.shortName}`), pattern));
	if (query.filters.level)
		where.push(eq(federation.level, query.filters.level as (typeof federationLevels)[number]));
	if (query.filters.department) where.push(eq(federation.department, query.filters.department));
	const condition = where.length ? and(...where) : undefined;
	const coops = sql<number>`(select count(*)::int from ${cooperative} where ${cooperative.federationId} = ${outer(federation.id)})`;
	const sorts: Record<string, SQL> = {
		name: sql`lower(${federation.name})`,
		shortName: sql`lower(${federation.shortName})`,
		level: sql`${federation.level}`,
		department: sql`${federation.department}`,
		cooperatives: coops
	};
	return {
		async count() {
			const [r] = await db
				.select({ n: sql<number>`count(*)::int` })
				.from(federation)
				.where(condition);
			return r?.n ?? 0;
		},
		fetch(limit, offset) {
			return db
				.select({
					id: federation.id,
					name: federation.name,
					shortName: federation.shortName,
					level: federation.level,
					department: federation.department,
					cooperatives: coops
				})
				.from(federation)
				.where(condition)
				.orderBy(
					sql`${sorts[query.sort] ?? sorts.shortName} ${orderDir(query.dir)} nulls last`,
					asc(federation.id)
				)
				.limit(limit)
				.offset(offset);
		}
	};
}

/** One page of the list; rejects (never throws synchronously) when access is refused. */
export async function listFederations(
	deps: { db: Executor },
	actor: Actor | null,
	query: FederationQuery
) {
	return toPage(prepareFederations(deps, actor, query), query.page);
}
