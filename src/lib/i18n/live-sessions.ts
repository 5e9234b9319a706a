import { m } from '$lib/paraglide/messages';

/** Error codes of the live-session forms → the sentence shown. */
const errors: Record<string, () => string> = {
	live_err_title: m.live_err_title,
	live_err_too_long: m.live_err_too_long,
	live_err_date: m.live_err_date,
	live_err_time: m.live_err_time,
	live_err_past: m.live_err_past,
	live_err_duration: m.live_err_duration,
	live_err_url: m.live_err_url,
	live_err_url_https: m.live_err_url_https,
	live_err_form: m.live_err_form,
	live_err_not_member: m.live_err_not_member,
	live_err_no_columns: m.live_err_no_columns,
	conflict: m.live_err_conflict,
	// The attendance file is read by the member-list reader: its problems, its words.
	file_missing: m.import_file_missing,
	file_too_large: () => m.import_file_too_large({ mb: 0.5 }),
	file_unreadable: m.import_file_unreadable,
	file_empty: m.import_file_empty,
	file_too_many_rows: m.import_file_too_many_rows,
	file_too_many_columns: m.import_file_too_many_columns,
	file_cell_too_long: m.import_file_cell_too_long,
	file_unpacked_too_large: m.import_file_unpacked_too_large
};

export const liveError = (code: string | undefined): string | undefined =>
	code ? (errors[code] ?? m.step_error_invalid)() : undefined;
