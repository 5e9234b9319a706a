import { sql } from 'drizzle-orm';
import {
	boolean,
	index,
	integer,
	pgTable,
	text,
	timestamp,
	uniqueIndex,
	uuid
} from 'drizzle-orm/pg-core';
import { person } from './org';

// better-auth's core tables, written by hand (its schema CLI needs Node 22).
// e-mail is optional: most miners have none; they sign in by username or phone.
export const user = pgTable(
	'user',
	{
		id: text('id').primaryKey(),
		name: text('name').notNull(),
		email: text('email'),
		emailVerified: boolean('email_verified').notNull().default(false),
		image: text('image'),
		username: text('username').notNull(),
		displayUsername: text('display_username'),
		phone: text('phone'),
		personId: uuid('person_id').references(() => person.id, { onDelete: 'set null' }),
		locale: text('locale'),
		disabled: boolean('disabled').notNull().default(false),
		/** Bumped by every admin change (lock, roles, sessions ended): a stale form is detected. */
		revision: integer('revision').notNull().default(0),
		createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
		updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow()
	},
	(t) => [
		uniqueIndex('user_username_key').on(t.username),
		uniqueIndex('user_email_key').on(sql`lower(${t.email})`),
		uniqueIndex('user_phone_key').on(t.phone),
		uniqueIndex('user_person_key').on(t.personId)
	]
);

export const session = pgTable(
	'session',
	{
		id: text('id').primaryKey(),
		expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
		token: text('token').notNull().unique(),
		createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
		updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
		ipAddress: text('ip_address'),
		userAgent: text('user_agent'),
		userId: text('user_id')
			.notNull()
			.references(() => user.id, { onDelete: 'cascade' })
	},
	(t) => [index('session_user_idx').on(t.userId)]
);

export const account = pgTable(
	'account',
	{
		id: text('id').primaryKey(),
		accountId: text('account_id').notNull(),
		providerId: text('provider_id').notNull(),
		userId: text('user_id')
			.notNull()
			.references(() => user.id, { onDelete: 'cascade' }),
		accessToken: text('access_token'),
		refreshToken: text('refresh_token'),
		idToken: text('id_token'),
		accessTokenExpiresAt: timestamp('access_token_expires_at', { withTimezone: true }),
		refreshTokenExpiresAt: timestamp('refresh_token_expires_at', { withTimezone: true }),
		scope: text('scope'),
		password: text('password'),
		createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
		updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow()
	},
	(t) => [index('account_user_idx').on(t.userId)]
);

export const verification = pgTable('verification', {
	id: text('id').primaryKey(),
	identifier: text('identifier').notNull(),
	value: text('value').notNull(),
	expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
	createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
	updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow()
});

/** A link that lets a person choose a password: first access or a forgotten password. */
export const invitation = pgTable(
	'invitation',
	{
		id: uuid('id').primaryKey().defaultRandom(),
		userId: text('user_id')
			.notNull()
			.references(() => user.id, { onDelete: 'cascade' }),
		// Only the hash is stored: a leaked database does not leak usable links.
		tokenHash: text('token_hash').notNull().unique(),
		purpose: text('purpose', { enum: ['invite', 'reset'] }).notNull(),
		createdBy: text('created_by').references(() => user.id, { onDelete: 'set null' }),
		createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
		expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
		usedAt: timestamp('used_at', { withTimezone: true }),
		revokedAt: timestamp('revoked_at', { withTimezone: true })
	},
	(t) => [index('invitation_user_idx').on(t.userId)]
);

/**
 * Failed sign-ins per account (or per unknown identifier) and per client address, kept in the
 * database so the limit holds across processes. One row per key, updated atomically.
 */
export const signInThrottle = pgTable('sign_in_throttle', {
	key: text('key').primaryKey(),
	/** Attempts that have not succeeded, counted before the password is checked. */
	failures: integer('failures').notNull(),
	/** The next attempt is refused before this time. */
	waitUntil: timestamp('wait_until', { withTimezone: true }).notNull(),
	lastAt: timestamp('last_at', { withTimezone: true }).notNull()
});

/**
 * When each account last opened a session, any way in (a password, a link), for the admin
 * console. Written on every sign-in, so kept apart from `user`, as sessions and counters are.
 */
export const signInRecord = pgTable('sign_in_record', {
	userId: text('user_id')
		.primaryKey()
		.references(() => user.id, { onDelete: 'cascade' }),
	lastAt: timestamp('last_at', { withTimezone: true }).notNull()
});
