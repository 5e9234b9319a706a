import { and, eq, exists, inArray, or, sql, type SQL } from 'drizzle-orm';
import { visibility, type Action, type Actor, type Visibility } from '../access/guard';
import { AppError } from '../errors';
import type { Executor } from '../db/client';
import { cooperative, enrolment, person } from '../db/schema';

/**
 * The SQL condition that keeps a people query inside what the actor may see. Needs `person`
 * left-joined to `cooperative`. Undefined means no restriction.
 */
export function personScopeSql(db: Executor, v: Visibility): SQL | undefined {
	if (v.all) return undefined;
	const parts: SQL[] = [];
	if (v.personIds.length) parts.push(inArray(person.id, v.personIds));
	if (v.cooperativeIds.length) parts.push(inArray(person.cooperativeId, v.cooperativeIds));
	if (v.federationIds.length) parts.push(inArray(cooperative.federationId, v.federationIds));
	if (v.cohortIds.length)
		parts.push(
			exists(
				db
					.select({ one: sql`1` })
					.from(enrolment)
					.where(and(eq(enrolment.personId, person.id), inArray(enrolment.cohortId, v.cohortIds)))
			)
		);
	return parts.length ? or(...parts) : sql`false`;
}

/** The same for a cooperatives query; a facilitator sees cooperatives with members in its cohort. */
export function cooperativeScopeSql(db: Executor, v: Visibility): SQL | undefined {
	if (v.all) return undefined;
	const parts: SQL[] = [];
	if (v.cooperativeIds.length) parts.push(inArray(cooperative.id, v.cooperativeIds));
	if (v.federationIds.length) parts.push(inArray(cooperative.federationId, v.federationIds));
	if (v.cohortIds.length)
		parts.push(
			exists(
				db
					.select({ one: sql`1` })
					.from(enrolment)
					.where(
						and(
							eq(enrolment.cooperativeId, cooperative.id),
							inArray(enrolment.cohortId, v.cohortIds)
						)
					)
			)
		);
	return parts.length ? or(...parts) : sql`false`;
}

/** Whether a visibility reaches anything at all (else the list is forbidden, not empty). */
export function seesAnything(v: Visibility): boolean {
	return (
		v.all || v.cohortIds.length > 0 || v.federationIds.length > 0 || v.cooperativeIds.length > 0
	);
}

/**
 * The visibility of a list gated by a scoped read action: unauthenticated and out-of-scope
 * actors are refused here, so an empty list always means "nothing matches", never "not allowed".
 */
export function listVisibility(actor: Actor | null, action: Action): Visibility {
	if (!actor) throw new AppError('unauthenticated');
	const v = visibility(actor, action);
	if (!seesAnything(v)) throw new AppError('forbidden', `${action} denied`);
	return v;
}
