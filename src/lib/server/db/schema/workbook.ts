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
