import { createHash, randomBytes } from 'node:crypto';
import { eq } from 'drizzle-orm';
import type { Actor } from '../access/guard';
import type { Executor } from '../db/client';
import { calendarFeed, user } from '../db/schema';
import { AppError } from '../errors';
import { listPersonLiveSessions, type LiveSessionRow } from './list-live-sessions';

const hash = (token: string) => createHash('sha256').update(token).digest('hex');

/**
 * A member's secret calendar address: a new token each time (the old address stops working).
 * Only its hash is kept, so the token is shown once, when made.
 */
export async function makeCalendarFeed(deps: { db: Executor }, actor: Actor | null) {
	if (!actor) throw new AppError('unauthenticated');
	if (!actor.personId) throw new AppError('forbidden', 'no person');
	const token = randomBytes(24).toString('base64url');
	await deps.db
		.insert(calendarFeed)
		.values({ userId: actor.userId, tokenHash: hash(token) })
		.onConflictDoUpdate({
			target: calendarFeed.userId,
			set: { tokenHash: hash(token), createdAt: new Date() }
		});
	return { token };
}

/** Whether the member has an address already (its token cannot be shown again). */
export async function hasCalendarFeed(deps: { db: Executor }, actor: Actor | null) {
	if (!actor) return null;
	const [row] = await deps.db
		.select({ at: calendarFeed.createdAt })
		.from(calendarFeed)
		.where(eq(calendarFeed.userId, actor.userId));
	return row?.at ?? null;
}

/**
 * The sessions a secret address shows: the member's cohorts' sessions from 30 days ago on. An
 * unknown token, or an account now disabled, shows nothing (null → 404), never another's.
 */
export async function feedSessions(
	deps: { db: Executor },
	token: string,
	now: Date
): Promise<LiveSessionRow[] | null> {
	if (!/^[A-Za-z0-9_-]{20,64}$/.test(token)) return null;
	const [row] = await deps.db
		.select({ personId: user.personId, disabled: user.disabled })
		.from(calendarFeed)
		.innerJoin(user, eq(user.id, calendarFeed.userId))
		.where(eq(calendarFeed.tokenHash, hash(token)));
	if (!row || row.disabled) return null;
	return listPersonLiveSessions(deps.db, row.personId, new Date(now.getTime() - 30 * 86_400_000));
}
