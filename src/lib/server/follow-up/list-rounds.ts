import { and, asc, eq, isNotNull, sql } from 'drizzle-orm';
import {
	ACTION_PLAN_ACTIVITIES,
	defaultRoundDates,
	planItems,
	type CoopRoundProgress
} from '../../domain/follow-up';
import type { SectionData } from '../../domain/workbook-values';
import { todayInBolivia } from '../../domain/bolivia';
import { assertCan, can, type Actor } from '../access/guard';
import type { Executor } from '../db/client';
import { cohort, cooperative, planSection, team, workbook } from '../db/schema';
import { AppError } from '../errors';
import { cohortRounds, isUuid, progressOf, updatesOf } from './round-context';

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
	// One row per cooperative: its first team (by name) is where its pages are.
	const coops = await db
		.selectDistinctOn([team.cooperativeId], {
			cooperativeId: team.cooperativeId,
			teamId: team.id,
			name: sql<string>`coalesce(${cooperative.shortName}, ${cooperative.name})`,
			workbookId: workbook.id,
			data: planSection.data
		})
		.from(team)
		.innerJoin(cooperative, eq(cooperative.id, team.cooperativeId))
		.leftJoin(
			workbook,
			and(eq(workbook.cooperativeId, team.cooperativeId), eq(workbook.programmeId, c.programmeId))
		)
		.leftJoin(
			planSection,
			and(
				eq(planSection.workbookId, workbook.id),
				eq(planSection.sectionKey, ACTION_PLAN_ACTIVITIES)
			)
		)
		.where(and(eq(team.cohortId, cohortId), isNotNull(team.cooperativeId)))
		.orderBy(asc(team.cooperativeId), asc(team.name), asc(team.id));
	coops.sort((a, b) => a.name.localeCompare(b.name, 'es'));
	const rounds = await cohortRounds(db, cohortId);
	const workbookIds = coops.flatMap((k) => (k.workbookId ? [k.workbookId] : []));
	const updates = await updatesOf(
		db,
		rounds.map((r) => r.id),
		workbookIds
	);
	const items = new Map(
		coops.map((k) => [k.cooperativeId, planItems(k.data as SectionData | null)])
	);
	return {
		cohort: { id: c.id, name: c.name, endsOn: c.endsOn },
		rounds: rounds.map((r) => {
			const cooperatives = coops.map((k) => ({
				teamId: k.teamId,
				name: k.name,
				progress: progressOf(
					items.get(k.cooperativeId)!,
					updates.filter((u) => u.roundId === r.id && u.workbookId === k.workbookId),
					r,
					today
				)
			}));
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
