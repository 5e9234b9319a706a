import { sql } from 'drizzle-orm';
import { check, index, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { user } from './auth';
import { cohort } from './cohorts';
import { cooperative, federation } from './org';

export const roles = [
	'admin',
	'coordinator',
	'facilitator',
	'federation_focal_point',
	'cooperative_lead',
	'participant'
] as const;

/** A role held by a user within a scope: a cohort, a federation or a cooperative. */
export const roleAssignment = pgTable(
	'role_assignment',
	{
		id: uuid('id').primaryKey().defaultRandom(),
		userId: text('user_id')
			.notNull()
			.references(() => user.id, { onDelete: 'cascade' }),
		role: text('role', { enum: roles }).notNull(),
		cohortId: uuid('cohort_id').references(() => cohort.id, { onDelete: 'cascade' }),
		federationId: uuid('federation_id').references(() => federation.id, { onDelete: 'cascade' }),
		cooperativeId: uuid('cooperative_id').references(() => cooperative.id, {
			onDelete: 'cascade'
		}),
		createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow()
	},
	(t) => [
		index('role_assignment_user_idx').on(t.userId),
		uniqueIndex('role_assignment_key').on(
			t.userId,
			t.role,
			sql`coalesce(${t.cohortId}::text, '')`,
			sql`coalesce(${t.federationId}::text, '')`,
			sql`coalesce(${t.cooperativeId}::text, '')`
		),
		// Each role carries exactly the scope it needs, and no other.
		check(
			'role_assignment_scope_check',
			sql`case ${t.role}
				when 'admin' then ${t.cohortId} is null and ${t.federationId} is null and ${t.cooperativeId} is null
				when 'coordinator' then ${t.cohortId} is null and ${t.federationId} is null and ${t.cooperativeId} is null
				when 'facilitator' then ${t.cohortId} is not null and ${t.federationId} is null and ${t.cooperativeId} is null
				when 'federation_focal_point' then ${t.federationId} is not null and ${t.cohortId} is null and ${t.cooperativeId} is null
				when 'cooperative_lead' then ${t.cooperativeId} is not null and ${t.cohortId} is null and ${t.federationId} is null
				when 'participant' then ${t.cohortId} is null and ${t.federationId} is null and ${t.cooperativeId} is null
				else false end`
		)
	]
);
