import { and, eq, inArray } from 'drizzle-orm';
import { tableRows } from '../../domain/plan/action-plan-checks';
import { hasActivities } from '../../domain/plan/action-plan-groups';
import type { SectionData } from '../../domain/workbook-values';
import type { Actor } from '../access/guard';
import type { Curriculum, Locale } from '../curriculum/schema';
import type { Executor } from '../db/client';
import { cooperative, planSection, workbook } from '../db/schema';
import { AppError } from '../errors';
import { teamMembers } from '../sessions/step-target';
import { actionPlanXlsx } from './action-plan-xlsx';
import { ACTION_PLAN_HEADER_KEY as HEADER_KEY } from './action-plan-view';
import { ACTION_PLAN_KEY } from './check-action-plan';
import { loadSectionContext } from './section-context';

const CROSS_CUTTING_KEY = 'action-plan.cross-cutting';

/**
 * The cooperative's Action Plan alone as a spreadsheet, for those who may read the plan
 * (`plan.read`). Not found while no activity is saved.
 */
export async function exportActionPlanXlsx(
	deps: { db: Executor; curriculum: Curriculum },
	actor: Actor | null,
	teamId: string,
	locale: Locale
): Promise<{ file: Buffer; cooperative: string }> {
	const ctx = await loadSectionContext(deps, actor, teamId, ACTION_PLAN_KEY, 'plan.read');
	const crossCutting = deps.curriculum.section(CROSS_CUTTING_KEY);
	if (!crossCutting) throw new AppError('not_found');
	const [saved, [coop], members] = await Promise.all([
		deps.db
			.select({ key: planSection.sectionKey, data: planSection.data })
			.from(planSection)
			.innerJoin(workbook, eq(workbook.id, planSection.workbookId))
			.where(
				and(
					eq(workbook.cooperativeId, ctx.ref.cooperativeId),
					eq(workbook.programmeId, ctx.ref.programmeId),
					inArray(planSection.sectionKey, [HEADER_KEY, ACTION_PLAN_KEY, CROSS_CUTTING_KEY])
				)
			),
		deps.db
			.select({ name: cooperative.name })
			.from(cooperative)
			.where(eq(cooperative.id, ctx.ref.cooperativeId)),
		teamMembers(deps.db, ctx.team.id)
	]);
	const data = (key: string) =>
		(saved.find((s) => s.key === key)?.data as SectionData | undefined) ?? null;
	const activities = data(ACTION_PLAN_KEY);
	if (!hasActivities(tableRows(activities?.activities)))
		throw new AppError('not_found', 'no activities yet');
	const name = coop?.name ?? '';
	return {
		file: await actionPlanXlsx(
			{
				cooperative: name,
				header: data(HEADER_KEY),
				activities,
				crossCutting: data(CROSS_CUTTING_KEY),
				names: new Map(members.map((p) => [p.id, p.name])),
				sections: { activities: ctx.section, crossCutting }
			},
			locale
		),
		cooperative: name
	};
}
