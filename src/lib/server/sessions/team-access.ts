import { eq, sql } from 'drizzle-orm';
import type { Actor, ResourceScope } from '../access/guard';
import type { Executor } from '../db/client';
import { cohort, cooperative, enrolment, team } from '../db/schema';

/** A team, where it belongs, and the scope the access rules judge it by for this actor. */
export interface TeamAccess {
	id: string;
	name: string;
	cohortId: string;
	cohortName: string;
	programmeId: string;
	courses: string[];
	cooperativeId: string | null;
	federationId: string | null;
	/** For `run.read` / `run.write`: the team's cohort, cooperative, federation and membership. */
	scope: ResourceScope;
}

/**
 * Loads a team with whether the actor is one of its active members, in one query: every use case
 * that starts, lists or reads a team's sessions judges access from this. Null for no such team.
 */
export async function loadTeamAccess(
	db: Executor,
	actor: Actor,
	teamId: string
): Promise<TeamAccess | null> {
	if (!/^[0-9a-f-]{36}$/i.test(teamId)) return null;
	const member = actor.personId
		? sql<boolean>`exists (select 1 from ${enrolment} where ${enrolment.teamId} = ${team.id} and ${enrolment.personId} = ${actor.personId} and ${enrolment.status} = 'active')`
		: sql<boolean>`false`;
	const [t] = await db
		.select({
			id: team.id,
			name: team.name,
			cohortId: team.cohortId,
			cohortName: cohort.name,
			programmeId: cohort.programmeId,
			courses: cohort.courses,
			cooperativeId: team.cooperativeId,
			federationId: cooperative.federationId,
			member
		})
		.from(team)
		.innerJoin(cohort, eq(cohort.id, team.cohortId))
		.leftJoin(cooperative, eq(cooperative.id, team.cooperativeId))
		.where(eq(team.id, teamId));
	if (!t) return null;
	const { member: isMember, ...rest } = t;
	return {
		...rest,
		scope: {
			cohortIds: [t.cohortId],
			cooperativeId: t.cooperativeId,
			federationId: t.federationId,
			teamMember: isMember === true
		}
	};
}
