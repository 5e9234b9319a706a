import { and, eq, sql } from 'drizzle-orm';
import { assertCan, can, type Actor } from '../access/guard';
import { hasPasswordSql } from '../auth/account-status';
import type { Executor } from '../db/client';
import { cohort, cooperative, enrolment, federation, person, user } from '../db/schema';
import { AppError } from '../errors';

/** A cooperative's page: its data, its members in Minka, and the cohorts they are enrolled in. */
export async function getCooperative(deps: { db: Executor }, actor: Actor | null, id: string) {
	const { db } = deps;
	const [row] = await db
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
			status: cooperative.status
		})
		.from(cooperative)
		.innerJoin(federation, eq(federation.id, cooperative.federationId))
		.where(eq(cooperative.id, id));
	// Check access before saying whether it exists: an unknown id and a forbidden one look alike.
	const cohorts = row
		? await db
				.select({
					id: cohort.id,
					name: cohort.name,
					enrolled: sql<number>`count(*)::int`
				})
				.from(enrolment)
				.innerJoin(cohort, eq(cohort.id, enrolment.cohortId))
				.where(and(eq(enrolment.cooperativeId, id), eq(enrolment.status, 'active')))
				.groupBy(cohort.id, cohort.name)
				.orderBy(cohort.name)
		: [];
	assertCan(actor, 'cooperative.read', {
		cooperativeId: id,
		federationId: row?.federationId ?? null,
		cohortIds: cohorts.map((c) => c.id)
	});
	if (!row) throw new AppError('not_found');
	const [counts] = await db
		.select({
			people: sql<number>`count(*)::int`,
			women: sql<number>`(count(*) filter (where ${person.sex} = 'F'))::int`,
			// Accounts someone has come into; invitations not used yet are counted apart.
			withAccount: sql<number>`(count(*) filter (where ${user.id} is not null and ${hasPasswordSql}))::int`,
			invited: sql<number>`(count(*) filter (where ${user.id} is not null and not ${hasPasswordSql}))::int`
		})
		.from(person)
		.leftJoin(user, eq(user.personId, person.id))
		.where(eq(person.cooperativeId, id));
	const scope = { cooperativeId: id, federationId: row.federationId };
	return {
		...row,
		people: counts?.people ?? 0,
		peopleWomen: counts?.women ?? 0,
		withAccount: counts?.withAccount ?? 0,
		invited: counts?.invited ?? 0,
		cohorts,
		canEdit: can(actor, 'org.manage'),
		canInvite: can(actor, 'person.invite', scope),
		canSeeHistory: can(actor, 'audit.read')
	};
}
