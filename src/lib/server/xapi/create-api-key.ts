import { eq } from 'drizzle-orm';
import { formatApiKeyScope, parseApiKeyScope } from '../../domain/xapi/api-key-scope';
import { assertCan, type Actor } from '../access/guard';
import type { Executor } from '../db/client';
import { apiKey, federation, programme } from '../db/schema';
import { AppError } from '../errors';
import { authorOf } from '../import/system-actor';
import { clientIdOf } from '../sessions/step-target';
import { basicAuthorization, hashSecret, newSecret } from './api-key-secret';

export interface CreatedApiKey {
	id: string;
	name: string;
	scope: string;
	/** Shown this once: only its hash is kept. */
	secret: string;
	/** The ready-made `Authorization` header value. */
	authorization: string;
	createdAt: string;
}

/** Makes a key for the xAPI feed. Admins only; the scope's programme or federation must exist. */
export async function createApiKey(
	deps: { db: Executor },
	actor: Actor | null,
	input: { name: unknown; scope: unknown; clientId?: unknown }
): Promise<CreatedApiKey> {
	assertCan(actor, 'api_key.manage');
	const clientId = input.clientId === undefined ? null : clientIdOf(input.clientId);
	const name = typeof input.name === 'string' ? input.name.trim() : '';
	if (name.length < 1 || name.length > 100)
		throw new AppError('invalid_input', 'name must be 1 to 100 characters', {
			name: 'xapi_key_name_invalid'
		});
	const scope =
		typeof input.scope === 'string' && input.scope.length <= 100
			? parseApiKeyScope(input.scope)
			: null;
	if (!scope)
		throw new AppError('invalid_input', 'scope must be all, programme:ID or federation:ID', {
			scope: 'xapi_key_scope_invalid'
		});
	if (scope.kind === 'programme') {
		const [p] = await deps.db
			.select({ id: programme.id })
			.from(programme)
			.where(eq(programme.id, scope.programmeId));
		if (!p)
			throw new AppError('invalid_input', 'no such programme', { scope: 'xapi_key_scope_missing' });
	}
	if (scope.kind === 'federation') {
		const [f] = await deps.db
			.select({ id: federation.id })
			.from(federation)
			.where(eq(federation.id, scope.federationId));
		if (!f)
			throw new AppError('invalid_input', 'no such federation', {
				scope: 'xapi_key_scope_missing'
			});
	}
	const secret = newSecret();
	const [row] = await deps.db
		.insert(apiKey)
		.values({
			name,
			secretHash: hashSecret(secret),
			scope: scope.kind,
			programmeId: scope.kind === 'programme' ? scope.programmeId : null,
			federationId: scope.kind === 'federation' ? scope.federationId : null,
			createdBy: authorOf(actor),
			clientId
		})
		.onConflictDoNothing({ target: apiKey.clientId })
		.returning({ id: apiKey.id, createdAt: apiKey.createdAt });
	// The same form sent again: the key exists and its secret was shown once, never again.
	if (!row)
		throw new AppError('conflict', 'key already made by this form', { _: 'already_created' });
	return {
		id: row!.id,
		name,
		scope: formatApiKeyScope(scope),
		secret,
		authorization: basicAuthorization(row!.id, secret),
		createdAt: row!.createdAt.toISOString()
	};
}
