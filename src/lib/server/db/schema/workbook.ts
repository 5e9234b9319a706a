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
import { programme } from './cohorts';
import { cooperative } from './org';
import { sessionRun } from './sessions';

/** The cooperative's workbook in a programme: the material its plan is made of. */
export const workbook = pgTable(
	'workbook',
	{
		id: uuid('id').primaryKey().defaultRandom(),
		cooperativeId: uuid('cooperative_id')
			.notNull()
			.references(() => cooperative.id, { onDelete: 'cascade' }),
		programmeId: uuid('programme_id')
			.notNull()
			.references(() => programme.id, { onDelete: 'cascade' }),
		createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow()
	},
	(t) => [uniqueIndex('workbook_cooperative_programme_key').on(t.cooperativeId, t.programmeId)]
);

/**
 * One section of the workbook (`<part>.<section>` of content/workbook.yaml): its current data,
 * validated by the section's declared fields, and the revision that a save must name.
 */
export const planSection = pgTable(
	'plan_section',
	{
		workbookId: uuid('workbook_id')
			.notNull()
			.references(() => workbook.id, { onDelete: 'cascade' }),
		sectionKey: text('section_key').notNull(),
		data: jsonb('data').$type<Record<string, unknown>>().notNull(),
		revision: integer('revision').notNull(),
		status: text('status', {
			enum: ['draft', 'submitted', 'changes_requested', 'approved']
		})
			.notNull()
			.default('draft'),
		/** Where the last save came from. */
		source: text('source', { enum: ['session', 'workbook'] }).notNull(),
		runId: uuid('run_id').references(() => sessionRun.id, { onDelete: 'set null' }),
		updatedBy: text('updated_by').references(() => user.id, { onDelete: 'set null' }),
		updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow()
	},
	(t) => [
		primaryKey({ columns: [t.workbookId, t.sectionKey] }),
		check('plan_section_revision_check', sql`${t.revision} >= 1`)
	]
);

/** Every saved version of a section. The client id makes a retried save harmless. */
export const planRevision = pgTable(
	'plan_revision',
	{
		id: uuid('id').primaryKey().defaultRandom(),
		clientId: uuid('client_id').notNull(),
		workbookId: uuid('workbook_id')
			.notNull()
			.references(() => workbook.id, { onDelete: 'cascade' }),
		sectionKey: text('section_key').notNull(),
		revision: integer('revision').notNull(),
		data: jsonb('data').$type<Record<string, unknown>>().notNull(),
		source: text('source', { enum: ['session', 'workbook'] }).notNull(),
		runId: uuid('run_id').references(() => sessionRun.id, { onDelete: 'set null' }),
		savedBy: text('saved_by').references(() => user.id, { onDelete: 'set null' }),
		savedAt: timestamp('saved_at', { withTimezone: true }).notNull().defaultNow()
	},
	(t) => [
		uniqueIndex('plan_revision_client_key').on(t.clientId),
		uniqueIndex('plan_revision_section_key').on(t.workbookId, t.sectionKey, t.revision),
		index('plan_revision_run_idx').on(t.runId)
	]
);

/**
 * The review of a section, step by step: the team submits a revision, the facilitator (or a
 * coordinator) asks for changes or approves that revision. The section's timeline; an approval
 * names who approved and which revision. The client id makes a retried post harmless.
 */
export const planReviewEvent = pgTable(
	'plan_review_event',
	{
		id: uuid('id').primaryKey().defaultRandom(),
		clientId: uuid('client_id').notNull(),
		workbookId: uuid('workbook_id')
			.notNull()
			.references(() => workbook.id, { onDelete: 'cascade' }),
		sectionKey: text('section_key').notNull(),
		kind: text('kind', { enum: ['submitted', 'changes_requested', 'approved'] }).notNull(),
		revision: integer('revision').notNull(),
		actorId: text('actor_id').references(() => user.id, { onDelete: 'set null' }),
		at: timestamp('at', { withTimezone: true }).notNull().defaultNow()
	},
	(t) => [
		uniqueIndex('plan_review_event_client_key').on(t.clientId),
		index('plan_review_event_section_idx').on(t.workbookId, t.sectionKey, t.at)
	]
);

/**
 * A reviewer's comment on one field of a section (or on the section as a whole when `field_id` is
 * null), and the team's answers to it (`parent_id`). Written on the revision the writer was reading.
 */
export const planComment = pgTable(
	'plan_comment',
	{
		id: uuid('id').primaryKey().defaultRandom(),
		clientId: uuid('client_id').notNull(),
		workbookId: uuid('workbook_id')
			.notNull()
			.references(() => workbook.id, { onDelete: 'cascade' }),
		sectionKey: text('section_key').notNull(),
		fieldId: text('field_id'),
		parentId: uuid('parent_id'),
		revision: integer('revision').notNull(),
		body: text('body').notNull(),
		authorId: text('author_id').references(() => user.id, { onDelete: 'set null' }),
		createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow()
	},
	(t) => [
		uniqueIndex('plan_comment_client_key').on(t.clientId),
		index('plan_comment_section_idx').on(t.workbookId, t.sectionKey, t.createdAt),
		check('plan_comment_body_check', sql`length(${t.body}) between 1 and 2000`)
	]
);
