import { and, desc, eq, inArray, or, sql, type SQL } from 'drizzle-orm';
import { dayAfter, dayStart, type AuditCursor, type AuditQuery } from '../../domain/audit-query';
import { assertCan, type Actor } from '../access/guard';
import { describeEntry, type HistoryDetail } from '../audit/describe-entry';
import { namesFor } from '../audit/list-history';
import type { Executor } from '../db/client';
import { auditLog, user } from '../db/schema';
import type { Locale } from '../import/messages';
import { folded, searchPattern } from '../lists/paging';

export const AUDIT_PAGE = 50;
/** Lines read per query when exporting. */
export const AUDIT_EXPORT_BATCH = 2000;

export interface AuditRow {
	id: string;
	at: string;
	/** The stored time to the microsecond, for the next page's cursor. */
	atText: string;
	actorUserId: string | null;
	who: string | null;
	whoUsername: string | null;
	action: string;
	entity: string;
	entityId: string;
	changes: Record<string, unknown> | null;
	/** In the reader's language (`describe-entry.ts`). */
	title: string;
	details: HistoryDetail[];
}

/**
 * The admin's search of the audit log across the platform. Newest first; a page continues from
 * the last line shown, `(at, id) < cursor`, so a line written meanwhile neither repeats nor hides
 * another (indexes `audit_log_at_idx`, `_actor_idx`, `_action_idx`, `_entity_idx`).
 */
export function prepareAuditSearch(
	deps: { db: Executor },
	actor: Actor | null,
	query: AuditQuery,
	locale: Locale
) {
	assertCan(actor, 'audit.read_all');
	const { db } = deps;
	const where: Array<SQL | undefined> = [];
	const pattern = searchPattern(query.who);
	if (pattern)
		where.push(
			inArray(
				auditLog.actorUserId,
				db
					.select({ id: user.id })
					.from(user)
					.where(
						or(
							sql`${folded(sql`${user.name}`)} like ${pattern}`,
							sql`${user.username} like ${pattern}`
						)
					)
			)
		);
	if (query.user)
		where.push(
			or(
				eq(auditLog.actorUserId, query.user),
				and(eq(auditLog.entity, 'user'), eq(auditLog.entityId, query.user))
			)
		);
	if (query.entity) where.push(eq(auditLog.entity, query.entity));
	if (query.entityId) where.push(eq(auditLog.entityId, query.entityId));
	if (query.action) where.push(eq(auditLog.action, query.action));
	if (query.from)
		where.push(sql`${auditLog.at} >= ${dayStart(query.from).toISOString()}::timestamptz`);
	if (query.to) where.push(sql`${auditLog.at} < ${dayAfter(query.to).toISOString()}::timestamptz`);
	const condition = and(...where);

	async function page(limit: number, before: AuditCursor | null): Promise<AuditRow[]> {
		const rows = await db
			.select({
				id: auditLog.id,
				at: auditLog.at,
				atText: sql<string>`${auditLog.at}::text`,
				actorUserId: auditLog.actorUserId,
				who: user.name,
				whoUsername: user.username,
				action: auditLog.action,
				entity: auditLog.entity,
				entityId: auditLog.entityId,
				changes: auditLog.changes
			})
			.from(auditLog)
			.leftJoin(user, eq(user.id, auditLog.actorUserId))
			.where(
				and(
					condition,
					before
						? sql`(${auditLog.at}, ${auditLog.id}) < (${before.at}::timestamptz, ${before.id}::uuid)`
						: undefined
				)
			)
			.orderBy(desc(auditLog.at), desc(auditLog.id))
			.limit(limit);
		const names = await namesFor(db, rows);
		return rows.map((r) => ({
			...r,
			at: new Date(r.at).toISOString(),
			...describeEntry(r, names, locale)
		}));
	}
	return { page };
}

/** One page of the search, and the cursor of the next one (null on the last page). */
export async function searchAudit(
	deps: { db: Executor },
	actor: Actor | null,
	query: AuditQuery,
	locale: Locale
): Promise<{ rows: AuditRow[]; next: AuditCursor | null }> {
	const search = prepareAuditSearch(deps, actor, query, locale);
	const rows = await search.page(AUDIT_PAGE + 1, query.before);
	const more = rows.length > AUDIT_PAGE;
	const shown = rows.slice(0, AUDIT_PAGE);
	const last = shown.at(-1);
	return { rows: shown, next: more && last ? { at: last.atText, id: last.id } : null };
}

/**
 * Every line the search finds, from the cursor on, a batch at a time (the CSV export): memory
 * stays the same however long the log is. Access is checked before the first line is read.
 */
export function auditBatches(
	deps: { db: Executor },
	actor: Actor | null,
	query: AuditQuery,
	locale: Locale
): AsyncGenerator<AuditRow[]> {
	const search = prepareAuditSearch(deps, actor, query, locale);
	return (async function* () {
		let before = query.before;
		for (;;) {
			const rows = await search.page(AUDIT_EXPORT_BATCH, before);
			if (rows.length) yield rows;
			if (rows.length < AUDIT_EXPORT_BATCH) return;
			const last = rows.at(-1)!;
			before = { at: last.atText, id: last.id };
		}
	})();
}
