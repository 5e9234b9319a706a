import { m } from '$lib/paraglide/messages';
import { fieldError } from './errors';

/** Error codes from organisation, cohort and team forms → the sentence shown by the field. */
const messages: Record<string, () => string> = {
	required: m.org_error_required,
	invalid_name: m.org_error_invalid_name,
	invalid_org_name: m.org_error_invalid_org_name,
	surname_too_short: m.org_error_surname_too_short,
	invalid: m.org_error_invalid,
	invalid_date: m.org_error_invalid_date,
	invalid_number: m.org_error_invalid_number,
	invalid_phone: m.org_error_invalid_phone,
	invalid_ci: m.org_error_invalid_ci,
	minor: m.org_error_minor,
	too_old: m.org_error_too_old,
	future: m.org_error_future,
	before_start: m.org_error_before_start,
	taken: m.org_error_taken,
	not_found: m.org_error_not_found,
	no_change: m.org_error_no_change,
	conflict: m.org_error_conflict,
	capacity_full: m.org_error_capacity_full,
	below_enrolled: m.org_error_below_enrolled,
	no_cooperative: m.org_error_no_cooperative,
	no_members: m.org_error_no_members,
	unknown_user: m.org_error_unknown_user,
	already_facilitator: m.org_error_already_facilitator,
	target_full: m.org_error_target_full,
	source_too_small: m.org_error_source_too_small,
	not_empty: m.org_error_not_empty,
	not_large: m.org_error_not_large,
	ci_clash: m.org_error_ci_clash
};

export function orgError(code: string | undefined): string | undefined {
	if (!code) return undefined;
	// "too_long:200" carries the limit the field was checked against.
	const tooLong = /^too_long:(\d+)$/.exec(code);
	if (tooLong) return m.org_error_too_long({ max: Number(tooLong[1]) });
	return messages[code]?.() ?? fieldError(code);
}
