import { eq, sql, type SQL } from 'drizzle-orm';
import type { Executor } from '../db/client';
import { signInThrottle } from '../db/schema';
import { AppError } from '../errors';

/** Attempts allowed without waiting, per account and per client address. */
export const FREE_PER_ACCOUNT = 5;
// Many members share one address (a cooperative's Wi-Fi, a mobile carrier's NAT).
export const FREE_PER_ADDRESS = 30;
/** The longest wait between two attempts once the free ones are spent. */
export const MAX_WAIT_SECONDS = 15 * 60;
/** A counter forgets its failures after this long without an attempt. */
export const FORGET_AFTER_HOURS = 24;

/**
 * How long to wait after `failures` failed attempts: nothing for the free ones, then a delay that
 * doubles with each failure (2 s, 4 s, 8 s…) up to 15 minutes. Growing delays rather than a
 * lock (OWASP): a guesser is slowed to a crawl, while the owner is never shut out for long.
 */
export function waitSeconds(failures: number, free: number): number {
	if (failures < free) return 0;
	return Math.min(2 ** (failures - free + 1), MAX_WAIT_SECONDS);
}

/** Refused before the password was checked; says how long to wait. */
export class RateLimitedError extends AppError {
	constructor(readonly retryAfterSeconds: number) {
		super('rate_limited');
	}
}

/**
 * Counts one attempt for a key before its password is checked, or refuses it (RateLimitedError)
 * while the key must wait. One statement: a row lock makes parallel attempts queue, so 60 at once
 * still get only the free attempts through. Every attempt counts as a failure until
 * `recordSuccess` says otherwise.
 */
export async function takeAttempt(db: Executor, key: string, free: number, now: Date) {
	const at = now.toISOString();
	const forgetBefore = new Date(now.getTime() - FORGET_AFTER_HOURS * 3_600_000).toISOString();
	const t = signInThrottle;
	const next = sql`case when ${t.lastAt} < ${forgetBefore}::timestamptz then 1 else ${t.failures} + 1 end`;
	// Numbers from this file, written inline so both drivers type the expression alike.
	const [f, max] = [sql.raw(String(Math.trunc(free))), sql.raw(String(MAX_WAIT_SECONDS))];
	const wait = (failures: SQL) =>
		sql`case when ${failures} < ${f} then 0 else least(power(2, ${failures} - ${f} + 1), ${max}) end * interval '1 second'`;
	const rows = await db
		.insert(t)
		.values({
			key,
			failures: 1,
			waitUntil: sql`${at}::timestamptz + ${wait(sql`1`)}`,
			lastAt: sql`${at}::timestamptz`
		})
		.onConflictDoUpdate({
			target: t.key,
			set: {
				failures: next,
				waitUntil: sql`${at}::timestamptz + ${wait(next)}`,
				lastAt: sql`${at}::timestamptz`
			},
			setWhere: sql`${t.waitUntil} <= ${at}::timestamptz`
		})
		.returning({ failures: t.failures });
	if (rows.length) return;
	const [row] = await db.select({ waitUntil: t.waitUntil }).from(t).where(eq(t.key, key));
	const ms = row ? new Date(row.waitUntil).getTime() - now.getTime() : 1000;
	throw new RateLimitedError(Math.max(1, Math.ceil(ms / 1000)));
}

/**
 * A correct password: the account starts afresh, and the address gets back the attempt it was
 * charged (only failures count against an address).
 */
export async function recordSuccess(db: Executor, keys: { account: string; address?: string }) {
	await clearFailures(db, keys.account);
	if (keys.address)
		await db
			.update(signInThrottle)
			.set({ failures: sql`greatest(${signInThrottle.failures} - 1, 0)` })
			.where(eq(signInThrottle.key, keys.address));
}

/** Gives back one attempt charged to a key (a lookup that found what it asked for). */
export async function refundAttempt(db: Executor, key: string) {
	await db
		.update(signInThrottle)
		.set({ failures: sql`greatest(${signInThrottle.failures} - 1, 0)` })
		.where(eq(signInThrottle.key, key));
}

export async function clearFailures(db: Executor, key: string) {
	await db.delete(signInThrottle).where(eq(signInThrottle.key, key));
}

/** The counter key of an account. */
export const accountKey = (userId: string) => `user:${userId}`;
