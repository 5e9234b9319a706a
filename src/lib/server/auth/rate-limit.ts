import { and, eq, gte, inArray, sql } from 'drizzle-orm';
import type { Executor } from '../db/client';
import { signInAttempt } from '../db/schema';

export const WINDOW_MINUTES = 15;
/** Failures allowed per account identifier, and per client address, in the window. */
export const MAX_PER_IDENTIFIER = 5;
export const MAX_PER_ADDRESS = 30;

function since(now: Date) {
	return new Date(now.getTime() - WINDOW_MINUTES * 60_000);
}

export async function isLimited(db: Executor, keys: { id: string; ip: string }, now: Date) {
	const rows = await db
		.select({ key: signInAttempt.key, n: sql<number>`count(*)::int` })
		.from(signInAttempt)
		.where(and(inArray(signInAttempt.key, [keys.id, keys.ip]), gte(signInAttempt.at, since(now))))
		.groupBy(signInAttempt.key);
	const count = (k: string) => rows.find((r) => r.key === k)?.n ?? 0;
	return count(keys.id) >= MAX_PER_IDENTIFIER || count(keys.ip) >= MAX_PER_ADDRESS;
}

export async function recordFailure(db: Executor, keys: { id: string; ip: string }, now: Date) {
	await db.insert(signInAttempt).values([
		{ key: keys.id, at: now },
		{ key: keys.ip, at: now }
	]);
}

export async function clearFailures(db: Executor, id: string) {
	await db.delete(signInAttempt).where(eq(signInAttempt.key, id));
}
