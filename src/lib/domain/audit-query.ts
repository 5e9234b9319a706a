import { isUuid, searchText } from './list-query';

/**
 * The admin's search of the audit log, read from and written back to the URL: who acted (a name
 * or username, or one account by id), the record (its kind and id), the action, a date range
 * (days in Bolivia's time) and where the page starts (a keyset cursor, never an offset).
 */
export interface AuditQuery {
	/** A name or username of whoever acted. */
	who: string;
	/** One account: lines it wrote or lines about it. */
	user: string | null;
	entity: string | null;
	entityId: string | null;
	action: string | null;
	from: string | null;
	to: string | null;
	/** Lines strictly older than this (`at` to the microsecond and id). */
	before: AuditCursor | null;
}

export interface AuditCursor {
	at: string;
	id: string;
}

/** The kinds of record the audit log names, for the search's select. */
export const auditEntities = [
	'user',
	'person',
	'federation',
	'cooperative',
	'programme',
	'cohort',
	'enrolment',
	'team',
	'import_batch',
	'correction_request',
	'session_run',
	'plan_section'
] as const;
export type AuditEntityKind = (typeof auditEntities)[number];

const DAY = /^\d{4}-\d{2}-\d{2}$/;
/** A real calendar day (no 31 February), between years 2000 and 2999. */
export function isDay(s: string): boolean {
	if (!DAY.test(s) || s < '2000' || s >= '3000') return false;
	const d = new Date(`${s}T12:00:00Z`);
	return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
}

// PostgreSQL's text form of a timestamptz, as the cursor carries it.
const STAMP =
	/^(\d{4}-\d{2}-\d{2}) ([01]\d|2[0-3]):[0-5]\d:[0-5]\d(\.\d{1,6})?[+-](0\d|1[0-4])(:[0-5]\d)?$/;

/** A stamp PostgreSQL will read: the right shape and a real day (a forged 31 February is not). */
function isStamp(s: string): boolean {
	const m = STAMP.exec(s);
	return !!m && isDay(m[1]!);
}

export function encodeCursor(c: AuditCursor): string {
	return Buffer.from(`${c.at}|${c.id}`, 'utf8').toString('base64url');
}

export function decodeCursor(s: string): AuditCursor | null {
	if (s.length > 200 || !/^[A-Za-z0-9_-]+$/.test(s)) return null;
	const [at, id, ...rest] = Buffer.from(s, 'base64url').toString('utf8').split('|');
	if (rest.length || !at || !id || !isStamp(at) || !isUuid(id)) return null;
	return { at, id };
}

const word = (s: string | null, re: RegExp) => {
	const v = (s ?? '').trim();
	return v && re.test(v) ? v : null;
};

/** Reads the search; values that do not fit are dropped quietly, as in every list. */
export function parseAuditQuery(params: URLSearchParams): AuditQuery {
	let from = word(params.get('from'), DAY);
	let to = word(params.get('to'), DAY);
	if (from && !isDay(from)) from = null;
	if (to && !isDay(to)) to = null;
	// A range given backwards means the same days.
	if (from && to && from > to) [from, to] = [to, from];
	return {
		who: searchText(params.get('who') ?? ''),
		user: word(params.get('user'), /^[A-Za-z0-9_-]{1,64}$/),
		entity: word(params.get('entity'), /^[a-z_]{1,40}$/),
		entityId: word(params.get('entityId'), /^[A-Za-z0-9:_-]{1,100}$/),
		action: word(params.get('action'), /^[a-z_.]{1,60}$/),
		from,
		to,
		before: decodeCursor(params.get('before') ?? '')
	};
}

/** The URL search string for a query, with changes; empty values are left out. */
export function auditHref(query: AuditQuery, change: Partial<AuditQuery> = {}): string {
	const next = { ...query, ...change };
	const p = new URLSearchParams();
	if (next.who) p.set('who', next.who);
	for (const k of ['user', 'entity', 'entityId', 'action', 'from', 'to'] as const) {
		const v = next[k];
		if (v) p.set(k, v);
	}
	if (next.before) p.set('before', encodeCursor(next.before));
	const s = p.toString();
	return s ? `?${s}` : '?';
}

/** The first instant of a Bolivian day, and of the day after (Bolivia keeps UTC-4 all year). */
export function dayStart(day: string): Date {
	return new Date(`${day}T00:00:00-04:00`);
}
export function dayAfter(day: string): Date {
	return new Date(dayStart(day).getTime() + 86_400_000);
}
