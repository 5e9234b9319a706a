import { desc, eq } from 'drizzle-orm';
import { assertCan, type Actor } from '../access/guard';
import type { Executor } from '../db/client';
import { apiKey, federation, programme } from '../db/schema';

export interface ApiKeyListItem {
	id: string;
	name: string;
	scope: string;
	/** The programme's or federation's name, for a person reading the list. */
	scopeName: string | null;
	createdAt: string;
	revokedAt: string | null;
	lastUsedAt: string | null;
}

/** Every key, newest first, without secrets (none are kept). Admins only. */
export async function listApiKeys(
	deps: { db: Executor },
	actor: Actor | null
): Promise<ApiKeyListItem[]> {
	assertCan(actor, 'api_key.manage');
	const rows = await deps.db
		.select({
			id: apiKey.id,
			name: apiKey.name,
			scope: apiKey.scope,
			programmeId: apiKey.programmeId,
			federationId: apiKey.federationId,
			programmeName: programme.name,
			federationName: federation.shortName,
			createdAt: apiKey.createdAt,
			revokedAt: apiKey.revokedAt,
			lastUsedAt: apiKey.lastUsedAt
		})
		.from(apiKey)
		.leftJoin(programme, eq(programme.id, apiKey.programmeId))
		.leftJoin(federation, eq(federation.id, apiKey.federationId))
		.orderBy(desc(apiKey.createdAt), apiKey.id)
		.limit(1000);
	return rows.map((r) => ({
		id: r.id,
		name: r.name,
		scope:
			r.scope === 'programme'
				? `programme:${r.programmeId}`
				: r.scope === 'federation'
					? `federation:${r.federationId}`
					: 'all',
		scopeName: r.programmeName ?? r.federationName ?? null,
		createdAt: r.createdAt.toISOString(),
		revokedAt: r.revokedAt?.toISOString() ?? null,
		lastUsedAt: r.lastUsedAt?.toISOString() ?? null
	}));
}
