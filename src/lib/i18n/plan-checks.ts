import { m } from '$lib/paraglide/messages';
import { getLocale } from '$lib/paraglide/runtime';
import { formatMoney } from '../domain/workbook-values';
import type { CrossCuttingIssue, PlanProblem } from '../domain/plan/action-plan-checks';

const issueLabels: Record<CrossCuttingIssue, () => string> = {
	osh: m.plancheck_issue_osh,
	'social-security': m.plancheck_issue_social_security,
	'child-labour': m.plancheck_issue_child_labour,
	mercury: m.plancheck_issue_mercury,
	women: m.plancheck_issue_women
};

const num = (v: string | number | undefined) => (typeof v === 'number' ? v : Number(v ?? 0));

/**
 * An Action Plan problem → the sentence shown beside its field, in the current locale.
 * `personName` turns the id of a responsible person who left into their name.
 */
export function planCheckText(
	problem: PlanProblem,
	personName: (id: string) => string | undefined = () => undefined
): string {
	const p = problem.params;
	const row = num(p.row);
	const money = (v: string | number | undefined) => formatMoney(num(v), getLocale());
	switch (problem.code) {
		case 'missing_start':
			return m.plancheck_missing_start({ row });
		case 'missing_end':
			return m.plancheck_missing_end({ row });
		case 'end_before_start':
			return m.plancheck_end_before_start({
				row,
				start: String(p.start ?? ''),
				end: String(p.end ?? '')
			});
		case 'budget_above_available':
			return m.plancheck_budget_above_available({
				total: money(p.total),
				available: money(p.available),
				over: money(p.over)
			});
		case 'responsible_left':
			return m.plancheck_responsible_left({
				row,
				name: personName(String(p.personId ?? '')) ?? m.plancheck_responsible_someone()
			});
		case 'missing_indicator':
			return m.plancheck_missing_indicator({ row });
		case 'missing_target':
			return m.plancheck_missing_target({ row });
		case 'cross_cutting_missing':
			return m.plancheck_cross_cutting_missing({
				issues: String(p.issues ?? '')
					.split(',')
					.filter((id): id is CrossCuttingIssue => id in issueLabels)
					.map((id) => issueLabels[id]())
					.join(', ')
			});
	}
}
