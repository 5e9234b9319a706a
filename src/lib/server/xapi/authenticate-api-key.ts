import { and, eq, isNull, lt, or, sql } from 'drizzle-orm';
import type { ApiKeyScope } from '../../domain/xapi/api-key-scope';
import { isUuid } from '../../domain/xapi/statement-query';
import type { Executor } from '../db/client';
import { apiKey } from '../db/schema';
import { secretMatches } from './api-key-secret';

/** Who reads the feed: a key that is neither unknown nor revoked, with its scope. */
export interface ApiKeyPrincipal {
	keyId: string;
	scope: ApiKeyScope;
}

// Basic credentials are a uuid, a colon and a 43-character secret; anything far longer is not one.
const MAX_HEADER = 512;

/**
 * The key an `Authorization: Basic base64(id:secret)` header names, or null when the header is
 * missing, malformed, unknown, wrong or revoked (all alike: the caller answers 401).
 */
export async function authenticateApiKey(
	db: Executor,
	header: string | null
): Promise<ApiKeyPrincipal | null> {
	if (!header || header.length > MAX_HEADER) return null;
	const m = /^Basic\s+([A-Za-z0-9+/=_-]+)\s*$/i.exec(header);
	if (!m) return null;
	const decoded = Buffer.from(m[1]!, 'base64').toString('utf8');
	const colon = decoded.indexOf(':');
	if (colon < 0) return null;
	const id = decoded.slice(0, colon).toLowerCase();
	const secret = decoded.slice(colon + 1);
	if (!isUuid(id) || secret.length < 1 || secret.length > 200) return null;
	const [row] = await db
		.select({
			id: apiKey.id,
			secretHash: apiKey.secretHash,
			scope: apiKey.scope,
			programmeId: apiKey.programmeId,
			federationId: apiKey.federationId,
			revokedAt: apiKey.revokedAt
		})
		.from(apiKey)
		.where(eq(apiKey.id, id));
	if (!row || row.revokedAt || !secretMatches(secret, row.secretHash)) return null;
	// Last use to the minute: one write a minute per key, not one per request.
	await db
		.update(apiKey)
		.set({ lastUsedAt: sql`now()` })
		.where(
			and(
				eq(apiKey.id, row.id),
				or(isNull(apiKey.lastUsedAt), lt(apiKey.lastUsedAt, sql`now() - interval '1 minute'`))
			)
		);
	const scope: ApiKeyScope =
		row.scope === 'programme'
			? { kind: 'programme', programmeId: row.programmeId! }
			: row.scope === 'federation'
				? { kind: 'federation', federationId: row.federationId! }
				: { kind: 'all' };
	return { keyId: row.id, scope };
}
