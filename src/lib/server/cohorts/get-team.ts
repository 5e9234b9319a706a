import { and, asc, eq, ne, sql } from 'drizzle-orm';
import { teamSize } from '../../domain/teams';
import { can, visibility, type Actor } from '../access/guard';
import type { Executor } from '../db/client';
import { outer } from '../db/outer';
import { cohort, cooperative, enrolment, person, team, user } from '../db/schema';
import { AppError } from '../errors';
import { personScopeSql } from '../lists/scope';
import { isTeamMember } from '../sessions/run-context';

/** A team's page: its members, and the cohort's other teams a member can be moved to. */
export async function getTeam(deps: { db: Executor }, actor: Actor | null, id: string) {
	if (!actor) throw new AppError('unauthenticated');
	const { db } = deps;
	const [t] = await db
		.select({
			id: team.id,
			name: team.name,
			cohortId: team.cohortId,
			cohort: cohort.name,
			cooperativeId: team.cooperativeId,
			federationId: cooperative.federationId,
			cooperative: sql<string | null>`coalesce(${cooperative.shortName}, ${cooperative.name})`
		})
		.from(team)
		.innerJoin(cohort, eq(cohort.id, team.cohortId))
		.leftJoin(cooperative, eq(cooperative.id, team.cooperativeId))
		.where(eq(team.id, id));
	// Those who follow the cohort, or the team's cooperative, may see the team; so may its
	// members, who run its sessions from here.
	const allowed =
		!!t &&
		(can(actor, 'cohort.read', { cohortIds: [t.cohortId] }) ||
			can(actor, 'cooperative.read', {
				cooperativeId: t.cooperativeId,
				federationId: t.federationId
			}) ||
			can(actor, 'run.read', {
				cohortIds: [t.cohortId],
				cooperativeId: t.cooperativeId,
				federationId: t.federationId,
				teamMember: await isTeamMember(db, actor, id)
			}));
	if (!allowed) throw new AppError(t ? 'forbidden' : 'not_found');
	const inTeam = and(eq(enrolment.teamId, id), eq(enrolment.status, 'active'));
	// Each member is shown only to those who may read that person (their current cooperative and
	// federation): a team may hold members another reader of the team may not see.
	const members = await db
		.select({
			enrolmentId: enrolment.id,
			personId: person.id,
			name: sql<string>`${person.givenNames} || ' ' || ${person.surnames}`,
			sex: person.sex,
			cooperative: sql<string | null>`coalesce(${cooperative.shortName}, ${cooperative.name})`,
			username: user.username
		})
		.from(enrolment)
		.innerJoin(person, eq(person.id, enrolment.personId))
		.leftJoin(cooperative, eq(cooperative.id, person.cooperativeId))
		.leftJoin(user, eq(user.personId, person.id))
		.where(and(inTeam, personScopeSql(db, visibility(actor, 'person.read'))))
		.orderBy(asc(person.surnames), asc(person.givenNames));
	const [total] = await db
		.select({ n: sql<number>`count(*)::int` })
		.from(enrolment)
		.where(inTeam);
	const count = total?.n ?? 0;
	const manage = can(actor, 'enrolment.manage');
	const others = manage
		? await db
				.select({
					id: team.id,
					name: team.name,
					members: sql<number>`(select count(*)::int from ${enrolment} where ${enrolment.teamId} = ${outer(team.id)} and ${enrolment.status} = 'active')`
				})
				.from(team)
				.where(and(eq(team.cohortId, t.cohortId), ne(team.id, id)))
				.orderBy(sql`lower(${team.name})`)
		: [];
	return {
		...t,
		members,
		count,
		/** Members this reader may not see (of other cooperatives or federations). */
		hidden: count - members.length,
		size: teamSize(count),
		others,
		can: { manage, cohort: can(actor, 'cohort.read', { cohortIds: [t.cohortId] }) }
	};
}
export type TeamDetails = Awaited<ReturnType<typeof getTeam>>;
