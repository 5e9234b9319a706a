import { and, asc, eq, inArray, lt, lte, or, sql } from 'drizzle-orm';
import type { Channel } from '../../domain/outbox/channels';
import type { Executor } from '../db/client';
import { outboxMessage } from '../db/schema';

/** How long a claim holds: past it, a row still `sending` is taken to be lost in a crash. */
export const LEASE_MS = 5 * 60_000;

export type ClaimedMessage = typeof outboxMessage.$inferSelect;

/**
 * Takes up to `limit` messages due now for the given channels, in one statement: the rows are
 * picked with `FOR UPDATE SKIP LOCKED` (two workers never pick the same row, neither waits for the
 * other) and marked `sending` with the attempt counted and a lease. A row left `sending` past its
 * lease (the process died mid-send) is taken again; see docs/architecture.md for the one case
 * where that sends twice.
 */
export async function claimMessages(
	ex: Executor,
	opts: { channels: Channel[]; now: Date; limit?: number; leaseMs?: number }
): Promise<ClaimedMessage[]> {
	if (!opts.channels.length) return [];
	const due = ex
		.select({ id: outboxMessage.id })
		.from(outboxMessage)
		.where(
			and(
				inArray(outboxMessage.channel, opts.channels),
				or(
					and(
						eq(outboxMessage.status, 'queued'),
						lte(outboxMessage.sendAfter, opts.now),
						lte(outboxMessage.nextAttemptAt, opts.now)
					),
					and(eq(outboxMessage.status, 'sending'), lt(outboxMessage.lockedUntil, opts.now))
				)
			)
		)
		.orderBy(asc(outboxMessage.nextAttemptAt), asc(outboxMessage.id))
		.limit(opts.limit ?? 20)
		.for('update', { skipLocked: true });
	return ex
		.update(outboxMessage)
		.set({
			status: 'sending',
			attempts: sql`${outboxMessage.attempts} + 1`,
			lockedUntil: new Date(opts.now.getTime() + (opts.leaseMs ?? LEASE_MS)),
			updatedAt: opts.now
		})
		.where(inArray(outboxMessage.id, due))
		.returning();
}
