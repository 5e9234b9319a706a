import { createHash } from 'node:crypto';

/**
 * A short, stable name for a member on this phone: their cache is `minka-user-<key>` and their
 * queued work is tagged with it. A hash, so neither the cache names nor the queue hold the id.
 */
export function offlineUserKey(userId: string): string {
	return createHash('sha256').update(`minka-offline:${userId}`).digest('hex').slice(0, 16);
}

/** The header a replayed post from the phone's queue carries: the key of who queued it. */
export const QUEUE_HEADER = 'x-minka-queue';
