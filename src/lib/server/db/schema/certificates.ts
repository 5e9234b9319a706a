import { sql } from 'drizzle-orm';
import {
	boolean,
	check,
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
import { person } from './org';

/**
 * What a member of a cohort must have done to be given a certificate, set by a coordinator.
 * One row per cohort; a cohort without one uses the defaults (domain/certificates/rule.ts).
 * `revision` is what the next save must name, so two coordinators never overwrite each other.
 */
export const certificateRule = pgTable(
	'certificate_rule',
	{
		cohortId: uuid('cohort_id')
			.primaryKey()
			.references(() => cohort.id, { onDelete: 'cascade' }),
		/** Least share (percent) of each course's sessions the member must have taken part in. */
		minAttendance: integer('min_attendance').notNull(),
		requirePostTest: boolean('require_post_test').notNull(),
		requirePlanApproved: boolean('require_plan_approved').notNull(),
		/** Least share (percent) of the cohort's live sessions held; 0: they do not count. */
		minLiveAttendance: integer('min_live_attendance').notNull().default(0),
		revision: integer('revision').notNull().default(1),
		updatedBy: text('updated_by').references(() => user.id, { onDelete: 'set null' }),
		updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow()
	},
	(t) => [
		check('certificate_rule_attendance_check', sql`${t.minAttendance} between 0 and 100`),
		check('certificate_rule_live_check', sql`${t.minLiveAttendance} between 0 and 100`),
		check('certificate_rule_revision_check', sql`${t.revision} >= 1`)
	]
);

/** One course as it was certified: what the PDF and the credential say. */
export interface CertifiedCourse {
	slug: string;
	title: { es: string; en: string };
	hours: number;
}

/**
 * A certificate given to one member for one cohort. What it certifies is copied in when it is
 * issued (names, courses, hours), so the certificate never changes if the records do later.
 * At most one standing (not revoked) certificate per member and cohort; the issuing form's client
 * id makes a re-posted form harmless. `credential` is the signed Open Badges 3.0 credential.
 */
export const certificate = pgTable(
	'certificate',
	{
		id: uuid('id').primaryKey().defaultRandom(),
		/** The public code printed on the PDF and in the verification address. */
		code: text('code').notNull(),
		cohortId: uuid('cohort_id')
			.notNull()
			.references(() => cohort.id, { onDelete: 'restrict' }),
		personId: uuid('person_id')
			.notNull()
			.references(() => person.id, { onDelete: 'restrict' }),
		clientId: uuid('client_id').notNull(),
		holderName: text('holder_name').notNull(),
		cohortName: text('cohort_name').notNull(),
		cooperativeName: text('cooperative_name').notNull(),
		federationName: text('federation_name').notNull(),
		courses: jsonb('courses').$type<CertifiedCourse[]>().notNull(),
		credential: jsonb('credential').$type<Record<string, unknown>>().notNull(),
		keyId: text('key_id').notNull(),
		issuedBy: text('issued_by').references(() => user.id, { onDelete: 'set null' }),
		issuedAt: timestamp('issued_at', { withTimezone: true }).notNull().defaultNow(),
		revokedAt: timestamp('revoked_at', { withTimezone: true }),
		revokedBy: text('revoked_by').references(() => user.id, { onDelete: 'set null' }),
		revokeReason: text('revoke_reason')
	},
	(t) => [
		uniqueIndex('certificate_code_key').on(t.code),
		uniqueIndex('certificate_client_person_key').on(t.clientId, t.personId),
		uniqueIndex('certificate_standing_key')
			.on(t.cohortId, t.personId)
			.where(sql`${t.revokedAt} is null`),
		index('certificate_person_idx').on(t.personId),
		check('certificate_revoked_check', sql`(${t.revokedAt} is null) = (${t.revokeReason} is null)`)
	]
);
