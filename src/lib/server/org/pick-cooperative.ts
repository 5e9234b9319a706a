import { asc, eq, ilike, sql } from 'drizzle-orm';
import { assertCan, type Actor } from '../access/guard';
import type { Executor } from '../db/client';
import { cooperative, federation } from '../db/schema';
import { searchPattern } from '../lists/paging';

/**
 * Cooperatives matching a search, for choosing one in a form without sending 2,000 options to a
 * phone. Coordinators only (they register members and enrol them).
 */
export async function pickCooperatives(
	deps: { db: Executor },
	actor: Actor | null,
	q: string,
	limit = 10
) {
	assertCan(actor, 'org.manage');
	const pattern = searchPattern(q);
	if (!pattern) return [];
	return deps.db
		.select({
			id: cooperative.id,
			name: sql<string>`coalesce(${cooperative.shortName}, ${cooperative.name})`,
			federation: federation.shortName,
			municipality: cooperative.municipality
		})
		.from(cooperative)
		.innerJoin(federation, eq(federation.id, cooperative.federationId))
		.where(ilike(cooperative.search, pattern))
		.orderBy(asc(sql`lower(coalesce(${cooperative.shortName}, ${cooperative.name}))`))
		.limit(limit);
}

export async function cooperativeName(deps: { db: Executor }, id: string) {
	const [row] = await deps.db
		.select({ name: sql<string>`coalesce(${cooperative.shortName}, ${cooperative.name})` })
		.from(cooperative)
		.where(eq(cooperative.id, id));
	return row?.name ?? null;
}
