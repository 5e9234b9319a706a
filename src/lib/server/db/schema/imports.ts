import { index, integer, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { user } from './auth';
import { cohort } from './cohorts';
import { person } from './org';

/**
 * A member list being imported: the parsed rows and the guessed (or edited) column mapping are
 * kept between the preview and the confirmation, so nothing is uploaded twice.
 */
export const importBatch = pgTable(
	'import_batch',
	{
		id: uuid('id').primaryKey().defaultRandom(),
		cohortId: uuid('cohort_id')
			.notNull()
			.references(() => cohort.id, { onDelete: 'cascade' }),
		fileName: text('file_name').notNull(),
		fileHash: text('file_hash').notNull(),
		status: text('status', { enum: ['previewed', 'committed', 'discarded'] })
			.notNull()
			.default('previewed'),
		headerRow: integer('header_row'),
		mapping: jsonb('mapping').$type<Record<string, string | null>>(),
		rows: jsonb('rows').$type<unknown[]>(),
		summary: jsonb('summary').$type<Record<string, number>>(),
		createdBy: text('created_by').references(() => user.id, { onDelete: 'set null' }),
		createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
		committedAt: timestamp('committed_at', { withTimezone: true })
	},
	(t) => [index('import_batch_cohort_idx').on(t.cohortId, t.createdAt)]
);

/** A cooperative lead's proposed change to a member's data, for a coordinator to accept or refuse. */
export const correctionRequest = pgTable(
	'correction_request',
	{
		id: uuid('id').primaryKey().defaultRandom(),
		personId: uuid('person_id')
			.notNull()
			.references(() => person.id, { onDelete: 'cascade' }),
		proposed: jsonb('proposed').$type<Record<string, unknown>>().notNull(),
		note: text('note'),
		status: text('status', { enum: ['open', 'accepted', 'refused'] })
			.notNull()
			.default('open'),
		createdBy: text('created_by').references(() => user.id, { onDelete: 'set null' }),
		createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
		reviewedBy: text('reviewed_by').references(() => user.id, { onDelete: 'set null' }),
		reviewedAt: timestamp('reviewed_at', { withTimezone: true })
	},
	(t) => [index('correction_request_person_idx').on(t.personId)]
);
