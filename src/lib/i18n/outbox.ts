import { m } from '$lib/paraglide/messages';

/** Channels, statuses, kinds and error codes of the outbox pages → the words shown. */
export const channelName: Record<string, () => string> = {
	whatsapp: m.outbox_channel_whatsapp,
	sms: m.outbox_channel_sms,
	email: m.outbox_channel_email
};

export const statusName: Record<string, () => string> = {
	queued: m.outbox_status_queued,
	sending: m.outbox_status_sending,
	sent: m.outbox_status_sent,
	failed: m.outbox_status_failed,
	cancelled: m.outbox_status_cancelled
};

const kinds: Record<string, () => string> = {
	manual: m.outbox_kind_manual,
	live_day_before: m.outbox_kind_live_day_before,
	live_hour_before: m.outbox_kind_live_hour_before,
	certificate: m.outbox_kind_certificate,
	followup_due: m.outbox_kind_followup_due,
	team_stalled: m.outbox_kind_team_stalled,
	comments_waiting: m.outbox_kind_comments_waiting
};
export const kindName = (k: string) => (kinds[k] ?? m.outbox_kind_manual)();

const errors: Record<string, () => string> = {
	outbox_err_body_empty: m.outbox_err_body_empty,
	outbox_err_body_long: m.outbox_err_body_long,
	outbox_err_audience: m.outbox_err_audience,
	outbox_err_nobody: m.outbox_err_nobody,
	outbox_err_fix: m.outbox_err_fix,
	optout_err_form: m.optout_err_form,
	conflict: m.outbox_err_state,
	not_found: m.outbox_err_state
};

export const outboxError = (code: string | undefined): string | undefined =>
	code ? (errors[code] ?? m.outbox_err_fix)() : undefined;
