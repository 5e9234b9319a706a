import { and, asc, inArray, lt, sql } from 'drizzle-orm';
import { todayInBolivia } from '../../domain/bolivia';
import { visibility, type Actor } from '../access/guard';
import type { Executor } from '../db/client';
import { followUpRound } from '../db/schema';
import { listRounds } from './list-rounds';

/** Cohorts looked at for the home page's notice, oldest due date first. */
const COHORTS_MAX = 20;

export interface LateFollowUp {
	cohortId: string;
	cohortName: string;
	/** Cooperatives late, summed over the cohort's rounds past their date. */
	late: number;
}

/**
 * Where follow-up is late, for those who follow whole cohorts (coordinators, a cohort's
 * facilitator): only cohorts with a round past its due date are worked out.
 */
export async function listLateFollowUps(
	deps: { db: Executor; now?: Date },
	actor: Actor | null
): Promise<LateFollowUp[]> {
	if (!actor) return [];
	const v = visibility(actor, 'plan.read');
	if (!v.all && !v.cohortIds.length) return [];
	const today = todayInBolivia(deps.now);
	const due = await deps.db
		.select({ cohortId: followUpRound.cohortId, first: sql<string>`min(${followUpRound.dueOn})` })
		.from(followUpRound)
		.where(
			and(
				lt(followUpRound.dueOn, today),
				v.all ? undefined : inArray(followUpRound.cohortId, v.cohortIds)
			)
		)
		.groupBy(followUpRound.cohortId)
		.orderBy(asc(sql`min(${followUpRound.dueOn})`))
		.limit(COHORTS_MAX);
	const out: LateFollowUp[] = [];
	for (const d of due) {
		const list = await listRounds(deps, actor, d.cohortId);
		const late = list.rounds.reduce((n, r) => n + r.late, 0);
		if (late) out.push({ cohortId: d.cohortId, cohortName: list.cohort.name, late });
	}
	return out;
}
