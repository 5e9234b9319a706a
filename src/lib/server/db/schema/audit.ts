import { sql } from 'drizzle-orm';
import { index, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { user } from './auth';

/** Who changed what, in plans and enrolments (and accounts). */
export const auditLog = pgTable(
	'audit_log',
	{
		id: uuid('id').primaryKey().defaultRandom(),
		actorUserId: text('actor_user_id').references(() => user.id, { onDelete: 'set null' }),
		action: text('action').notNull(),
		entity: text('entity').notNull(),
		entityId: text('entity_id').notNull(),
		changes: jsonb('changes').$type<Record<string, unknown>>(),
		at: timestamp('at', { withTimezone: true }).notNull().defaultNow()
	},
	(t) => [
		index('audit_log_entity_idx').on(t.entity, t.entityId, t.at),
		// The admin's audit search: newest first across the platform, by who acted or by action.
		index('audit_log_at_idx').on(t.at, t.id),
		index('audit_log_actor_idx').on(t.actorUserId, t.at, t.id),
		index('audit_log_action_idx').on(t.action, t.at, t.id),
		// A post from a phone's queue is recorded once however often it is sent (record-replay.ts).
		uniqueIndex('audit_log_replay_idx')
			.on(sql`((${t.changes} ->> 'replay'))`)
			.where(sql`${t.action} = 'queue.replayed'`)
	]
);
