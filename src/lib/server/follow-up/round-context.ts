import { and, asc, eq, inArray } from 'drizzle-orm';
import {
	ACTION_PLAN_ACTIVITIES,
	coopProgress,
	planItems,
	type PlanItem
} from '../../domain/follow-up';
import { assertCan, type Action, type Actor } from '../access/guard';
import type { Executor } from '../db/client';
import { followUpRound, followUpUpdate } from '../db/schema';
import { AppError } from '../errors';
import { loadTeamAccess, type TeamAccess } from '../sessions/team-access';
import { workbookId } from '../workbook/section-context';
import { readSection } from '../workbook/read-section';

export type RoundRow = typeof followUpRound.$inferSelect;
export type UpdateRow = typeof followUpUpdate.$inferSelect;

const ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export const isUuid = (s: string) => ID.test(s);

/**
 * A team's cooperative as followed up: the team, after checking the actor may do `action` on it
 * (a focal point of another federation, a lead of another cooperative: forbidden), and its
 * workbook's id (null while nothing of the plan was saved). A team without a cooperative has no
 * plan to follow: not found.
 */
export async function loadFollowUpTeam(
	db: Executor,
	actor: Actor | null,
	teamId: string,
	action: Action
): Promise<{ team: TeamAccess & { cooperativeId: string }; workbookId: string | null }> {
	if (!actor) throw new AppError('unauthenticated');
	const team = await loadTeamAccess(db, actor, teamId);
	if (!team) throw new AppError('not_found');
	assertCan(actor, action, team.scope);
	if (!team.cooperativeId) throw new AppError('not_found');
	const id = await workbookId(db, { ...team, cooperativeId: team.cooperativeId, sectionKey: '' });
	return { team: { ...team, cooperativeId: team.cooperativeId }, workbookId: id };
}

/** A round of the team's cohort; any other id is not found. */
export async function loadRound(db: Executor, cohortId: string, roundId: string) {
	if (!isUuid(roundId)) throw new AppError('not_found');
	const [round] = await db
		.select()
		.from(followUpRound)
		.where(and(eq(followUpRound.id, roundId), eq(followUpRound.cohortId, cohortId)));
	if (!round) throw new AppError('not_found');
	return round;
}

export async function cohortRounds(db: Executor, cohortId: string) {
	return db
		.select()
		.from(followUpRound)
		.where(eq(followUpRound.cohortId, cohortId))
		.orderBy(asc(followUpRound.dueOn));
}

/** The plan's items as they stand now. */
export async function currentItems(
	db: Executor,
	team: { cooperativeId: string; programmeId: string }
): Promise<PlanItem[]> {
	const section = await readSection(db, {
		cooperativeId: team.cooperativeId,
		programmeId: team.programmeId,
		sectionKey: ACTION_PLAN_ACTIVITIES
	});
	return planItems(section.data);
}

/** Every update of these workbooks in these rounds. */
export async function updatesOf(db: Executor, roundIds: string[], workbookIds: string[]) {
	if (!roundIds.length || !workbookIds.length) return [];
	return db
		.select()
		.from(followUpUpdate)
		.where(
			and(
				inArray(followUpUpdate.roundId, roundIds),
				inArray(followUpUpdate.workbookId, workbookIds)
			)
		);
}

/** A cooperative's progress in a round from its items and that round's updates. */
export function progressOf(
	items: PlanItem[],
	updates: Pick<UpdateRow, 'itemKey' | 'reviewState'>[],
	round: Pick<RoundRow, 'dueOn'>,
	today: string
) {
	return coopProgress({ itemKeys: items.map((i) => i.key), updates, dueOn: round.dueOn, today });
}
