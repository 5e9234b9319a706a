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
import { cohort, team } from './cohorts';
import { person } from './org';

/**
 * A team running one session of a course (or one member catching up alone). The id is generated
 * by the client that starts it, so a retried "start" never makes two runs. Every change of state
 * bumps `version`; a move names the version it moves from, so a double tap or two phones racing
 * are harmless. Attendance, roles, notes, votes and check-ins are rows, so reports can count them.
 */
export const sessionRun = pgTable(
	'session_run',
	{
		id: uuid('id').primaryKey(),
		teamId: uuid('team_id')
			.notNull()
			.references(() => team.id, { onDelete: 'cascade' }),
		cohortId: uuid('cohort_id')
			.notNull()
			.references(() => cohort.id, { onDelete: 'cascade' }),
		course: text('course').notNull(),
		module: text('module').notNull(),
		session: text('session').notNull(),
		contentVersion: text('content_version').notNull(),
		/** `group`: the team together; `catch_up`: one member alone, not counted as attendance. */
		mode: text('mode', { enum: ['group', 'catch_up'] })
			.notNull()
			.default('group'),
		/** The member catching up (mode `catch_up` only). */
		personId: uuid('person_id').references(() => person.id, { onDelete: 'cascade' }),
		/** setup: attendance and roles; play: the steps; checkin: participation check-in. */
		stage: text('stage', { enum: ['setup', 'play', 'checkin', 'done'] })
			.notNull()
			.default('setup'),
		status: text('status', { enum: ['open', 'paused', 'completed'] })
			.notNull()
			.default('open'),
		/** Index of the current activity (0-based) while playing. */
		step: integer('step').notNull().default(0),
		version: integer('version').notNull().default(1),
		stepStartedAt: timestamp('step_started_at', { withTimezone: true }),
		/** Minutes added to the current step's duration by the time-keeper. */
		stepExtraMinutes: integer('step_extra_minutes').notNull().default(0),
		guests: integer('guests').notNull().default(0),
		/** The device that leads the run (a random id in a cookie); it and the time-keeper move it. */
		leadDevice: text('lead_device'),
		startedBy: text('started_by').references(() => user.id, { onDelete: 'set null' }),
		startedAt: timestamp('started_at', { withTimezone: true }).notNull().defaultNow(),
		updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
		completedAt: timestamp('completed_at', { withTimezone: true })
	},
	(t) => [
		index('session_run_team_idx').on(t.teamId, t.course),
		index('session_run_cohort_idx').on(t.cohortId),
		// One open group run per team per session.
		uniqueIndex('session_run_open_key')
			.on(t.teamId, t.course, t.module, t.session)
			.where(sql`${t.status} <> 'completed' and ${t.mode} = 'group'`),
		check('session_run_guests_check', sql`${t.guests} between 0 and 500`),
		check('session_run_step_check', sql`${t.step} >= 0`),
		check('session_run_mode_check', sql`(${t.mode} = 'catch_up') = (${t.personId} is not null)`)
	]
);

/** Who was present at a group run (a row per present member). */
export const runAttendance = pgTable(
	'run_attendance',
	{
		runId: uuid('run_id')
			.notNull()
			.references(() => sessionRun.id, { onDelete: 'cascade' }),
		personId: uuid('person_id')
			.notNull()
			.references(() => person.id, { onDelete: 'cascade' }),
		recordedAt: timestamp('recorded_at', { withTimezone: true }).notNull().defaultNow()
	},
	(t) => [
		primaryKey({ columns: [t.runId, t.personId] }),
		index('run_attendance_person_idx').on(t.personId)
	]
);

/**
 * Who took which role: `timekeeper` and `notetaker` for the run (step -1), `reader` for a
 * reading step. Rotation counts these rows per person within a course.
 */
export const runRole = pgTable(
	'run_role',
	{
		runId: uuid('run_id')
			.notNull()
			.references(() => sessionRun.id, { onDelete: 'cascade' }),
		role: text('role', { enum: ['timekeeper', 'notetaker', 'reader'] }).notNull(),
		step: integer('step').notNull().default(-1),
		personId: uuid('person_id')
			.notNull()
			.references(() => person.id, { onDelete: 'cascade' }),
		assignedAt: timestamp('assigned_at', { withTimezone: true }).notNull().defaultNow()
	},
	(t) => [
		primaryKey({ columns: [t.runId, t.role, t.step] }),
		index('run_role_person_idx').on(t.personId)
	]
);

/** Every time extension the time-keeper asked for (the client id makes a retry harmless). */
export const runExtension = pgTable(
	'run_extension',
	{
		id: uuid('id').primaryKey(),
		runId: uuid('run_id')
			.notNull()
			.references(() => sessionRun.id, { onDelete: 'cascade' }),
		step: integer('step').notNull(),
		minutes: integer('minutes').notNull(),
		byUser: text('by_user').references(() => user.id, { onDelete: 'set null' }),
		at: timestamp('at', { withTimezone: true }).notNull().defaultNow()
	},
	(t) => [index('run_extension_run_idx').on(t.runId)]
);

/** The note-taker's notes for a discuss/reflect step, with the revision they edit. */
export const runNote = pgTable(
	'run_note',
	{
		runId: uuid('run_id')
			.notNull()
			.references(() => sessionRun.id, { onDelete: 'cascade' }),
		step: integer('step').notNull(),
		text: text('text').notNull(),
		revision: integer('revision').notNull().default(1),
		updatedBy: text('updated_by').references(() => user.id, { onDelete: 'set null' }),
		updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow()
	},
	(t) => [primaryKey({ columns: [t.runId, t.step] })]
);

/** A group decision: consensus or a vote among those present, the option chosen and why. */
export const runDecision = pgTable(
	'run_decision',
	{
		runId: uuid('run_id')
			.notNull()
			.references(() => sessionRun.id, { onDelete: 'cascade' }),
		step: integer('step').notNull(),
		method: text('method', { enum: ['consensus', 'vote'] }).notNull(),
		optionId: text('option_id').notNull(),
		votesYes: integer('votes_yes'),
		votesNo: integer('votes_no'),
		votesAbstain: integer('votes_abstain'),
		reasons: text('reasons').notNull(),
		revision: integer('revision').notNull().default(1),
		decidedBy: text('decided_by').references(() => user.id, { onDelete: 'set null' }),
		decidedAt: timestamp('decided_at', { withTimezone: true }).notNull().defaultNow()
	},
	(t) => [
		primaryKey({ columns: [t.runId, t.step] }),
		check(
			'run_decision_votes_check',
			sql`(${t.method} = 'consensus') or (${t.votesYes} >= 0 and ${t.votesNo} >= 0 and ${t.votesAbstain} >= 0)`
		)
	]
);

/** The closing check-in: how well each present member took part (1 = little, 3 = a lot). */
export const runCheckin = pgTable(
	'run_checkin',
	{
		runId: uuid('run_id')
			.notNull()
			.references(() => sessionRun.id, { onDelete: 'cascade' }),
		personId: uuid('person_id')
			.notNull()
			.references(() => person.id, { onDelete: 'cascade' }),
		score: integer('score').notNull(),
		at: timestamp('at', { withTimezone: true }).notNull().defaultNow()
	},
	(t) => [
		primaryKey({ columns: [t.runId, t.personId] }),
		check('run_checkin_score_check', sql`${t.score} between 1 and 3`)
	]
);

/**
 * A run's answer to a quiz step or to a worksheet with its own fields (worksheets that fill the
 * workbook write `plan_section` instead). JSON validated by the activity's declaration.
 */
export const activityResponse = pgTable(
	'activity_response',
	{
		runId: uuid('run_id')
			.notNull()
			.references(() => sessionRun.id, { onDelete: 'cascade' }),
		step: integer('step').notNull(),
		data: jsonb('data').$type<Record<string, unknown>>().notNull(),
		/** Quiz: correct answers, out of `maxScore`. */
		score: integer('score'),
		maxScore: integer('max_score'),
		revision: integer('revision').notNull().default(1),
		updatedBy: text('updated_by').references(() => user.id, { onDelete: 'set null' }),
		updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow()
	},
	(t) => [primaryKey({ columns: [t.runId, t.step] })]
);

/**
 * A member's pre-test or post-test of a course in a cohort: one attempt each, answered one
 * question at a time (resumable), scored when submitted. The id comes from the client.
 */
export const testAttempt = pgTable(
	'test_attempt',
	{
		id: uuid('id').primaryKey(),
		personId: uuid('person_id')
			.notNull()
			.references(() => person.id, { onDelete: 'cascade' }),
		cohortId: uuid('cohort_id')
			.notNull()
			.references(() => cohort.id, { onDelete: 'cascade' }),
		course: text('course').notNull(),
		kind: text('kind', { enum: ['pre', 'post'] }).notNull(),
		contentVersion: text('content_version').notNull(),
		/** question id → the answer given (option id, list of ids, or true/false). */
		answers: jsonb('answers').$type<Record<string, unknown>>().notNull().default({}),
		revision: integer('revision').notNull().default(1),
		score: integer('score'),
		maxScore: integer('max_score'),
		startedAt: timestamp('started_at', { withTimezone: true }).notNull().defaultNow(),
		submittedAt: timestamp('submitted_at', { withTimezone: true })
	},
	(t) => [
		uniqueIndex('test_attempt_once_key').on(t.personId, t.cohortId, t.course, t.kind),
		index('test_attempt_cohort_idx').on(t.cohortId, t.course)
	]
);
