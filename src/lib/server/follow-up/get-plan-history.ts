import { and, desc, eq } from 'drizzle-orm';
import type { Actor } from '../access/guard';
import type { Curriculum } from '../curriculum/schema';
import type { Executor } from '../db/client';
import { followUpEvent, followUpRound, followUpUpdate, planReviewEvent, user } from '../db/schema';
import { loadFollowUpTeam } from './round-context';

/** How many steps the timeline shows (newest first). */
export const HISTORY_LIMIT = 200;

export type HistoryEntry =
	| {
			kind: 'review';
			step: 'submitted' | 'changes_requested' | 'approved';
			section: string;
			actor: string | null;
			at: Date;
	  }
	| {
			kind: 'updated' | 'validated' | 'queried';
			round: string;
			roundId: string;
			activity: string;
			data: Record<string, unknown>;
			actor: string | null;
			at: Date;
	  };

/**
 * The cooperative's plan as a timeline, newest first: every review step of its sections
 * (submitted, changes asked, approved) and every follow-up step of its Action Plan (an update,
 * a validation, a query). Read under `plan.read`.
 */
export async function getPlanHistory(
	deps: { db: Executor; curriculum: Curriculum },
	actor: Actor | null,
	teamId: string,
	locale: 'es' | 'en'
): Promise<HistoryEntry[]> {
	const { db } = deps;
	const { team, workbookId } = await loadFollowUpTeam(db, actor, teamId, 'plan.read');
	if (!workbookId) return [];
	const reviews = await db
		.select({
			step: planReviewEvent.kind,
			sectionKey: planReviewEvent.sectionKey,
			actor: user.name,
			at: planReviewEvent.at
		})
		.from(planReviewEvent)
		.leftJoin(user, eq(user.id, planReviewEvent.actorId))
		.where(eq(planReviewEvent.workbookId, workbookId))
		.orderBy(desc(planReviewEvent.at))
		.limit(HISTORY_LIMIT);
	const steps = await db
		.select({
			kind: followUpEvent.kind,
			data: followUpEvent.data,
			actor: user.name,
			at: followUpEvent.at,
			round: followUpRound.label,
			roundId: followUpRound.id,
			snapshot: followUpUpdate.snapshot
		})
		.from(followUpEvent)
		.innerJoin(followUpUpdate, eq(followUpUpdate.id, followUpEvent.updateId))
		.innerJoin(followUpRound, eq(followUpRound.id, followUpUpdate.roundId))
		.leftJoin(user, eq(user.id, followUpEvent.actorId))
		.where(
			and(eq(followUpUpdate.workbookId, workbookId), eq(followUpRound.cohortId, team.cohortId))
		)
		.orderBy(desc(followUpEvent.at))
		.limit(HISTORY_LIMIT);
	const entries: HistoryEntry[] = [
		...reviews.map((r) => ({
			kind: 'review' as const,
			step: r.step,
			section: deps.curriculum.section(r.sectionKey)?.title[locale] ?? r.sectionKey,
			actor: r.actor,
			at: r.at
		})),
		...steps.map((s) => ({
			kind: s.kind,
			round: s.round,
			roundId: s.roundId,
			activity: s.snapshot.activity,
			data: s.data,
			actor: s.actor,
			at: s.at
		}))
	];
	return entries.sort((a, b) => b.at.getTime() - a.at.getTime()).slice(0, HISTORY_LIMIT);
}
