import { m } from '$lib/paraglide/messages';
import { orgError } from './org-errors';

/** Error codes of the group-session forms → the sentence shown next to the field. */
const messages: Record<string, () => string> = {
	none_present: m.run_error_none_present,
	not_member: m.run_error_not_member,
	not_catch_up: m.run_error_not_catch_up,
	not_present: m.run_error_not_present,
	not_playing: m.run_error_not_playing,
	not_setup: m.run_error_not_setup,
	not_paused: m.run_error_not_paused,
	not_checkin: m.run_error_not_checkin,
	required: m.run_error_required,
	invalid: m.run_error_invalid,
	not_found: m.run_error_not_found,
	conflict: m.run_error_conflict,
	started_elsewhere: m.run_error_started_elsewhere
};

export function runError(code: string | undefined): string | undefined {
	if (!code) return undefined;
	const range = /^range:(\d+):(\d+)$/.exec(code);
	if (range) return m.run_error_range({ min: Number(range[1]), max: Number(range[2]) });
	const tooLong = /^too_long:(\d+)$/.exec(code);
	if (tooLong) return m.run_error_too_long({ max: Number(tooLong[1]) });
	return messages[code]?.() ?? orgError(code);
}
