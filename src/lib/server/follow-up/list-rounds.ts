import { eq, sql } from 'drizzle-orm';
import { defaultRoundDates, type CoopRoundProgress } from '../../domain/follow-up';
import { todayInBolivia } from '../../domain/bolivia';
import { assertCan, can, type Actor } from '../access/guard';
import type { Executor } from '../db/client';
import { cohort } from '../db/schema';
import { AppError } from '../errors';
import { countRoundProgress } from './count-round-progress';
import { cohortRounds, isUuid } from './round-context';

export interface CohortFollowUp {
	cohort: { id: string; name: string; endsOn: string };
	rounds: {
		id: string;
		dueOn: string;
		label: string;
		/** Cooperatives late in this round. */
		late: number;
		cooperatives: { teamId: string; name: string; progress: CoopRoundProgress }[];
	}[];
	canManage: boolean;
	defaults: { months: number; dueOn: string }[];
}

/**
 * A cohort's follow-up rounds, each with every cooperative's progress: items updated,
 * validated, queried, and whether it is late. Read under `plan.read` for the whole cohort (its
 * facilitator, coordinators); a cooperative's own people go through their team's page.
 */
export async function listRounds(
	deps: { db: Executor; now?: Date },
	actor: Actor | null,
	cohortId: string
): Promise<CohortFollowUp> {
	assertCan(actor, 'plan.read', { cohortIds: [cohortId] });
	const { db } = deps;
	if (!isUuid(cohortId)) throw new AppError('not_found');
	const [c] = await db
		.select({
			id: cohort.id,
			name: cohort.name,
			endsOn: cohort.endsOn,
			programmeId: cohort.programmeId
		})
		.from(cohort)
		.where(eq(cohort.id, cohortId));
	if (!c) throw new AppError('not_found');
	const today = todayInBolivia(deps.now);
	const rounds = await cohortRounds(db, cohortId);
	const counts = await countRoundProgress(db, sql`r.cohort_id = ${cohortId}`, today);
	return {
		cohort: { id: c.id, name: c.name, endsOn: c.endsOn },
		rounds: rounds.map((r) => {
			const cooperatives = counts
				.filter((k) => k.roundId === r.id)
				.sort((a, b) => a.name.localeCompare(b.name, 'es'))
				.map((k) => ({ teamId: k.teamId, name: k.name, progress: k.progress }));
			return {
				id: r.id,
				dueOn: r.dueOn,
				label: r.label,
				late: cooperatives.filter((k) => k.progress.state === 'late').length,
				cooperatives
			};
		}),
		canManage: can(actor, 'followup.manage', { cohortIds: [cohortId] }),
		defaults: defaultRoundDates(c.endsOn)
	};
}
