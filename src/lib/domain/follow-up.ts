// Following an Action Plan up after the course: the rules that need no database.
import { tableRows } from './plan/action-plan-checks';
import { parseMoney, type FieldValue, type SectionData } from './workbook-values';

export const ACTION_PLAN_ACTIVITIES = 'action-plan.activities';
export const ITEM_STATUSES = ['not_started', 'on_track', 'late', 'done'] as const;
export type ItemStatus = (typeof ITEM_STATUSES)[number];
export type ReviewState = 'pending' | 'validated' | 'queried';

/** Months after the cohort's end date offered for the rounds. */
export const DEFAULT_ROUND_MONTHS = [3, 6] as const;
export const LABEL_MAX = 100;
export const NOTE_MAX = 2000;
export const INDICATOR_MAX = 500;
/** Evidence: one photo or PDF, at most this size. */
export const EVIDENCE_MAX_BYTES = 5 * 1024 * 1024;
export const EVIDENCE_TYPES = ['image/jpeg', 'image/png', 'image/webp', 'application/pdf'] as const;
export type EvidenceType = (typeof EVIDENCE_TYPES)[number];

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** A calendar date is real ("2027-02-30" is not). */
export function isIsoDate(s: string): boolean {
	const m = ISO_DATE.exec(s);
	if (!m) return false;
	const d = new Date(Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!));
	return d.toISOString().slice(0, 10) === s;
}

/** The same day `months` later; the 31st becomes the month's last day (31 Aug + 6 → 28 Feb). */
export function addMonths(iso: string, months: number): string {
	const m = ISO_DATE.exec(iso);
	if (!m) throw new Error(`not a date: ${iso}`);
	const y = +m[1]!;
	const month = +m[2]! - 1 + months;
	const last = new Date(Date.UTC(y, month + 1, 0)).getUTCDate();
	return new Date(Date.UTC(y, month, Math.min(+m[3]!, last))).toISOString().slice(0, 10);
}

/** The rounds offered for a cohort that ends on `endsOn`. */
export function defaultRoundDates(endsOn: string): { months: number; dueOn: string }[] {
	return DEFAULT_ROUND_MONTHS.map((months) => ({ months, dueOn: addMonths(endsOn, months) }));
}

/** One activity of the plan, as followed up. */
export interface PlanItem {
	/** The row's index in the activities table (see `sameItem`). */
	key: string;
	activity: string;
	objective: string;
	indicator: string;
	target: string;
	endDate: string;
	/** Centavos, or null. */
	budget: number | null;
}

const text = (v: FieldValue | undefined) => (typeof v === 'string' ? v.trim() : '');

/** The plan's activities that have a name: those a lead can say something about. */
export function planItems(data: SectionData | null | undefined): PlanItem[] {
	const out: PlanItem[] = [];
	tableRows(data?.activities).forEach((row, i) => {
		const activity = text(row.activity);
		if (!activity) return;
		out.push({
			key: String(i),
			activity,
			objective: text(row.objective),
			indicator: text(row.indicator),
			target: text(row.target),
			endDate: text(row.endDate),
			budget: typeof row.budget === 'number' ? row.budget : null
		});
	});
	return out;
}

/**
 * Whether the item's update still speaks of the same activity: the row at that index has the
 * activity text it had when first followed up. When the plan was edited since, the page shows
 * the old text beside the new one rather than pretending the update is about the new row.
 */
export function sameItem(item: PlanItem, snapshot: { activity: string }): boolean {
	return item.activity === snapshot.activity;
}

export type CoopRoundState = 'not_started' | 'in_progress' | 'complete' | 'late';

export interface CoopRoundProgress {
	state: CoopRoundState;
	items: number;
	updated: number;
	validated: number;
	queried: number;
}

/**
 * A cooperative's progress in a round. Late: the due date has passed (the day after it, in the
 * caller's calendar) and not every item has an update.
 */
export function coopProgress(input: {
	itemKeys: string[];
	updates: { itemKey: string; reviewState: ReviewState }[];
	dueOn: string;
	today: string;
}): CoopRoundProgress {
	const keys = new Set(input.itemKeys);
	const current = input.updates.filter((u) => keys.has(u.itemKey));
	return progressFromCounts({
		items: keys.size,
		updated: new Set(current.map((u) => u.itemKey)).size,
		validated: current.filter((u) => u.reviewState === 'validated').length,
		queried: current.filter((u) => u.reviewState === 'queried').length,
		dueOn: input.dueOn,
		today: input.today
	});
}

/**
 * The same progress from counts already made (by the database, for many cooperatives at once):
 * the one place where "late" is decided.
 */
export function progressFromCounts(input: {
	items: number;
	updated: number;
	validated: number;
	queried: number;
	dueOn: string;
	today: string;
}): CoopRoundProgress {
	const { items, updated } = input;
	const complete = items > 0 && updated === items;
	const state: CoopRoundState = complete
		? 'complete'
		: input.today > input.dueOn
			? 'late'
			: updated > 0
				? 'in_progress'
				: 'not_started';
	return { state, items, updated, validated: input.validated, queried: input.queried };
}

/** What a lead types for one item, checked. */
export interface UpdateValues {
	status: ItemStatus;
	percent: number;
	indicatorValue: string | null;
	spent: number | null;
	note: string | null;
}

/** The posted update form → values, or an error code per field. */
export function parseUpdate(
	raw: Record<string, string | string[] | undefined>
): { ok: true; values: UpdateValues } | { ok: false; fields: Record<string, string> } {
	const get = (k: string) => {
		const v = raw[k];
		return (Array.isArray(v) ? v[0] : v)?.trim() ?? '';
	};
	const fields: Record<string, string> = {};
	const status = get('status');
	if (!(ITEM_STATUSES as readonly string[]).includes(status)) fields.status = 'followup_err_status';
	const percentText = get('percent').replace(/\s*%$/, '');
	const percent = /^\d{1,3}$/.test(percentText) ? Number(percentText) : NaN;
	if (!(percent >= 0 && percent <= 100)) fields.percent = 'followup_err_percent';
	const spentText = get('spent');
	const spent = spentText ? parseMoney(spentText) : null;
	if (spentText && (spent === null || spent < 0)) fields.spent = 'followup_err_amount';
	const indicatorValue = get('indicatorValue');
	if (indicatorValue.length > INDICATOR_MAX) fields.indicatorValue = 'followup_err_too_long';
	const note = get('note');
	if (note.length > NOTE_MAX) fields.note = 'followup_err_too_long';
	if (Object.keys(fields).length) return { ok: false, fields };
	return {
		ok: true,
		values: {
			status: status as ItemStatus,
			percent,
			indicatorValue: indicatorValue || null,
			spent,
			note: note || null
		}
	};
}

/** The evidence's real type from its first bytes, whatever its name says; null when not allowed. */
export function sniffEvidence(bytes: Uint8Array): EvidenceType | null {
	const starts = (sig: number[], at = 0) =>
		bytes.length >= at + sig.length && sig.every((b, i) => bytes[at + i] === b);
	if (starts([0xff, 0xd8, 0xff])) return 'image/jpeg';
	if (starts([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'image/png';
	if (starts([0x52, 0x49, 0x46, 0x46]) && starts([0x57, 0x45, 0x42, 0x50], 8)) return 'image/webp';
	if (starts([0x25, 0x50, 0x44, 0x46, 0x2d])) return 'application/pdf';
	return null;
}
