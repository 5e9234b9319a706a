// Checks on the Action Plan that catch the mistakes a person makes while filling it in. Pure: the
// caller passes the rows, who is still in the cooperative and what the financial plan can pay;
// the answer is codes with a path to the field, turned into sentences by lib/i18n/plan-checks.ts.
import type { CellValue, FieldValue, SectionData } from '../workbook-values';

export const CROSS_CUTTING_ISSUES = [
	'osh',
	'social-security',
	'child-labour',
	'mercury',
	'women'
] as const;
export type CrossCuttingIssue = (typeof CROSS_CUTTING_ISSUES)[number];

export type PlanCheckCode =
	| 'missing_start'
	| 'missing_end'
	| 'end_before_start'
	| 'budget_above_available'
	| 'responsible_left'
	| 'missing_indicator'
	| 'missing_target'
	| 'cross_cutting_missing';

export interface PlanProblem {
	code: PlanCheckCode;
	/** Where to show it: `activities.3.endDate`, `activities.budgetTotal`, `cross-cutting.issues`. */
	path: string;
	params: Record<string, string | number>;
}

export interface ActionPlanInput {
	/** Rows of `action-plan.activities`'s `activities` table. */
	activities: readonly Record<string, CellValue>[];
	/** Ids of the people who are active members of the cooperative today. */
	activePersonIds: ReadonlySet<string>;
	/** What the financial plan can pay, in centavos; checked only when given. */
	availableCentavos?: number | null;
	/** The `action-plan.cross-cutting` section's data. */
	crossCutting?: SectionData | null;
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

const text = (v: CellValue | undefined): string =>
	typeof v === 'string' ? v.trim() : typeof v === 'number' ? String(v) : '';

const date = (v: CellValue | undefined): string | null => {
	const s = text(v);
	return ISO_DATE.test(s) ? s : null;
};

/** A row nobody has written in yet (the form shows empty rows) is not checked. */
function isBlankRow(row: Record<string, CellValue>): boolean {
	return Object.values(row).every((v) => (Array.isArray(v) ? v.length === 0 : text(v) === ''));
}

/** Table rows as stored in a section (ignores anything that is not a row of cells). */
export function tableRows(value: FieldValue | undefined): Record<string, CellValue>[] {
	return Array.isArray(value)
		? value.filter((r): r is Record<string, CellValue> => typeof r === 'object' && r !== null)
		: [];
}

export function checkActionPlan(input: ActionPlanInput): PlanProblem[] {
	const problems: PlanProblem[] = [];
	let total = 0;
	input.activities.forEach((row, i) => {
		if (isBlankRow(row)) return;
		const at = (field: string) => `activities.${i}.${field}`;
		const row1 = i + 1;
		const start = date(row.startDate);
		const end = date(row.endDate);
		if (!start)
			problems.push({ code: 'missing_start', path: at('startDate'), params: { row: row1 } });
		if (!end) problems.push({ code: 'missing_end', path: at('endDate'), params: { row: row1 } });
		// ISO dates compare as strings.
		if (start && end && end < start)
			problems.push({
				code: 'end_before_start',
				path: at('endDate'),
				params: { row: row1, start, end }
			});
		if (typeof row.budget === 'number' && Number.isFinite(row.budget)) total += row.budget;
		const responsible = text(row.responsible);
		if (responsible && !input.activePersonIds.has(responsible))
			problems.push({
				code: 'responsible_left',
				path: at('responsible'),
				params: { row: row1, personId: responsible }
			});
		if (!text(row.indicator))
			problems.push({ code: 'missing_indicator', path: at('indicator'), params: { row: row1 } });
		if (!text(row.target))
			problems.push({ code: 'missing_target', path: at('target'), params: { row: row1 } });
	});
	const available = input.availableCentavos;
	if (typeof available === 'number' && Number.isFinite(available) && total > available)
		problems.push({
			code: 'budget_above_available',
			path: 'activities.budgetTotal',
			params: { total, available, over: total - available }
		});
	const missing = missingCrossCutting(input.crossCutting ?? null);
	if (missing.length)
		problems.push({
			code: 'cross_cutting_missing',
			path: 'cross-cutting.issues',
			params: { issues: missing.join(','), count: missing.length }
		});
	return problems;
}

/**
 * Commitments neither ticked nor explained. The section has one notes field for all of them, so
 * an explanation counts for an unticked issue only when the notes are written; a group that
 * leaves an issue unticked and writes nothing has not said why it does not apply.
 */
export function missingCrossCutting(data: SectionData | null): CrossCuttingIssue[] {
	const ticked = data?.issues;
	const set = new Set(Array.isArray(ticked) ? ticked.filter((v) => typeof v === 'string') : []);
	const notes = typeof data?.notes === 'string' ? data.notes.trim() : '';
	if (notes) return [];
	return CROSS_CUTTING_ISSUES.filter((id) => !set.has(id));
}
