import { sql } from 'drizzle-orm';
import {
	check,
	index,
	integer,
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
 * A live virtual session of a cohort (the inauguration, a weekly question time) held in a
 * meeting tool the programme already uses. `client_id` is the scheduling form's id, so a form
 * sent twice schedules once; `revision` guards edits, `attendance_revision` the attendance list.
 */
export const liveSession = pgTable(
	'live_session',
	{
		id: uuid('id').primaryKey().defaultRandom(),
		cohortId: uuid('cohort_id')
			.notNull()
			.references(() => cohort.id, { onDelete: 'cascade' }),
		clientId: uuid('client_id').notNull(),
		title: text('title').notNull(),
		startsAt: timestamp('starts_at', { withTimezone: true }).notNull(),
		durationMinutes: integer('duration_minutes').notNull(),
		meetingUrl: text('meeting_url').notNull(),
		agenda: text('agenda').notNull().default(''),
		revision: integer('revision').notNull().default(1),
		attendanceRevision: integer('attendance_revision').notNull().default(0),
		cancelledAt: timestamp('cancelled_at', { withTimezone: true }),
		createdBy: text('created_by').references(() => user.id, { onDelete: 'set null' }),
		createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
		updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow()
	},
	(t) => [
		uniqueIndex('live_session_client_key').on(t.clientId),
		index('live_session_cohort_idx').on(t.cohortId, t.startsAt),
		check('live_session_title_check', sql`length(${t.title}) between 1 and 120`),
		check('live_session_duration_check', sql`${t.durationMinutes} between 10 and 480`),
		check('live_session_url_check', sql`${t.meetingUrl} like 'https://%'`)
	]
);

/** Who took part in a live session, as the facilitator recorded it (ticked, or imported). */
export const liveAttendance = pgTable(
	'live_attendance',
	{
		sessionId: uuid('session_id')
			.notNull()
			.references(() => liveSession.id, { onDelete: 'cascade' }),
		personId: uuid('person_id')
			.notNull()
			.references(() => person.id, { onDelete: 'cascade' }),
		source: text('source').notNull().default('ticked'),
		recordedBy: text('recorded_by').references(() => user.id, { onDelete: 'set null' }),
		recordedAt: timestamp('recorded_at', { withTimezone: true }).notNull().defaultNow()
	},
	(t) => [
		primaryKey({ columns: [t.sessionId, t.personId] }),
		index('live_attendance_person_idx').on(t.personId),
		check('live_attendance_source_check', sql`${t.source} in ('ticked', 'imported')`)
	]
);

/**
 * A member's calendar feed: phone calendars subscribe to a secret URL. Only a hash of the token
 * is kept; a new token replaces the old one (the old URL stops working).
 */
export const calendarFeed = pgTable('calendar_feed', {
	userId: text('user_id')
		.primaryKey()
		.references(() => user.id, { onDelete: 'cascade' }),
	tokenHash: text('token_hash').notNull().unique(),
	createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow()
});
