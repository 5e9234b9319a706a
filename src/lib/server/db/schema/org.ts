import { sql, type SQL } from 'drizzle-orm';
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

// Lower case without the accents Spanish, Quechua and Aymara names carry, so a search for
// "poopo" finds "Poopó". Both cases are listed: lower() of a non-ASCII letter depends on the
// database locale. Must match domain/text.ts fold() for the letters we meet.
const accented = 'áàâäãéèêëíìîïóòôöõúùûüñçÁÀÂÄÃÉÈÊËÍÌÎÏÓÒÔÖÕÚÙÛÜÑÇ';
const plain = 'aaaaaeeeeiiiiooooouuuuncaaaaaeeeeiiiiooooouuuunc';
export const foldSql = (expr: SQL): SQL =>
	sql`translate(lower(${expr}), ${sql.raw(`'${accented}'`)}, ${sql.raw(`'${plain}'`)})`;

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
		// Folded name, short name, registry number and municipality, for accent-blind search.
		search: text('search')
			.notNull()
			.generatedAlwaysAs((): SQL =>
				foldSql(
					sql`${cooperative.name} || ' ' || coalesce(${cooperative.shortName}, '') || ' ' || coalesce(${cooperative.registryNumber}, '') || ' ' || coalesce(${cooperative.municipality}, '')`
				)
			),
		createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
		updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow()
	},
	(t) => [
		uniqueIndex('cooperative_registry_number_key').on(t.registryNumber),
		index('cooperative_federation_idx').on(t.federationId),
		index('cooperative_department_idx').on(t.department),
		index('cooperative_search_trgm_idx').using('gin', t.search.op('gin_trgm_ops')),
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
		// Folded "given names surnames", for accent-blind search (trigram index below).
		search: text('search')
			.notNull()
			.generatedAlwaysAs((): SQL =>
				foldSql(sql`${person.givenNames} || ' ' || ${person.surnames}`)
			),
		createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
		updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow()
	},
	(t) => [
		uniqueIndex('person_ci_number_key').on(t.ciNumber),
		index('person_cooperative_idx').on(t.cooperativeId),
		// The default order of every people list, so a page is read from the index.
		index('person_name_idx').on(t.surnames, t.givenNames, t.id),
		index('person_search_trgm_idx').using('gin', t.search.op('gin_trgm_ops'))
	]
);
