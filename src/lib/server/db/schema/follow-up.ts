import { sql } from 'drizzle-orm';
import {
	bigint,
	check,
	date,
	index,
	integer,
	jsonb,
	pgTable,
	text,
	timestamp,
	uniqueIndex,
	uuid
} from 'drizzle-orm/pg-core';
import { user } from './auth';
import { cohort } from './cohorts';
import { workbook } from './workbook';

/**
 * A follow-up round of a cohort's Action Plans after the course: by its due date every
 * cooperative's lead says how each activity is going. One round per cohort and date, so a
 * retried creation adds nothing.
 */
export const followUpRound = pgTable(
	'follow_up_round',
	{
		id: uuid('id').primaryKey().defaultRandom(),
		cohortId: uuid('cohort_id')
			.notNull()
			.references(() => cohort.id, { onDelete: 'cascade' }),
		dueOn: date('due_on').notNull(),
		label: text('label').notNull(),
		createdBy: text('created_by').references(() => user.id, { onDelete: 'set null' }),
		createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow()
	},
	(t) => [
		uniqueIndex('follow_up_round_cohort_due_key').on(t.cohortId, t.dueOn),
		check('follow_up_round_label_check', sql`length(${t.label}) between 1 and 100`)
	]
);

/** What an Action Plan item was when it was first followed up in a round (see docs). */
export interface FollowUpSnapshot {
	activity: string;
	/** Centavos, or null when the row had no budget. */
	budget: number | null;
}

/**
 * How one Action Plan item (a row of `action-plan.activities`) stands in a round: the lead's
 * latest update and the reviewer's answer to it. `revision` is what the next write must name;
 * a new update puts the review back to `pending`.
 */
export const followUpUpdate = pgTable(
	'follow_up_update',
	{
		id: uuid('id').primaryKey().defaultRandom(),
		roundId: uuid('round_id')
			.notNull()
			.references(() => followUpRound.id, { onDelete: 'cascade' }),
		workbookId: uuid('workbook_id')
			.notNull()
			.references(() => workbook.id, { onDelete: 'cascade' }),
		/** The row's index in the activities table when first updated; the snapshot tells edits. */
		itemKey: text('item_key').notNull(),
		snapshot: jsonb('snapshot').$type<FollowUpSnapshot>().notNull(),
		status: text('status', { enum: ['not_started', 'on_track', 'late', 'done'] }).notNull(),
		percent: integer('percent').notNull(),
		indicatorValue: text('indicator_value'),
		/** Amount spent so far, in centavos (Bs × 100), as budgets are. */
		spent: bigint('spent', { mode: 'number' }),
		note: text('note'),
		evidenceName: text('evidence_name'),
		evidenceType: text('evidence_type'),
		evidenceBytes: integer('evidence_bytes'),
		/** Relative to DATA_DIR: `evidence/<uuid>`. The file is renamed there after the commit. */
		evidencePath: text('evidence_path'),
		revision: integer('revision').notNull(),
		updatedBy: text('updated_by').references(() => user.id, { onDelete: 'set null' }),
		updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
		reviewState: text('review_state', { enum: ['pending', 'validated', 'queried'] })
			.notNull()
			.default('pending'),
		reviewerNote: text('reviewer_note'),
		reviewedBy: text('reviewed_by').references(() => user.id, { onDelete: 'set null' }),
		reviewedAt: timestamp('reviewed_at', { withTimezone: true })
	},
	(t) => [
		uniqueIndex('follow_up_update_item_key').on(t.roundId, t.workbookId, t.itemKey),
		index('follow_up_update_workbook_idx').on(t.workbookId),
		check('follow_up_update_percent_check', sql`${t.percent} between 0 and 100`),
		check('follow_up_update_spent_check', sql`${t.spent} is null or ${t.spent} >= 0`),
		check('follow_up_update_revision_check', sql`${t.revision} >= 1`),
		check(
			'follow_up_update_evidence_check',
			sql`${t.evidencePath} is null or (${t.evidenceType} in ('image/jpeg', 'image/png', 'image/webp', 'application/pdf') and ${t.evidenceBytes} > 0)`
		)
	]
);

/**
 * Every step of an item's follow-up: each update the lead wrote and each validation or query,
 * with what it said. The plan's timeline reads it; the client id makes a retried post harmless.
 */
export const followUpEvent = pgTable(
	'follow_up_event',
	{
		id: uuid('id').primaryKey().defaultRandom(),
		clientId: uuid('client_id').notNull(),
		updateId: uuid('update_id')
			.notNull()
			.references(() => followUpUpdate.id, { onDelete: 'cascade' }),
		kind: text('kind', { enum: ['updated', 'validated', 'queried'] }).notNull(),
		/** The update's revision this step wrote or judged. */
		revision: integer('revision').notNull(),
		/** The update's values after an `updated` step; the reviewer's note after a review. */
		data: jsonb('data').$type<Record<string, unknown>>().notNull(),
		actorId: text('actor_id').references(() => user.id, { onDelete: 'set null' }),
		at: timestamp('at', { withTimezone: true }).notNull().defaultNow()
	},
	(t) => [
		uniqueIndex('follow_up_event_client_key').on(t.clientId),
		index('follow_up_event_update_idx').on(t.updateId, t.at)
	]
);
