import { and, eq, isNull, sql } from 'drizzle-orm';
import { isUuid } from '../../domain/xapi/statement-query';
import { assertCan, type Actor } from '../access/guard';
import type { Executor } from '../db/client';
import { apiKey } from '../db/schema';
import { AppError } from '../errors';

/**
 * Revokes a key: from now on it gets 401. Revoking twice is harmless (the first time stands).
 * Admins only.
 */
export async function revokeApiKey(
	deps: { db: Executor },
	actor: Actor | null,
	id: unknown
): Promise<{ id: string; revokedAt: string }> {
	assertCan(actor, 'api_key.manage');
	if (typeof id !== 'string' || !isUuid(id)) throw new AppError('not_found', 'no such key');
	await deps.db
		.update(apiKey)
		.set({ revokedAt: sql`now()` })
		.where(and(eq(apiKey.id, id.toLowerCase()), isNull(apiKey.revokedAt)));
	const [row] = await deps.db
		.select({ id: apiKey.id, revokedAt: apiKey.revokedAt })
		.from(apiKey)
		.where(eq(apiKey.id, id.toLowerCase()));
	if (!row?.revokedAt) throw new AppError('not_found', 'no such key');
	return { id: row.id, revokedAt: row.revokedAt.toISOString() };
}
