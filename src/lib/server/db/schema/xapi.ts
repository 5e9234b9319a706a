import { sql } from 'drizzle-orm';
import { check, index, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { user } from './auth';
import { programme } from './cohorts';
import { federation } from './org';

/**
 * A key a BI tool or LRS uses to read the xAPI feed (`GET /xapi/statements`) with HTTP Basic:
 * the id is the user name, the secret the password. Only the SHA-256 of the secret is kept: the
 * secret is shown once, when the key is made. The scope bounds what the key reads: everything,
 * one programme's cohorts, or one federation's cooperatives.
 */
export const apiKey = pgTable(
	'api_key',
	{
		id: uuid('id').primaryKey().defaultRandom(),
		name: text('name').notNull(),
		// Hex SHA-256 of the secret; the secret is 32 random bytes, so no slow hash is needed.
		secretHash: text('secret_hash').notNull(),
		scope: text('scope', { enum: ['all', 'programme', 'federation'] }).notNull(),
		// The key dies with what it is scoped to: it must never widen to everything.
		programmeId: uuid('programme_id').references(() => programme.id, { onDelete: 'cascade' }),
		federationId: uuid('federation_id').references(() => federation.id, { onDelete: 'cascade' }),
		createdBy: text('created_by').references(() => user.id, { onDelete: 'set null' }),
		createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
		revokedAt: timestamp('revoked_at', { withTimezone: true }),
		lastUsedAt: timestamp('last_used_at', { withTimezone: true }),
		// The id of the web form that made it: a form sent twice makes one key, not two.
		clientId: uuid('client_id')
	},
	(t) => [
		index('api_key_created_idx').on(t.createdAt),
		uniqueIndex('api_key_client_key').on(t.clientId),
		check(
			'api_key_scope_check',
			sql`(${t.scope} = 'all' and ${t.programmeId} is null and ${t.federationId} is null)
				or (${t.scope} = 'programme' and ${t.programmeId} is not null and ${t.federationId} is null)
				or (${t.scope} = 'federation' and ${t.federationId} is not null and ${t.programmeId} is null)`
		),
		check('api_key_name_check', sql`length(${t.name}) between 1 and 100`)
	]
);
