import { and, eq, ne } from 'drizzle-orm';
import type { recordAudits } from '../audit/record-audit';
import type { Executor } from '../db/client';
import { enrolment, team } from '../db/schema';

type AuditEntries = Parameters<typeof recordAudits>[2];

/**
 * A person changed cooperative: their enrolments follow. Each enrolment names the new cooperative
 * (so the old cooperative's lead and federation's focal point stop seeing it), and an active
 * member leaves a team that belongs to another cooperative: the cohort page then counts them as
 * waiting for a team, and "Form teams" puts them in their new cooperative's team. Runs in the
 * caller's transaction, whose access check covers it; returns the audit lines for the caller to
 * record under its own author.
 */
export async function followCooperative(
	tx: Executor,
	personId: string,
	cooperativeId: string,
	options: { exceptCohortId?: string } = {}
): Promise<AuditEntries> {
	const rows = await tx
		.select({
			id: enrolment.id,
			cohortId: enrolment.cohortId,
			cooperativeId: enrolment.cooperativeId,
			status: enrolment.status,
			teamId: enrolment.teamId,
			teamName: team.name,
			teamCooperativeId: team.cooperativeId
		})
		.from(enrolment)
		.leftJoin(team, eq(team.id, enrolment.teamId))
		.where(
			and(
				eq(enrolment.personId, personId),
				options.exceptCohortId ? ne(enrolment.cohortId, options.exceptCohortId) : undefined
			)
		)
		.for('update', { of: enrolment });
	const audits: AuditEntries = [];
	for (const e of rows) {
		// A team formed for no cooperative in particular (made by hand) may keep members of any.
		const leaveTeam =
			e.status === 'active' &&
			!!e.teamId &&
			e.teamCooperativeId !== null &&
			e.teamCooperativeId !== cooperativeId;
		if (e.cooperativeId === cooperativeId && !leaveTeam) continue;
		await tx
			.update(enrolment)
			.set({ cooperativeId, ...(leaveTeam ? { teamId: null } : {}), updatedAt: new Date() })
			.where(eq(enrolment.id, e.id));
		audits.push({
			action: 'update',
			entity: 'enrolment',
			entityId: e.id,
			changes: {
				cohortId: e.cohortId,
				personId,
				cooperativeId: { from: e.cooperativeId, to: cooperativeId },
				...(leaveTeam
					? { team: { from: e.teamName, to: null }, teamId: { from: e.teamId, to: null } }
					: {})
			}
		});
	}
	return audits;
}
