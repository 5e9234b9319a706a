import { asc } from 'drizzle-orm';
import { assertCan, type Actor } from '../access/guard';
import type { Executor } from '../db/client';
import { federation, programme } from '../db/schema';

export interface ApiKeyScopeOption {
	/** As `createApiKey` reads it: `all`, `programme:<id>` or `federation:<id>`. */
	value: string;
	kind: 'all' | 'programme' | 'federation';
	name: string | null;
}

/** What a new key may be limited to: everything, one programme or one federation. Admins only. */
export async function listApiKeyScopes(
	deps: { db: Executor },
	actor: Actor | null
): Promise<ApiKeyScopeOption[]> {
	assertCan(actor, 'api_key.manage');
	const [programmes, federations] = await Promise.all([
		deps.db
			.select({ id: programme.id, name: programme.name })
			.from(programme)
			.orderBy(asc(programme.name))
			.limit(500),
		deps.db
			.select({ id: federation.id, name: federation.shortName })
			.from(federation)
			.orderBy(asc(federation.shortName))
			.limit(500)
	]);
	return [
		{ value: 'all', kind: 'all', name: null },
		...programmes.map((p) => ({
			value: `programme:${p.id}`,
			kind: 'programme' as const,
			name: p.name
		})),
		...federations.map((f) => ({
			value: `federation:${f.id}`,
			kind: 'federation' as const,
			name: f.name
		}))
	];
}
