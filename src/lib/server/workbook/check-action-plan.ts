import { and, eq, inArray } from 'drizzle-orm';
import { checkActionPlan, tableRows, type PlanProblem } from '../../domain/plan/action-plan-checks';
import {
	FINANCE_SECTION_KEY,
	financeInputFromSection,
	hasFinanceInputs
} from '../../domain/finance/from-section';
import { computeFinance } from '../../domain/finance/model';
import type { SectionData } from '../../domain/workbook-values';
import type { Executor } from '../db/client';
import { person, planSection, workbook } from '../db/schema';
import type { SectionRef } from './read-section';

export const ACTION_PLAN_KEY = 'action-plan.activities';
const CROSS_CUTTING_KEY = 'action-plan.cross-cutting';

export interface ActionPlanChecks {
	problems: PlanProblem[];
	/** Names of the responsible people named in the problems, by person id. */
	names: Record<string, string>;
}

/**
 * The Action Plan's activities checked against the rest of the plan: dates, indicators and
 * targets, responsible people who are no longer members of the cooperative, a budget above the
 * funding the financial plan raises, and cross-cutting commitments neither ticked nor explained.
 * The caller has checked that the actor may read the plan.
 */
export async function checkActionPlanSection(
	db: Executor,
	ref: Omit<SectionRef, 'sectionKey'>,
	data: SectionData | null
): Promise<ActionPlanChecks> {
	const rows = tableRows(data?.activities);
	const ids = [
		...new Set(rows.map((r) => r.responsible).filter((v): v is string => typeof v === 'string'))
	].filter((id) => /^[0-9a-f-]{36}$/i.test(id));
	const [people, others] = await Promise.all([
		ids.length
			? db
					.select({
						id: person.id,
						given: person.givenNames,
						surnames: person.surnames,
						cooperativeId: person.cooperativeId
					})
					.from(person)
					.where(inArray(person.id, ids))
			: [],
		db
			.select({ key: planSection.sectionKey, data: planSection.data })
			.from(planSection)
			.innerJoin(workbook, eq(workbook.id, planSection.workbookId))
			.where(
				and(
					eq(workbook.cooperativeId, ref.cooperativeId),
					eq(workbook.programmeId, ref.programmeId),
					inArray(planSection.sectionKey, [FINANCE_SECTION_KEY, CROSS_CUTTING_KEY])
				)
			)
	]);
	const section = (key: string) =>
		others.find((o) => o.key === key)?.data as SectionData | undefined;
	const finance = section(FINANCE_SECTION_KEY);
	// What the plan raises (contributions, loans, grants) is what its activities can spend.
	const available =
		finance && hasFinanceInputs(finance)
			? computeFinance(financeInputFromSection(finance)).totals.funding
			: null;
	const problems = checkActionPlan({
		activities: rows,
		activePersonIds: new Set(
			people.filter((p) => p.cooperativeId === ref.cooperativeId).map((p) => p.id)
		),
		availableCentavos: available && available > 0 ? available : null,
		crossCutting: section(CROSS_CUTTING_KEY) ?? null
	});
	return {
		problems,
		names: Object.fromEntries(people.map((p) => [p.id, `${p.given} ${p.surnames}`]))
	};
}
