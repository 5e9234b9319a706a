import { asc, desc, eq, inArray, sql } from 'drizzle-orm';
import { can, visibility, type Actor } from '../access/guard';
import type { Executor } from '../db/client';
import { cohort, cooperative, federation } from '../db/schema';
import { cooperativeScopeSql } from '../lists/scope';

/** Federations an actor may pick in a filter: those it may read (none for some roles). */
export async function federationOptions(deps: { db: Executor }, actor: Actor) {
	const v = visibility(actor, 'federation.read');
	if (!v.all && !v.federationIds.length) return [];
	return deps.db
		.select({ id: federation.id, shortName: federation.shortName })
		.from(federation)
		.where(v.all ? undefined : inArray(federation.id, v.federationIds))
		.orderBy(asc(sql`lower(${federation.shortName})`));
}

/** Cohorts an actor may pick in a filter, newest first. */
export async function cohortOptions(deps: { db: Executor }, actor: Actor) {
	const v = visibility(actor, 'cohort.read');
	if (!v.all && !v.cohortIds.length) return [];
	return deps.db
		.select({ id: cohort.id, name: cohort.name })
		.from(cohort)
		.where(v.all ? undefined : inArray(cohort.id, v.cohortIds))
		.orderBy(desc(cohort.startsOn), asc(cohort.name))
		.limit(200);
}

/** The name of a cooperative set as a filter by a link, if the actor may see it. */
export async function cooperativeLabel(deps: { db: Executor }, actor: Actor, id?: string) {
	if (!id) return null;
	const v = visibility(actor, 'cooperative.read');
	const [row] = await deps.db
		.select({ name: sql<string>`coalesce(${cooperative.shortName}, ${cooperative.name})` })
		.from(cooperative)
		.where(sql`${eq(cooperative.id, id)} and ${cooperativeScopeSql(deps.db, v) ?? sql`true`}`);
	return row?.name ?? null;
}

export async function cohortLabel(deps: { db: Executor }, actor: Actor, id?: string) {
	if (!id || !can(actor, 'cohort.read', { cohortIds: [id] })) return null;
	const [row] = await deps.db.select({ name: cohort.name }).from(cohort).where(eq(cohort.id, id));
	return row?.name ?? null;
}

/** Which cohort pages an actor may open, so lists link only to those. */
export function readableCohorts(actor: Actor): { all: boolean; ids: string[] } {
	const v = visibility(actor, 'cohort.read');
	return { all: v.all, ids: v.cohortIds };
}
