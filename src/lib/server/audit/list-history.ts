import { and, desc, eq, inArray, or, sql, type SQL } from 'drizzle-orm';
import { assertCan, type Actor } from '../access/guard';
import type { Executor } from '../db/client';
import { auditLog, enrolment, team, user } from '../db/schema';
import type { AuditEntity } from './record-audit';

export interface HistoryEntry {
	id: string;
	at: Date;
	who: string | null;
	action: string;
	entity: string;
	changes: Record<string, unknown> | null;
}

export const HISTORY_LIMIT = 50;

/**
 * The "History" of a record's page: its own audit lines, and those of the records that hang from
 * it (a person's account and enrolments; a cohort's enrolments and teams). Newest first.
 */
export async function listHistory(
	deps: { db: Executor },
	actor: Actor | null,
	subject: {
		entity: Exclude<AuditEntity, 'enrolment' | 'team' | 'user' | 'correction_request'>;
		id: string;
	}
): Promise<HistoryEntry[]> {
	assertCan(actor, 'audit.read');
	const { db } = deps;
	const about: SQL[] = [
		and(eq(auditLog.entity, subject.entity), eq(auditLog.entityId, subject.id))!
	];
	if (subject.entity === 'person') {
		about.push(
			and(
				eq(auditLog.entity, 'enrolment'),
				inArray(
					auditLog.entityId,
					db
						.select({ id: sql<string>`${enrolment.id}::text` })
						.from(enrolment)
						.where(eq(enrolment.personId, subject.id))
				)
			)!,
			and(
				eq(auditLog.entity, 'user'),
				inArray(
					auditLog.entityId,
					db.select({ id: user.id }).from(user).where(eq(user.personId, subject.id))
				)
			)!
		);
	}
	if (subject.entity === 'cohort') {
		about.push(
			and(
				eq(auditLog.entity, 'enrolment'),
				inArray(
					auditLog.entityId,
					db
						.select({ id: sql<string>`${enrolment.id}::text` })
						.from(enrolment)
						.where(eq(enrolment.cohortId, subject.id))
				)
			)!,
			and(
				eq(auditLog.entity, 'team'),
				inArray(
					auditLog.entityId,
					db
						.select({ id: sql<string>`${team.id}::text` })
						.from(team)
						.where(eq(team.cohortId, subject.id))
				)
			)!
		);
	}
	const rows = await db
		.select({
			id: auditLog.id,
			at: auditLog.at,
			who: user.name,
			action: auditLog.action,
			entity: auditLog.entity,
			changes: auditLog.changes
		})
		.from(auditLog)
		.leftJoin(user, eq(user.id, auditLog.actorUserId))
		.where(or(...about))
		.orderBy(desc(auditLog.at), desc(auditLog.id))
		.limit(HISTORY_LIMIT);
	return rows;
}
