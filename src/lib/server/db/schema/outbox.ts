import { sql } from 'drizzle-orm';
import {
	check,
	index,
	integer,
	jsonb,
	pgTable,
	primaryKey,
	text,
	timestamp,
	uniqueIndex,
	uuid
} from 'drizzle-orm/pg-core';
import { user } from './auth';
import { cohort } from './cohorts';
import { person } from './org';

/**
 * A message written by hand to a cohort, a team or a cooperative's members: who sent it, to whom,
 * what. Its rows in `outbox_message` point back here. `client_id` is the confirm form's id, so a
 * confirm sent twice queues nothing twice.
 */
export const messageBatch = pgTable(
	'message_batch',
	{
		id: uuid('id').primaryKey().defaultRandom(),
		clientId: uuid('client_id').notNull(),
		cohortId: uuid('cohort_id')
			.notNull()
			.references(() => cohort.id, { onDelete: 'cascade' }),
		/** `cohort`, `team:<id>` or `cooperative:<id>`. */
		audience: text('audience').notNull(),
		body: text('body').notNull(),
		recipients: integer('recipients').notNull().default(0),
		createdBy: text('created_by').references(() => user.id, { onDelete: 'set null' }),
		createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow()
	},
	(t) => [
		uniqueIndex('message_batch_client_key').on(t.clientId),
		check('message_batch_body_check', sql`length(${t.body}) between 1 and 1000`)
	]
);

/**
 * Every message the platform sends, one row per recipient and channel. A worker claims queued
 * rows (`FOR UPDATE SKIP LOCKED`) and hands them to the channel's adapter; without an adapter
 * they wait here to be sent by hand. `dedupe_key` makes planning a reminder twice queue it once.
 */
export const outboxMessage = pgTable(
	'outbox_message',
	{
		id: uuid('id').primaryKey().defaultRandom(),
		dedupeKey: text('dedupe_key').notNull(),
		batchId: uuid('batch_id').references(() => messageBatch.id, { onDelete: 'cascade' }),
		kind: text('kind').notNull(),
		channel: text('channel', { enum: ['whatsapp', 'sms', 'email'] }).notNull(),
		personId: uuid('person_id').references(() => person.id, { onDelete: 'cascade' }),
		recipient: text('recipient').notNull(),
		locale: text('locale').notNull().default('es'),
		body: text('body').notNull(),
		template: text('template'),
		templateParams: jsonb('template_params').$type<string[]>(),
		sendAfter: timestamp('send_after', { withTimezone: true }).notNull().defaultNow(),
		status: text('status', { enum: ['queued', 'sending', 'sent', 'failed', 'cancelled'] })
			.notNull()
			.default('queued'),
		attempts: integer('attempts').notNull().default(0),
		nextAttemptAt: timestamp('next_attempt_at', { withTimezone: true }).notNull().defaultNow(),
		/** While `sending`: past this instant the claim is considered lost (a crash) and retaken. */
		lockedUntil: timestamp('locked_until', { withTimezone: true }),
		lastError: text('last_error'),
		sentAt: timestamp('sent_at', { withTimezone: true }),
		/** `hand` when someone marked it sent from the outbox page. */
		providerId: text('provider_id'),
		createdBy: text('created_by').references(() => user.id, { onDelete: 'set null' }),
		createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
		updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow()
	},
	(t) => [
		uniqueIndex('outbox_message_dedupe_key').on(t.dedupeKey),
		index('outbox_message_due_idx').on(t.status, t.nextAttemptAt),
		index('outbox_message_person_idx').on(t.personId),
		index('outbox_message_batch_idx').on(t.batchId),
		index('outbox_message_created_idx').on(t.createdAt, t.id),
		check('outbox_message_channel_check', sql`${t.channel} in ('whatsapp', 'sms', 'email')`),
		check(
			'outbox_message_status_check',
			sql`${t.status} in ('queued', 'sending', 'sent', 'failed', 'cancelled')`
		)
	]
);

/** A member said "do not write to me on this channel". Checked when queuing and when sending. */
export const contactOptOut = pgTable(
	'contact_opt_out',
	{
		personId: uuid('person_id')
			.notNull()
			.references(() => person.id, { onDelete: 'cascade' }),
		channel: text('channel', { enum: ['whatsapp', 'sms', 'email'] }).notNull(),
		recordedBy: text('recorded_by').references(() => user.id, { onDelete: 'set null' }),
		createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow()
	},
	(t) => [
		primaryKey({ columns: [t.personId, t.channel] }),
		check('contact_opt_out_channel_check', sql`${t.channel} in ('whatsapp', 'sms', 'email')`)
	]
);
