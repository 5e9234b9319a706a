import { m } from '$lib/paraglide/messages';

/** Error codes of worksheet, quiz and decide steps → the sentence shown next to the field. */
const messages: Record<string, () => string> = {
	required: m.step_error_required,
	invalid_number: m.step_error_invalid_number,
	invalid_money: m.step_error_invalid_money,
	invalid_date: m.step_error_invalid_date,
	unknown_option: m.step_error_unknown_option,
	not_a_member: m.step_error_not_a_member,
	out_of_range: m.step_error_out_of_range,
	too_many_rows: m.step_error_too_many_rows,
	no_votes: m.step_error_no_votes,
	not_carried: m.step_error_not_carried,
	step_out_of_range: m.step_error_step_out_of_range,
	step_wrong_type: m.step_error_step_wrong_type,
	run_closed: m.step_error_run_closed,
	group_only: m.step_error_group_only,
	no_workbook: m.step_error_no_workbook,
	conflict: m.step_error_conflict,
	under_review: m.review_error_under_review,
	nothing_to_submit: m.review_error_nothing_to_submit,
	comment_needed: m.review_error_comment_needed,
	invalid: m.step_error_invalid
};

export function stepError(code: string | undefined): string | undefined {
	if (!code) return undefined;
	// Codes with a number carry the limit the value was checked against.
	const withNumber = /^(too_long|too_many_votes):(\d+)$/.exec(code);
	if (withNumber?.[1] === 'too_long') return m.step_error_too_long({ max: Number(withNumber[2]) });
	if (withNumber) return m.step_error_too_many_votes({ count: Number(withNumber[2]) });
	if (code.startsWith('review_from_')) return m.review_error_from_state();
	return (messages[code] ?? m.step_error_invalid)();
}
