import { todayInBolivia } from '../../domain/bolivia';
import { sameItem, type CoopRoundProgress, type PlanItem } from '../../domain/follow-up';
import { can, type Actor } from '../access/guard';
import type { FollowUpSnapshot } from '../db/schema';
import type { Executor } from '../db/client';
import {
	cohortRounds,
	currentItems,
	loadFollowUpTeam,
	loadRound,
	progressOf,
	updatesOf,
	type UpdateRow
} from './round-context';

export interface RoundItem extends PlanItem {
	update: UpdateRow | null;
	/** The update was written about another activity text at this place (the plan changed). */
	changedFrom: FollowUpSnapshot | null;
}

export interface TeamRound {
	team: { id: string; name: string; cohortId: string };
	round: { id: string; dueOn: string; label: string };
	items: RoundItem[];
	progress: CoopRoundProgress;
	can: { write: boolean; review: boolean };
}

/**
 * One round for one cooperative (through its team): every item of its Action Plan with its
 * update, for the lead to write and the facilitator to review. Read under `plan.read`.
 */
export async function getRound(
	deps: { db: Executor; now?: Date },
	actor: Actor | null,
	teamId: string,
	roundId: string
): Promise<TeamRound> {
	const { db } = deps;
	const { team, workbookId } = await loadFollowUpTeam(db, actor, teamId, 'plan.read');
	const round = await loadRound(db, team.cohortId, roundId);
	const items = await currentItems(db, team);
	const updates = workbookId ? await updatesOf(db, [round.id], [workbookId]) : [];
	const byKey = new Map(updates.map((u) => [u.itemKey, u]));
	return {
		team: { id: team.id, name: team.name, cohortId: team.cohortId },
		round: { id: round.id, dueOn: round.dueOn, label: round.label },
		items: items.map((item) => {
			const update = byKey.get(item.key) ?? null;
			return {
				...item,
				update,
				changedFrom: update && !sameItem(item, update.snapshot) ? update.snapshot : null
			};
		}),
		progress: progressOf(items, updates, round, todayInBolivia(deps.now)),
		can: {
			write: can(actor, 'followup.write', team.scope),
			review: can(actor, 'followup.review', team.scope)
		}
	};
}

/** The rounds of the team's cohort with the cooperative's progress in each. */
export async function listTeamRounds(
	deps: { db: Executor; now?: Date },
	actor: Actor | null,
	teamId: string
) {
	const { db } = deps;
	const { team, workbookId } = await loadFollowUpTeam(db, actor, teamId, 'plan.read');
	const rounds = await cohortRounds(db, team.cohortId);
	const items = await currentItems(db, team);
	const updates = workbookId
		? await updatesOf(
				db,
				rounds.map((r) => r.id),
				[workbookId]
			)
		: [];
	const today = todayInBolivia(deps.now);
	return {
		team: { id: team.id, name: team.name, cohortId: team.cohortId, cohortName: team.cohortName },
		items: items.length,
		rounds: rounds.map((r) => ({
			id: r.id,
			dueOn: r.dueOn,
			label: r.label,
			progress: progressOf(
				items,
				updates.filter((u) => u.roundId === r.id),
				r,
				today
			)
		}))
	};
}
