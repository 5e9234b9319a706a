import { formatMoney, type SectionData } from '../../domain/workbook-values';
import { groupActivities } from '../../domain/plan/action-plan-groups';
import { tableRows } from '../../domain/plan/action-plan-checks';
import { m } from '../../paraglide/messages.js';
import type { Field, Locale } from '../curriculum/schema';
import { shownValue } from './shown-value';

export const ACTION_PLAN_HEADER_KEY = 'action-plan.header';

/** The Action Plan's activities as a person reads them: one block per objective, with its cost. */
export interface ActivitiesByObjective {
	/** Labels of the columns shown (the objective is the block, not a column). */
	columns: string[];
	groups: {
		/** "Objetivo: …" */
		title: string;
		rows: string[][];
		/** "Subtotal: Bs …" */
		subtotal: string;
	}[];
	/** "Total del plan: Bs …" */
	total: string;
}

/**
 * The activities table grouped by objective, values shown in words; rows without an objective
 * serve the plan's objective (`action-plan.header`). Null when no activity is written.
 */
export function activitiesByObjective(
	table: Field,
	data: SectionData | null | undefined,
	header: SectionData | null | undefined,
	locale: Locale,
	names: Map<string, string>
): ActivitiesByObjective | null {
	const o = { locale };
	const planObjective = typeof header?.objective === 'string' ? header.objective : '';
	const groups = groupActivities(
		tableRows(data?.[table.id]),
		planObjective,
		m.apxlsx_no_objective({}, o)
	);
	if (!groups.length) return null;
	const cols = (table.columns ?? []).filter((c) => c.id !== 'objective');
	return {
		columns: cols.map((c) => c.label[locale]),
		groups: groups.map((g) => ({
			title: m.apxlsx_group({ objective: g.objective }, o),
			rows: g.rows.map((r) => cols.map((c) => shownValue(c, r[c.id], locale, names))),
			subtotal: m.apxlsx_subtotal({ amount: formatMoney(g.subtotal, locale) }, o)
		})),
		total: m.apxlsx_total(
			{
				amount: formatMoney(
					groups.reduce((a, g) => a + g.subtotal, 0),
					locale
				)
			},
			o
		)
	};
}
