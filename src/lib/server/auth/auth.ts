import { betterAuth } from 'better-auth';
import { sql } from 'drizzle-orm';
import { drizzleAdapter } from 'better-auth/adapters/drizzle';
import { username } from 'better-auth/plugins';
import type { Db } from '../db/client';
import { account, session, signInRecord, user, verification } from '../db/schema';

export const SESSION_DAYS = 30;

export function createAuth(db: Db, opts: { secret: string; baseURL: string }) {
	return betterAuth({
		database: drizzleAdapter(db, {
			provider: 'pg',
			schema: { user, session, account, verification }
		}),
		secret: opts.secret,
		baseURL: opts.baseURL,
		trustedOrigins: [opts.baseURL],
		// Accounts are created by invitation only; nobody signs up alone.
		emailAndPassword: { enabled: true, disableSignUp: true, minPasswordLength: 8 },
		// No cookie cache: its payload schema requires an e-mail address, which most members lack.
		session: { expiresIn: SESSION_DAYS * 24 * 60 * 60, updateAge: 24 * 60 * 60 },
		// Sign-in is rate-limited by our own table, which every process shares.
		rateLimit: { enabled: false },
		telemetry: { enabled: false },
		// Every way in (a password, a link) opens a session: the admin console shows the last one.
		databaseHooks: {
			session: {
				create: {
					after: async (s) => {
						await db
							.insert(signInRecord)
							.values({ userId: s.userId, lastAt: sql`now()` })
							.onConflictDoUpdate({ target: signInRecord.userId, set: { lastAt: sql`now()` } });
					}
				}
			}
		},
		plugins: [username({ minUsernameLength: 3, maxUsernameLength: 60 })]
	});
}

export type Auth = ReturnType<typeof createAuth>;
