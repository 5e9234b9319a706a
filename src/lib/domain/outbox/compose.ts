// A message written by hand: its text and who it goes to.

export const MESSAGE_MAX = 1_000;

export type Audience =
	{ kind: 'cohort' } | { kind: 'team'; id: string } | { kind: 'cooperative'; id: string };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** `cohort`, `team:<id>` or `cooperative:<id>` as the form sends it; null for anything else. */
export function parseAudience(raw: string): Audience | null {
	const s = raw.trim();
	if (s === 'cohort') return { kind: 'cohort' };
	const m = /^(team|cooperative):(.+)$/.exec(s);
	if (!m || !UUID.test(m[2]!)) return null;
	return { kind: m[1] as 'team' | 'cooperative', id: m[2]!.toLowerCase() };
}

export const audienceKey = (a: Audience) => (a.kind === 'cohort' ? 'cohort' : `${a.kind}:${a.id}`);

/** The text as it will be sent (line ends unified, spaces at the ends dropped), or an error code. */
export function parseMessageBody(
	raw: string
): { ok: true; body: string } | { ok: false; error: string } {
	const body = raw.replace(/\r\n?/g, '\n').trim();
	if (!body) return { ok: false, error: 'outbox_err_body_empty' };
	if (body.length > MESSAGE_MAX) return { ok: false, error: 'outbox_err_body_long' };
	return { ok: true, body };
}
