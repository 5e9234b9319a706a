import type { Actor } from '../../lib/server/access/guard';
import { isAppError } from '../../lib/server/errors';
import { SYSTEM_USER_ID } from '../../lib/server/import/system-actor';
import { createApiKey } from '../../lib/server/xapi/create-api-key';
import { listApiKeys } from '../../lib/server/xapi/list-api-keys';
import { revokeApiKey } from '../../lib/server/xapi/revoke-api-key';
import { parseArgs } from '../args';
import { openConfiguredDb } from '../open';
import type { Command } from '../registry';

/**
 * Keys are an admin's to hand out. Whoever runs the CLI on the server already holds the
 * database, so the command acts as an admin with no user account (created_by stays empty).
 */
const cliAdmin: Actor = {
	userId: SYSTEM_USER_ID,
	personId: null,
	grants: [{ role: 'admin', cohortId: null, federationId: null, cooperativeId: null }]
};

const usage = `Usage:
  npm run -s minka -- api-key create --name NAME --scope all|programme:ID|federation:ID [--json]
  npm run -s minka -- api-key revoke ID
  npm run -s minka -- api-key list [--json]
`;

/** `api-key create|revoke|list`: keys for the xAPI feed (GET /xapi/statements). */
export const apiKeyCommand: Command = {
	summary: 'create, revoke or list xAPI feed keys (create prints the secret once) [--json]',
	async run(args) {
		const { options, positionals } = parseArgs(args);
		const [sub, id] = positionals;
		if (sub !== 'create' && sub !== 'revoke' && sub !== 'list') {
			process.stderr.write(usage);
			return 2;
		}
		if (sub === 'revoke' && !id) {
			process.stderr.write(usage);
			return 2;
		}
		const handle = await openConfiguredDb();
		const deps = { db: handle.db };
		const out = (v: unknown) => process.stdout.write(`${JSON.stringify(v, null, 2)}\n`);
		try {
			if (sub === 'create') {
				const key = await createApiKey(deps, cliAdmin, {
					name: options.name,
					scope: options.scope
				});
				if (options.json) out(key);
				else
					process.stdout.write(
						`Key ${key.id} (${key.name}, scope ${key.scope})\nSecret (shown only now): ${key.secret}\nAuthorization: ${key.authorization}\n`
					);
			} else if (sub === 'revoke') {
				const r = await revokeApiKey(deps, cliAdmin, id);
				if (options.json) out(r);
				else process.stdout.write(`Key ${r.id} revoked at ${r.revokedAt}.\n`);
			} else {
				const keys = await listApiKeys(deps, cliAdmin);
				if (options.json) out({ keys });
				else if (!keys.length) process.stdout.write('No keys yet.\n');
				else
					process.stdout.write(
						`${keys
							.map(
								(k) =>
									`${k.id}  ${k.name}  ${k.scope}${k.scopeName ? ` (${k.scopeName})` : ''}  ${k.revokedAt ? `revoked ${k.revokedAt}` : 'active'}  last used ${k.lastUsedAt ?? 'never'}`
							)
							.join('\n')}\n`
					);
			}
			return 0;
		} catch (e) {
			if (isAppError(e) && (e.code === 'invalid_input' || e.code === 'not_found')) {
				process.stderr.write(`${e.code === 'not_found' ? `No key ${id}.` : e.message}\n`);
				return 1;
			}
			throw e;
		} finally {
			await handle.close();
		}
	}
};
