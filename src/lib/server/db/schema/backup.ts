import {
	bigint,
	boolean,
	date,
	index,
	jsonb,
	pgTable,
	text,
	timestamp,
	uniqueIndex,
	uuid
} from 'drizzle-orm/pg-core';
import { user } from './auth';

/**
 * One backup this server made (scheduled, asked for by an admin, or from the command line) and
 * what its verification found. It describes files on this server, so it is not itself backed up.
 */
export const backupRun = pgTable(
	'backup_run',
	{
		id: uuid('id').primaryKey().defaultRandom(),
		trigger: text('trigger', { enum: ['scheduled', 'admin', 'cli'] }).notNull(),
		// The La Paz day a scheduled run is for: unique, so two processes cannot both take it.
		scheduledFor: date('scheduled_for'),
		// The admin form's id: a form sent twice makes one backup.
		clientId: uuid('client_id'),
		requestedBy: text('requested_by').references(() => user.id, { onDelete: 'set null' }),
		status: text('status', { enum: ['running', 'done', 'failed'] }).notNull(),
		fileName: text('file_name'),
		sizeBytes: bigint('size_bytes', { mode: 'number' }),
		sha256: text('sha256'),
		rowCount: bigint('row_count', { mode: 'number' }),
		error: text('error'),
		startedAt: timestamp('started_at', { withTimezone: true }).notNull().defaultNow(),
		finishedAt: timestamp('finished_at', { withTimezone: true }),
		verifiedAt: timestamp('verified_at', { withTimezone: true }),
		verifyOk: boolean('verify_ok'),
		verifyReport: jsonb('verify_report').$type<Record<string, unknown>>(),
		// Removed by the retention rule (or found missing): kept as history.
		deletedAt: timestamp('deleted_at', { withTimezone: true })
	},
	(t) => [
		uniqueIndex('backup_run_scheduled_key').on(t.scheduledFor),
		uniqueIndex('backup_run_client_key').on(t.clientId),
		index('backup_run_started_idx').on(t.startedAt)
	]
);
