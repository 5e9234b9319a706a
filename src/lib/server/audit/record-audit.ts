import type { Executor } from '../db/client';
import { auditLog } from '../db/schema';
import type { Actor } from '../access/guard';
import { authorOf, SYSTEM_USER_ID } from '../import/system-actor';

export type AuditEntity =
	| 'federation'
	| 'cooperative'
	| 'person'
	| 'programme'
	| 'cohort'
	| 'enrolment'
	| 'team'
	| 'correction_request'
	| 'user'
	| 'session_run'
	| 'plan_section'
	| 'certificate'
	| 'backup'
	| 'live_session'
	| 'message_batch'
	| 'outbox_message'
	| 'contact_opt_out';

/**
 * One line of the audit log: who did what to which record, and what changed (for updates,
 * `{ field: { from, to } }`; for creations, the values set). Written in the caller's transaction
 * so a change and its record stand or fall together.
 */
export async function recordAudit(
	db: Executor,
	actor: Actor | null,
	entry: {
		action: string;
		entity: AuditEntity;
		entityId: string;
		changes?: Record<string, unknown>;
		at?: Date;
	}
): Promise<void> {
	await recordAudits(db, actor, [entry]);
}

/** Many lines at once (bulk enrolment, team formation): one insert. */
export async function recordAudits(
	db: Executor,
	actor: Actor | null,
	entries: Array<{
		action: string;
		entity: AuditEntity;
		entityId: string;
		changes?: Record<string, unknown>;
		at?: Date;
	}>
): Promise<void> {
	if (!entries.length) return;
	// The command line acts with no account: no author, and the line says it came from there.
	const cli = actor?.userId === SYSTEM_USER_ID;
	for (let i = 0; i < entries.length; i += 1000)
		await db.insert(auditLog).values(
			entries.slice(i, i + 1000).map((e) => ({
				actorUserId: actor ? authorOf(actor) : null,
				action: e.action,
				entity: e.entity,
				entityId: e.entityId,
				changes: cli ? { ...e.changes, via: 'cli' } : (e.changes ?? null),
				...(e.at ? { at: e.at } : {})
			}))
		);
}
