import { and, eq } from 'drizzle-orm';
import { assertCan, can, type Actor } from '../access/guard';
import type { Curriculum, Locale } from '../curriculum/schema';
import type { Executor } from '../db/client';
import { planSection, user, workbook } from '../db/schema';
import { AppError } from '../errors';
import { loadTeamAccess } from '../sessions/team-access';
import type { SectionStatus } from '../../domain/plan-review';
import { tableRows } from '../../domain/plan/action-plan-checks';
import { hasActivities } from '../../domain/plan/action-plan-groups';
import { ACTION_PLAN_KEY } from './check-action-plan';
import { readSection } from './read-section';

export type { SectionStatus } from '../../domain/plan-review';

export interface WorkbookSectionRow {
	key: string;
	title: string;
	status: SectionStatus;
	revision: number;
	/** Where the last save came from: a group session or the workbook pages. */
	source: 'session' | 'workbook' | null;
	updatedBy: string | null;
	updatedAt: Date | null;
}

export interface WorkbookOverview {
	team: { id: string; name: string; cohortId: string; cohortName: string };
	parts: { id: string; title: string; sections: WorkbookSectionRow[] }[];
	/** Sections per status, over the whole workbook. */
	counts: Record<SectionStatus, number>;
	can: { write: boolean; review: boolean };
	/** The Action Plan has activities: it can be downloaded as a spreadsheet. */
	actionPlanXlsx: boolean;
}

/**
 * A team's view of its cooperative's workbook in the team's programme: every part and section of
 * content/workbook.yaml in order, each with its status and its last change. Readers are those with
 * `plan.read` on the team (its members and lead, the cohort's facilitator, the federation's focal
 * point, coordinators); a team without a cooperative has no workbook.
 */
export async function getWorkbook(
	deps: { db: Executor; curriculum: Curriculum },
	actor: Actor | null,
	teamId: string,
	locale: Locale
): Promise<WorkbookOverview> {
	if (!actor) throw new AppError('unauthenticated');
	const t = await loadTeamAccess(deps.db, actor, teamId);
	if (!t) throw new AppError('not_found');
	assertCan(actor, 'plan.read', t.scope);
	if (!t.cooperativeId) throw new AppError('not_found', 'team without cooperative');

	const rows = await deps.db
		.select({
			key: planSection.sectionKey,
			status: planSection.status,
			revision: planSection.revision,
			source: planSection.source,
			updatedBy: user.name,
			updatedAt: planSection.updatedAt
		})
		.from(planSection)
		.innerJoin(workbook, eq(workbook.id, planSection.workbookId))
		.leftJoin(user, eq(user.id, planSection.updatedBy))
		.where(
			and(eq(workbook.cooperativeId, t.cooperativeId), eq(workbook.programmeId, t.programmeId))
		);
	const saved = new Map(rows.map((r) => [r.key, r]));
	const actionPlan = saved.has(ACTION_PLAN_KEY)
		? await readSection(deps.db, {
				cooperativeId: t.cooperativeId,
				programmeId: t.programmeId,
				sectionKey: ACTION_PLAN_KEY
			})
		: null;
	const counts: Record<SectionStatus, number> = {
		empty: 0,
		draft: 0,
		submitted: 0,
		changes_requested: 0,
		approved: 0
	};
	const parts = deps.curriculum.workbook.parts.map((p) => ({
		id: p.id,
		title: p.title[locale],
		sections: p.sections.map((s): WorkbookSectionRow => {
			const r = saved.get(s.key);
			const status: SectionStatus = r ? r.status : 'empty';
			counts[status] += 1;
			return {
				key: s.key,
				title: s.title[locale],
				status,
				revision: r?.revision ?? 0,
				source: r?.source ?? null,
				updatedBy: r?.updatedBy ?? null,
				updatedAt: r?.updatedAt ?? null
			};
		})
	}));
	return {
		team: { id: t.id, name: t.name, cohortId: t.cohortId, cohortName: t.cohortName },
		parts,
		counts,
		can: { write: can(actor, 'plan.write', t.scope), review: can(actor, 'plan.review', t.scope) },
		actionPlanXlsx: hasActivities(tableRows(actionPlan?.data.activities))
	};
}
