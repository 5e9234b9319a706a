import { sql } from 'drizzle-orm';
import {
	check,
	date,
	index,
	integer,
	pgTable,
	text,
	timestamp,
	uniqueIndex,
	uuid
} from 'drizzle-orm/pg-core';
import { cooperative, person } from './org';

export const programme = pgTable('programme', {
	id: uuid('id').primaryKey().defaultRandom(),
	name: text('name').notNull(),
	description: text('description'),
	startsOn: date('starts_on'),
	endsOn: date('ends_on'),
	createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
	updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow()
});

export const cohort = pgTable(
	'cohort',
	{
		id: uuid('id').primaryKey().defaultRandom(),
		programmeId: uuid('programme_id')
			.notNull()
			.references(() => programme.id, { onDelete: 'restrict' }),
		name: text('name').notNull(),
		startsOn: date('starts_on').notNull(),
		endsOn: date('ends_on').notNull(),
		capacity: integer('capacity'),
		courses: text('courses')
			.array()
			.notNull()
			.default(sql`'{}'::text[]`),
		createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
		updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow()
	},
	(t) => [
		index('cohort_programme_idx').on(t.programmeId),
		check('cohort_dates_check', sql`${t.endsOn} >= ${t.startsOn}`),
		check('cohort_capacity_check', sql`${t.capacity} is null or ${t.capacity} > 0`)
	]
);

/** The peer group that works through the sessions together (normally one per cooperative). */
export const team = pgTable(
	'team',
	{
		id: uuid('id').primaryKey().defaultRandom(),
		cohortId: uuid('cohort_id')
			.notNull()
			.references(() => cohort.id, { onDelete: 'cascade' }),
		cooperativeId: uuid('cooperative_id').references(() => cooperative.id, {
			onDelete: 'restrict'
		}),
		name: text('name').notNull(),
		createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow()
	},
	(t) => [
		index('team_cohort_idx').on(t.cohortId),
		index('team_cooperative_idx').on(t.cooperativeId)
	]
);

/** A person in a cohort, through a cooperative; a person belongs to at most one team per cohort. */
export const enrolment = pgTable(
	'enrolment',
	{
		id: uuid('id').primaryKey().defaultRandom(),
		cohortId: uuid('cohort_id')
			.notNull()
			.references(() => cohort.id, { onDelete: 'cascade' }),
		personId: uuid('person_id')
			.notNull()
			.references(() => person.id, { onDelete: 'cascade' }),
		cooperativeId: uuid('cooperative_id')
			.notNull()
			.references(() => cooperative.id, { onDelete: 'restrict' }),
		teamId: uuid('team_id').references(() => team.id, { onDelete: 'set null' }),
		status: text('status', { enum: ['active', 'withdrawn', 'completed'] })
			.notNull()
			.default('active'),
		createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
		updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow()
	},
	(t) => [
		uniqueIndex('enrolment_cohort_person_key').on(t.cohortId, t.personId),
		index('enrolment_person_idx').on(t.personId),
		index('enrolment_cooperative_idx').on(t.cooperativeId),
		index('enrolment_team_idx').on(t.teamId)
	]
);
