import { and, asc, eq, sql } from 'drizzle-orm';
import { teamSize } from '../../domain/teams';
import { assertCan, can, type Actor } from '../access/guard';
import { hasPasswordSql } from '../auth/account-status';
import type { Executor } from '../db/client';
import { outer } from '../db/outer';
import {
	cohort,
	cooperative,
	enrolment,
	person,
	programme,
	roleAssignment,
	team,
	user
} from '../db/schema';
import { AppError } from '../errors';

/**
 * A cohort's page: its data, facilitators, enrolled members by cooperative, and its teams with
 * their sizes (teams outside 3–25 are flagged).
 */
export async function getCohort(deps: { db: Executor }, actor: Actor | null, id: string) {
	assertCan(actor, 'cohort.read', { cohortIds: [id] });
	const { db } = deps;
	const [row] = await db
		.select({ c: cohort, programme: programme.name })
		.from(cohort)
		.innerJoin(programme, eq(programme.id, cohort.programmeId))
		.where(eq(cohort.id, id));
	if (!row) throw new AppError('not_found');
	const facilitators = await db
		.select({ userId: user.id, name: user.name, username: user.username })
		.from(roleAssignment)
		.innerJoin(user, eq(user.id, roleAssignment.userId))
		.where(and(eq(roleAssignment.cohortId, id), eq(roleAssignment.role, 'facilitator')))
		.orderBy(asc(user.name));
	const byCooperative = await db
		.select({
			id: cooperative.id,
			name: sql<string>`coalesce(${cooperative.shortName}, ${cooperative.name})`,
			enrolled: sql<number>`count(*)::int`,
			women: sql<number>`(count(*) filter (where ${person.sex} = 'F'))::int`,
			withoutTeam: sql<number>`(count(*) filter (where ${enrolment.teamId} is null))::int`,
			withoutAccount: sql<number>`(count(*) filter (where ${user.id} is null))::int`,
			// Invited but not come in yet: they still need a (new) link, not a second account.
			invited: sql<number>`(count(*) filter (where ${user.id} is not null and not ${hasPasswordSql}))::int`
		})
		.from(enrolment)
		.innerJoin(person, eq(person.id, enrolment.personId))
		.innerJoin(cooperative, eq(cooperative.id, enrolment.cooperativeId))
		.leftJoin(user, eq(user.personId, enrolment.personId))
		.where(and(eq(enrolment.cohortId, id), eq(enrolment.status, 'active')))
		.groupBy(cooperative.id, cooperative.shortName, cooperative.name)
		.orderBy(sql`lower(coalesce(${cooperative.shortName}, ${cooperative.name}))`);
	const teams = await db
		.select({
			id: team.id,
			name: team.name,
			cooperative: sql<string | null>`coalesce(${cooperative.shortName}, ${cooperative.name})`,
			members: sql<number>`(select count(*)::int from ${enrolment} where ${enrolment.teamId} = ${outer(team.id)} and ${enrolment.status} = 'active')`
		})
		.from(team)
		.leftJoin(cooperative, eq(cooperative.id, team.cooperativeId))
		.where(eq(team.cohortId, id))
		.orderBy(sql`lower(${team.name})`);
	const enrolled = byCooperative.reduce((s, c) => s + c.enrolled, 0);
	const manage = can(actor, 'enrolment.manage');
	return {
		...row.c,
		programme: row.programme,
		facilitators,
		byCooperative,
		teams: teams.map((t) => ({ ...t, size: teamSize(t.members) })),
		enrolled,
		withoutTeam: byCooperative.reduce((s, c) => s + c.withoutTeam, 0),
		withoutAccount: byCooperative.reduce((s, c) => s + c.withoutAccount, 0),
		invited: byCooperative.reduce((s, c) => s + c.invited, 0),
		can: {
			edit: can(actor, 'programme.manage'),
			enrol: manage,
			teams: manage,
			invite: can(actor, 'person.invite'),
			history: can(actor, 'audit.read'),
			import: can(actor, 'import.run'),
			certificates: can(actor, 'certificate.manage')
		}
	};
}
export type CohortDetails = Awaited<ReturnType<typeof getCohort>>;
