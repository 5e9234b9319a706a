/**
 * The query of `GET /xapi/statements` (xAPI 1.0.3, Communication §2.1.3), parsed and bounded.
 * Anything unknown, repeated or malformed is refused with a reason, never guessed at.
 */

export const DEFAULT_LIMIT = 100;
export const MAX_LIMIT = 500;
/** A query string longer than this is not one a client would build. */
export const MAX_QUERY_LENGTH = 4096;
const MAX_IRI_LENGTH = 2048;
const MAX_AGENT_LENGTH = 1024;

/** Where the paging stopped: the stored time (to the microsecond, UTC) and id of the last row. */
export interface Cursor {
	stored: string;
	id: string;
}

export interface StatementQuery {
	statementId?: string;
	/** Minka never voids a statement: a voided one is always "not found". */
	voidedStatementId?: string;
	verb?: string;
	activity?: string;
	/** The actor's account name from `agent`; null when the agent can match nothing here. */
	agent?: string | null;
	/** The `agent` parameter as given, to carry into the `more` link. */
	agentParam?: string;
	/** No Minka statement has a registration: any value matches nothing. */
	registration?: string;
	/** ISO instants (UTC, microseconds, `…Z`): stored strictly after `since`, at or before `until`. */
	since?: string;
	until?: string;
	limit: number;
	ascending: boolean;
	format: 'exact' | 'ids' | 'canonical';
	cursor?: Cursor;
}

export type ParsedQuery = { ok: true; query: StatementQuery } | { ok: false; message: string };

const known = new Set([
	'statementId',
	'voidedStatementId',
	'agent',
	'verb',
	'activity',
	'registration',
	'related_activities',
	'related_agents',
	'since',
	'until',
	'limit',
	'format',
	'attachments',
	'ascending',
	'cursor'
]);
// With a single statement only these may come along (§2.1.3).
const singleCompanions = new Set(['statementId', 'voidedStatementId', 'format', 'attachments']);

const uuidRe = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
// An absolute IRI: a scheme, a colon, then printable characters only (no spaces or controls).
const iriRe = /^[a-z][a-z0-9+.-]*:[^\s<>"{}|\\^`]+$/i;
const printable = (s: string) =>
	[...s].every((c) => c.charCodeAt(0) > 0x20 && c.charCodeAt(0) !== 0x7f);
const instantRe =
	/^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(Z|[+-]\d{2}:?\d{2})?)?$/;
const cursorRe =
	/^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z)\|([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/;

export const isUuid = (s: string) => uuidRe.test(s);

/** An ISO 8601 instant as `YYYY-MM-DDTHH:MM:SS.ffffffZ`; no offset means UTC. Null if not one. */
export function parseInstant(raw: string): string | null {
	const m = instantRe.exec(raw);
	if (!m) return null;
	const [, y, mo, d, h = '00', mi = '00', s = '00', frac = '', zone = 'Z'] = m;
	const ms = frac.padEnd(3, '0').slice(0, 3);
	const offset = zone === 'Z' ? 'Z' : `${zone.slice(0, 3)}:${zone.slice(-2)}`;
	const t = Date.parse(`${y}-${mo}-${d}T${h}:${mi}:${s}.${ms}${offset}`);
	if (Number.isNaN(t)) return null;
	// Date.parse rolls 31 February into March: the calendar parts must survive the round trip.
	const local = new Date(Date.UTC(+y!, +mo! - 1, +d!, +h, +mi, +s));
	if (local.getUTCMonth() !== +mo! - 1 || local.getUTCDate() !== +d! || +h > 23) return null;
	const out = new Date(t);
	if (out.getUTCFullYear() < 1970 || out.getUTCFullYear() > 9999) return null;
	// Stored times keep microseconds: so does the bound, or `since` = a statement's `stored`
	// would return that statement again.
	return out.toISOString().replace('Z', `${frac.padEnd(6, '0').slice(3, 6)}Z`);
}

export function encodeCursor(c: Cursor): string {
	return Buffer.from(`${c.stored}|${c.id}`, 'utf8').toString('base64url');
}

export function decodeCursor(raw: string): Cursor | null {
	if (raw.length > 128 || !/^[A-Za-z0-9_-]+$/.test(raw)) return null;
	const m = cursorRe.exec(Buffer.from(raw, 'base64url').toString('utf8'));
	if (!m || !parseInstant(m[1]!)) return null;
	return { stored: m[1]!, id: m[2]! };
}

function bool(raw: string): boolean | null {
	return raw === 'true' ? true : raw === 'false' ? false : null;
}

/** The account name an `agent` parameter asks for, if it names an account of this site. */
function agentName(raw: string, homePage: string): string | null | undefined {
	if (raw.length > MAX_AGENT_LENGTH) return undefined;
	let v: unknown;
	try {
		v = JSON.parse(raw);
	} catch {
		return undefined;
	}
	if (!v || typeof v !== 'object' || Array.isArray(v)) return undefined;
	const a = v as Record<string, unknown>;
	if (a.objectType !== undefined && a.objectType !== 'Agent' && a.objectType !== 'Group')
		return undefined;
	const ifis = ['mbox', 'mbox_sha1sum', 'openid', 'account'].filter((k) => a[k] !== undefined);
	if (ifis.length !== 1) return undefined;
	if (!a.account) return null; // a well-formed agent Minka never names: no statements
	const acc = a.account as Record<string, unknown>;
	if (typeof acc !== 'object' || typeof acc.homePage !== 'string' || typeof acc.name !== 'string')
		return undefined;
	return acc.homePage === homePage ? acc.name : null;
}

/**
 * Reads the query string. `homePage` is this site's account home page (actors are accounts on
 * it). The order of checks does not matter: the first problem found is reported.
 */
export function parseStatementQuery(search: string, homePage: string): ParsedQuery {
	const bad = (message: string): ParsedQuery => ({ ok: false, message });
	if (search.length > MAX_QUERY_LENGTH)
		return bad(`The query is longer than ${MAX_QUERY_LENGTH} characters.`);
	let params: URLSearchParams;
	try {
		params = new URLSearchParams(search);
	} catch {
		return bad('The query cannot be read.');
	}
	const seen = new Map<string, string>();
	for (const [k, v] of params) {
		if (!known.has(k)) return bad(`Unknown parameter: ${k.slice(0, 50)}.`);
		if (seen.has(k)) return bad(`The parameter ${k} is given more than once.`);
		seen.set(k, v);
	}
	const q: StatementQuery = { limit: DEFAULT_LIMIT, ascending: false, format: 'exact' };
	for (const idParam of ['statementId', 'voidedStatementId'] as const) {
		const v = seen.get(idParam);
		if (v === undefined) continue;
		if (!isUuid(v)) return bad(`${idParam} must be a UUID.`);
		const others = [...seen.keys()].filter((k) => !singleCompanions.has(k));
		if (others.length || (seen.has('statementId') && seen.has('voidedStatementId')))
			return bad(`${idParam} may come only with format and attachments.`);
		q[idParam] = v.toLowerCase();
	}
	for (const iriParam of ['verb', 'activity'] as const) {
		const v = seen.get(iriParam);
		if (v === undefined) continue;
		if (v.length > MAX_IRI_LENGTH || !iriRe.test(v) || !printable(v))
			return bad(`${iriParam} must be an IRI.`);
		q[iriParam] = v;
	}
	const agent = seen.get('agent');
	if (agent !== undefined) {
		const name = agentName(agent, homePage);
		if (name === undefined)
			return bad('agent must be an Agent object in JSON, with one identifier.');
		q.agent = name;
		q.agentParam = agent;
	}
	const registration = seen.get('registration');
	if (registration !== undefined) {
		if (!isUuid(registration)) return bad('registration must be a UUID.');
		q.registration = registration;
	}
	for (const timeParam of ['since', 'until'] as const) {
		const v = seen.get(timeParam);
		if (v === undefined) continue;
		const t = parseInstant(v);
		if (!t) return bad(`${timeParam} must be an ISO 8601 timestamp.`);
		q[timeParam] = t;
	}
	const limit = seen.get('limit');
	if (limit !== undefined) {
		if (!/^\d{1,6}$/.test(limit))
			return bad(`limit must be a whole number from 0 to ${MAX_LIMIT}.`);
		const n = Number(limit);
		if (n > MAX_LIMIT) return bad(`limit must be a whole number from 0 to ${MAX_LIMIT}.`);
		// 0 asks for the server's largest page (§2.1.3).
		q.limit = n === 0 ? MAX_LIMIT : n;
	}
	for (const flag of ['ascending', 'related_activities', 'related_agents'] as const) {
		const v = seen.get(flag);
		if (v === undefined) continue;
		const b = bool(v);
		if (b === null) return bad(`${flag} must be true or false.`);
		// Minka's statements name no context activities or agents: "related" changes nothing.
		if (flag === 'ascending') q.ascending = b;
	}
	const format = seen.get('format');
	if (format !== undefined) {
		if (format !== 'exact' && format !== 'ids' && format !== 'canonical')
			return bad('format must be exact, ids or canonical.');
		q.format = format;
	}
	const attachments = seen.get('attachments');
	if (attachments !== undefined) {
		const b = bool(attachments);
		if (b === null) return bad('attachments must be true or false.');
		if (b) return bad('This feed has no attachments; ask with attachments=false.');
	}
	const cursor = seen.get('cursor');
	if (cursor !== undefined) {
		const c = decodeCursor(cursor);
		if (!c) return bad('cursor is not one this feed gave.');
		q.cursor = c;
	}
	return { ok: true, query: q };
}

/** The `more` link: the same query, continued after the cursor. */
export function moreLink(path: string, query: StatementQuery, after: Cursor): string {
	const p = new URLSearchParams();
	if (query.verb) p.set('verb', query.verb);
	if (query.activity) p.set('activity', query.activity);
	if (query.agentParam) p.set('agent', query.agentParam);
	if (query.since) p.set('since', query.since);
	if (query.until) p.set('until', query.until);
	p.set('limit', String(query.limit));
	if (query.ascending) p.set('ascending', 'true');
	if (query.format !== 'exact') p.set('format', query.format);
	p.set('cursor', encodeCursor(after));
	return `${path}?${p}`;
}
