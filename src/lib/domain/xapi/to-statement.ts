/**
 * A learning event as an xAPI 1.0.3 Statement. The actor is an account on this site named by an
 * opaque id (the person's, else the user's): never a name, CI, phone or e-mail. Whatever the
 * event holds that the Statement format has no place for goes into extensions with `urn:minka:`
 * keys, and only the context ids listed here leave the server.
 */

export interface EventRow {
	id: string;
	userId: string | null;
	personId: string | null;
	verb: string;
	objectType: string;
	objectId: string;
	result: Record<string, unknown> | null;
	context: Record<string, unknown> | null;
	occurredAt: Date;
	/** The stored time to the microsecond, `YYYY-MM-DDTHH:MM:SS.ffffffZ` (what `since` compares). */
	storedKey: string;
}

export interface StatementOptions {
	/** The account home page: this site's origin. */
	homePage: string;
	format: 'exact' | 'ids' | 'canonical';
	/** The verb's display, language tag → word; `canonical` keeps only `language`. */
	display?: Record<string, string>;
	language?: string;
}

export type Statement = Record<string, unknown>;

/** The context ids a reader may have: where the act happened, never who recorded it. */
const contextKeys = [
	'cooperative',
	'cohort',
	'team',
	'run',
	'mode',
	'attempt',
	'contentVersion',
	'guests'
];
const MAX_RESPONSE = 4096;

const isIri = (k: string) => /^[a-z][a-z0-9+.-]*:\S+$/i.test(k);
const finite = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

/** The actor's account name; the `agent` filter matches on it. */
export function actorName(row: Pick<EventRow, 'personId' | 'userId'>): string {
	if (row.personId) return row.personId;
	if (row.userId) return `user:${row.userId}`;
	return 'unknown';
}

function extensions(into: Record<string, unknown>, prefix: string, from: Record<string, unknown>) {
	for (const [k, v] of Object.entries(from))
		if (v !== undefined) into[isIri(k) ? k : `${prefix}${k}`] = v;
}

function score(v: unknown): Record<string, number> | null {
	if (!v || typeof v !== 'object') return null;
	const s = v as Record<string, unknown>;
	const out: Record<string, number> = {};
	for (const k of ['scaled', 'raw', 'min', 'max'] as const) {
		if (s[k] === undefined) continue;
		if (!finite(s[k])) return null;
		out[k] = s[k];
	}
	if (out.scaled !== undefined && (out.scaled < -1 || out.scaled > 1)) return null;
	if (out.min !== undefined && out.max !== undefined && out.min > out.max) return null;
	if (out.raw !== undefined) {
		if (out.min !== undefined && out.raw < out.min) return null;
		if (out.max !== undefined && out.raw > out.max) return null;
	}
	return Object.keys(out).length ? out : null;
}

function toResult(r: Record<string, unknown>): Record<string, unknown> | undefined {
	const out: Record<string, unknown> = {};
	const ext: Record<string, unknown> = {};
	for (const [k, v] of Object.entries(r)) {
		if (v === undefined || v === null) continue;
		if (k === 'score' && score(v)) out.score = score(v);
		else if ((k === 'success' || k === 'completion') && typeof v === 'boolean') out[k] = v;
		else if (k === 'response')
			out.response = (typeof v === 'string' ? v : JSON.stringify(v)).slice(0, MAX_RESPONSE);
		else if (k === 'duration' && typeof v === 'string') out.duration = v;
		else if (k === 'extensions' && typeof v === 'object' && !Array.isArray(v))
			extensions(ext, 'urn:minka:result:', v as Record<string, unknown>);
		else ext[`urn:minka:result:${k}`] = v;
	}
	if (Object.keys(ext).length) out.extensions = ext;
	return Object.keys(out).length ? out : undefined;
}

function toContext(c: Record<string, unknown> | null): Record<string, unknown> {
	const ext: Record<string, unknown> = {};
	for (const k of contextKeys)
		if (c?.[k] !== undefined && c[k] !== null) ext[`urn:minka:context:${k}`] = c[k];
	return { platform: 'Minka', ...(Object.keys(ext).length ? { extensions: ext } : {}) };
}

export function toStatement(row: EventRow, o: StatementOptions): Statement {
	const ids = o.format === 'ids';
	let display = o.display;
	if (display && o.format === 'canonical') {
		const lang = o.language && display[o.language] ? o.language : Object.keys(display)[0];
		display = lang ? { [lang]: display[lang]! } : undefined;
	}
	const result = row.result ? toResult(row.result) : undefined;
	return {
		id: row.id,
		actor: { objectType: 'Agent', account: { homePage: o.homePage, name: actorName(row) } },
		verb: { id: row.verb, ...(!ids && display ? { display } : {}) },
		object: {
			objectType: 'Activity',
			id: row.objectId,
			...(!ids ? { definition: { type: row.objectType } } : {})
		},
		...(result ? { result } : {}),
		context: toContext(row.context),
		timestamp: row.occurredAt.toISOString(),
		stored: row.storedKey,
		authority: { objectType: 'Agent', account: { homePage: o.homePage, name: 'minka' } },
		version: '1.0.0'
	};
}
