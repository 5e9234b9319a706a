import { and, asc, desc, eq, gt, inArray, lte, sql, type SQL } from 'drizzle-orm';
import {
	moreLink,
	isUuid,
	parseStatementQuery,
	type StatementQuery
} from '../../domain/xapi/statement-query';
import { toStatement, type Statement } from '../../domain/xapi/to-statement';
import { m } from '../../paraglide/messages.js';
import { verbs } from '../learning/record-event';
import type { Executor } from '../db/client';
import { cohort, cooperative, learningEvent } from '../db/schema';
import { AppError } from '../errors';
import type { ApiKeyPrincipal } from './authenticate-api-key';

export const XAPI_VERSION = '1.0.3';
export const STATEMENTS_PATH = '/xapi/statements';

export interface StatementResult {
	statements: Statement[];
	/** Where the next page is, or "" when this was the last. */
	more: string;
}

/** The verbs' display words, in both languages the site speaks. */
function verbDisplays(): Map<string, Record<string, string>> {
	const words: Record<keyof typeof verbs, (o: { locale: 'es' | 'en' }) => string> = {
		initialized: (o) => m.xapi_verb_initialized({}, o),
		completed: (o) => m.xapi_verb_completed({}, o),
		attended: (o) => m.xapi_verb_attended({}, o),
		answered: (o) => m.xapi_verb_answered({}, o),
		scored: (o) => m.xapi_verb_scored({}, o),
		voted: (o) => m.xapi_verb_voted({}, o),
		decided: (o) => m.xapi_verb_decided({}, o),
		roleTaken: (o) => m.xapi_verb_adopted({}, o),
		progressed: (o) => m.xapi_verb_progressed({}, o)
	};
	const out = new Map<string, Record<string, string>>();
	for (const [k, iri] of Object.entries(verbs))
		out.set(iri, {
			'en-US': words[k as keyof typeof verbs]({ locale: 'en' }),
			es: words[k as keyof typeof verbs]({ locale: 'es' })
		});
	return out;
}

/** The rows a key may read: its federation's cooperatives or its programme's cohorts. */
function scopeFilter(key: ApiKeyPrincipal): SQL | undefined {
	const s = key.scope;
	if (s.kind === 'federation')
		return inArray(
			sql`(${learningEvent.context} ->> 'cooperative')`,
			sql`(select ${cooperative.id}::text from ${cooperative} where ${cooperative.federationId} = ${s.federationId})`
		);
	if (s.kind === 'programme')
		return inArray(
			sql`(${learningEvent.context} ->> 'cohort')`,
			sql`(select ${cohort.id}::text from ${cohort} where ${cohort.programmeId} = ${s.programmeId})`
		);
	return undefined;
}

function filters(q: StatementQuery): SQL[] {
	const where: SQL[] = [];
	if (q.verb) where.push(eq(learningEvent.verb, q.verb));
	if (q.activity) where.push(eq(learningEvent.objectId, q.activity));
	if (q.since) where.push(gt(learningEvent.storedAt, sql`${q.since}::timestamptz`));
	if (q.until) where.push(lte(learningEvent.storedAt, sql`${q.until}::timestamptz`));
	if (q.registration !== undefined) where.push(sql`false`);
	if (q.agent !== undefined) {
		const name = q.agent;
		if (name === null || name === 'unknown') where.push(sql`false`);
		else if (name.startsWith('user:'))
			where.push(
				and(sql`${learningEvent.personId} is null`, eq(learningEvent.userId, name.slice(5)))!
			);
		else if (isUuid(name)) where.push(eq(learningEvent.personId, name));
		else where.push(sql`false`);
	}
	if (q.cursor) {
		// Keyset paging: strictly after (or before) the last row given, in (stored, id) order.
		const after = sql`(${learningEvent.storedAt}, ${learningEvent.id})`;
		const at = sql`(${q.cursor.stored}::timestamptz, ${q.cursor.id}::uuid)`;
		where.push(q.ascending ? sql`${after} > ${at}` : sql`${after} < ${at}`);
	}
	return where;
}

const columns = {
	id: learningEvent.id,
	userId: learningEvent.userId,
	personId: learningEvent.personId,
	verb: learningEvent.verb,
	objectType: learningEvent.objectType,
	objectId: learningEvent.objectId,
	result: learningEvent.result,
	context: learningEvent.context,
	occurredAt: learningEvent.occurredAt,
	// The stored time to the microsecond, for a cursor that never skips or repeats a row.
	storedKey: sql<string>`to_char(${learningEvent.storedAt} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`
};

export interface ListStatementsOptions {
	/** This site's origin: the actors' account home page. */
	homePage: string;
	/** For `format=canonical`: the reader's language, `es` or `en-US`. */
	language?: string;
}

/**
 * `GET /xapi/statements` for an authenticated key: one statement (statementId) or a page of
 * them with a `more` link, newest stored first unless `ascending=true`. Throws `unauthenticated`
 * without a key, `invalid_input` (400) for a bad query, `not_found` for a statement the key
 * cannot see.
 */
export async function listStatements(
	deps: { db: Executor },
	key: ApiKeyPrincipal | null,
	search: string,
	o: ListStatementsOptions
): Promise<Statement | StatementResult> {
	if (!key) throw new AppError('unauthenticated');
	const parsed = parseStatementQuery(search, o.homePage);
	if (!parsed.ok) throw new AppError('invalid_input', parsed.message);
	const q = parsed.query;
	const displays = verbDisplays();
	const scope = scopeFilter(key);
	const statementOf = (row: Parameters<typeof toStatement>[0]) =>
		toStatement(row, {
			homePage: o.homePage,
			format: q.format,
			display: displays.get(row.verb),
			language: o.language
		});

	if (q.voidedStatementId) throw new AppError('not_found', 'no voided statements');
	if (q.statementId) {
		const [row] = await deps.db
			.select(columns)
			.from(learningEvent)
			.where(and(eq(learningEvent.id, q.statementId), scope));
		if (!row) throw new AppError('not_found', 'no such statement');
		return statementOf(row);
	}

	const order = q.ascending
		? [asc(learningEvent.storedAt), asc(learningEvent.id)]
		: [desc(learningEvent.storedAt), desc(learningEvent.id)];
	const rows = await deps.db
		.select(columns)
		.from(learningEvent)
		.where(and(scope, ...filters(q)))
		.orderBy(...order)
		.limit(q.limit + 1);
	const page = rows.slice(0, q.limit);
	const last = page.at(-1);
	const more =
		rows.length > q.limit && last
			? moreLink(STATEMENTS_PATH, q, { stored: last.storedKey, id: last.id })
			: '';
	return { statements: page.map(statementOf), more };
}
