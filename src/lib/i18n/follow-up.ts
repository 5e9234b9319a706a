import { m } from '$lib/paraglide/messages';

/** Error codes of the follow-up forms → the sentence shown. */
const errors: Record<string, () => string> = {
	followup_err_status: m.followup_err_status,
	followup_err_percent: m.followup_err_percent,
	followup_err_amount: m.followup_err_amount,
	followup_err_too_long: m.followup_err_too_long,
	followup_err_date: m.followup_err_date,
	followup_err_after_end: m.followup_err_after_end,
	followup_err_label: m.followup_err_label,
	followup_err_no_rounds: m.followup_err_no_rounds,
	followup_err_evidence_type: m.followup_err_evidence_type,
	followup_err_evidence_size: m.followup_err_evidence_size,
	followup_err_evidence_unreadable: m.followup_err_evidence_unreadable,
	followup_err_query_note: m.followup_err_query_note
};

export const followupError = (code: string | undefined): string | undefined =>
	code ? (errors[code] ?? m.followup_err_invalid)() : undefined;

const statuses: Record<string, () => string> = {
	not_started: m.followup_status_not_started,
	on_track: m.followup_status_on_track,
	late: m.followup_status_late,
	done: m.followup_status_done
};
/** An item's status as the lead chose it. */
export const itemStatusLabel = (s: string): string => (statuses[s] ?? (() => s))();

const states: Record<string, () => string> = {
	not_started: m.followup_state_not_started,
	in_progress: m.followup_state_in_progress,
	complete: m.followup_state_complete,
	late: m.followup_state_late
};
/** A cooperative's state in a round. */
export const roundStateLabel = (s: string): string => (states[s] ?? (() => s))();

const reviews: Record<string, () => string> = {
	pending: m.followup_review_pending,
	validated: m.followup_review_validated,
	queried: m.followup_review_queried
};
export const reviewStateLabel = (s: string): string => (reviews[s] ?? (() => s))();
