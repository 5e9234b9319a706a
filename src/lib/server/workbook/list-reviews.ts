import { and, asc, eq, inArray, sql, type SQL } from 'drizzle-orm';
import { visibility, type Actor } from '../access/guard';
import { AppError } from '../errors';
import type { Curriculum, Locale } from '../curriculum/schema';
import type { Executor } from '../db/client';
import { cohort, cooperative, planReviewEvent, planSection, team, workbook } from '../db/schema';
import { outer } from '../db/outer';

/** The most a queue lists at once: the oldest waiting first, so nothing waits for ever. */
export const QUEUE_LIMIT = 200;

export interface ReviewItem {
	teamId: string;
	team: string;
	cohort: string;
	cooperative: string;
	sectionKey: string;
	section: string;
	part: string;
	revision: number;
	/** When the team sent it (the latest submission). */
	submittedAt: Date | null;
}

/**
 * What waits for the actor's review: every submitted section of the workbooks of the teams in
 * the cohorts they review (`plan.review`: a facilitator's cohorts; a coordinator's all), oldest
 * submission first. A cooperative with two teams in a cohort is listed under each team.
 */
export async function listReviews(
	deps: { db: Executor; curriculum: Curriculum },
	actor: Actor | null,
	locale: Locale
): Promise<{ items: ReviewItem[]; more: boolean }> {
	if (!actor) throw new AppError('unauthenticated');
	// Reviewers of some cohort (facilitators) or of all (coordinators); nobody else has a queue.
	const v = visibility(actor, 'plan.review');
	if (!v.all && !v.cohortIds.length) throw new AppError('forbidden', 'plan.review denied');
	const where: SQL[] = [eq(planSection.status, 'submitted')];
	if (!v.all) where.push(v.cohortIds.length ? inArray(team.cohortId, v.cohortIds) : sql`false`);
	const submittedAt = sql<Date | null>`(select max(${planReviewEvent.at}) from ${planReviewEvent} where ${planReviewEvent.workbookId} = ${outer(planSection.workbookId)} and ${planReviewEvent.sectionKey} = ${outer(planSection.sectionKey)} and ${planReviewEvent.kind} = 'submitted')`;
	const rows = await deps.db
		.select({
			teamId: team.id,
			team: team.name,
			cohort: cohort.name,
			cooperative: sql<string>`coalesce(${cooperative.shortName}, ${cooperative.name})`,
			sectionKey: planSection.sectionKey,
			revision: planSection.revision,
			submittedAt
		})
		.from(planSection)
		.innerJoin(workbook, eq(workbook.id, planSection.workbookId))
		.innerJoin(cooperative, eq(cooperative.id, workbook.cooperativeId))
		.innerJoin(team, eq(team.cooperativeId, workbook.cooperativeId))
		.innerJoin(
			cohort,
			and(eq(cohort.id, team.cohortId), eq(cohort.programmeId, workbook.programmeId))
		)
		.where(and(...where))
		.orderBy(asc(submittedAt), asc(team.name), asc(planSection.sectionKey))
		.limit(QUEUE_LIMIT + 1);
	const items = rows.slice(0, QUEUE_LIMIT).flatMap((r) => {
		const s = deps.curriculum.section(r.sectionKey);
		if (!s) return [];
		return [
			{
				...r,
				submittedAt: r.submittedAt ? new Date(r.submittedAt) : null,
				section: s.title[locale],
				part: s.partTitle[locale]
			}
		];
	});
	return { items, more: rows.length > QUEUE_LIMIT };
}
