import { sql } from 'drizzle-orm';
import {
	check,
	index,
	integer,
	pgTable,
	text,
	timestamp,
	uniqueIndex,
	uuid,
	date
} from 'drizzle-orm/pg-core';

export const federation = pgTable(
	'federation',
	{
		id: uuid('id').primaryKey().defaultRandom(),
		name: text('name').notNull(),
		shortName: text('short_name').notNull(),
		level: text('level', { enum: ['national', 'regional', 'departmental'] }).notNull(),
		department: text('department'),
		createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
		updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow()
	},
	(t) => [uniqueIndex('federation_short_name_key').on(sql`lower(${t.shortName})`)]
);

export const cooperative = pgTable(
	'cooperative',
	{
		id: uuid('id').primaryKey().defaultRandom(),
		federationId: uuid('federation_id')
			.notNull()
			.references(() => federation.id, { onDelete: 'restrict' }),
		name: text('name').notNull(),
		shortName: text('short_name'),
		// AFCOOP registry number (Registro Estatal de Cooperativas).
		registryNumber: text('registry_number'),
		minerals: text('minerals')
			.array()
			.notNull()
			.default(sql`'{}'::text[]`),
		department: text('department').notNull(),
		municipality: text('municipality'),
		membersWomen: integer('members_women'),
		membersMen: integer('members_men'),
		miningContract: text('mining_contract'),
		status: text('status', { enum: ['active', 'inactive'] })
			.notNull()
			.default('active'),
		createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
		updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow()
	},
	(t) => [
		uniqueIndex('cooperative_registry_number_key').on(t.registryNumber),
		index('cooperative_federation_idx').on(t.federationId),
		check(
			'cooperative_members_check',
			sql`coalesce(${t.membersWomen}, 0) >= 0 and coalesce(${t.membersMen}, 0) >= 0`
		)
	]
);

/** A member record. A person exists without an account. */
export const person = pgTable(
	'person',
	{
		id: uuid('id').primaryKey().defaultRandom(),
		cooperativeId: uuid('cooperative_id').references(() => cooperative.id, {
			onDelete: 'restrict'
		}),
		givenNames: text('given_names').notNull(),
		surnames: text('surnames').notNull(),
		// Bolivian identity card: number, optional duplicate suffix, department of issue.
		ciNumber: text('ci_number'),
		ciExtension: text('ci_extension'),
		sex: text('sex', { enum: ['F', 'M'] }).notNull(),
		birthDate: date('birth_date'),
		phone: text('phone'),
		roleInCooperative: text('role_in_cooperative'),
		createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
		updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow()
	},
	(t) => [
		uniqueIndex('person_ci_number_key').on(t.ciNumber),
		index('person_cooperative_idx').on(t.cooperativeId)
	]
);
