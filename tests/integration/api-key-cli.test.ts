// `npm run -s minka -- api-key …`, run as a script would: a child process on a PGlite database of
// its own holding the demo; the key it prints opens the feed, and no longer once revoked.
import { rmSync } from 'node:fs';
import { cliRunner, pgliteCliEnvWithDemo } from '../helpers/cli';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDb, pgliteDir, type DbHandle } from '../../src/lib/server/db/client';
import { federation } from '../../src/lib/server/db/schema';
import { statementsResponse } from '../../src/lib/server/xapi/statements-response';

// The demo, as `minka seed-demo` loads it (seeded once per run: helpers/cli.ts).
let dataDir = '';
let minka: ReturnType<typeof cliRunner>;
const HOME = 'http://localhost:3000';

/** The feed, read from the same database files once the CLI has let go of them. */
async function feed(authorization: string, query = '?limit=5') {
	const handle: DbHandle = await openDb({ dir: pgliteDir(dataDir) });
	try {
		const res = await statementsResponse(
			{ db: handle.db },
			new Request(`${HOME}/xapi/statements${query}`, { headers: { authorization } }),
			HOME
		);
		return { status: res.status, body: (await res.json()) as Record<string, unknown> };
	} finally {
		await handle.close();
	}
}

beforeAll(async () => {
	const made = await pgliteCliEnvWithDemo('api-key');
	dataDir = made.dataDir;
	minka = cliRunner(made.env);
}, 400_000);
afterAll(() => {
	if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

describe('minka api-key', { timeout: 400_000 }, () => {
	let created: { id: string; secret: string; scope: string; authorization: string };

	it('creates a key and prints its secret once', async () => {
		const r = await minka('api-key', 'create', '--name', 'Tablero OIT', '--scope', 'all', '--json');
		expect(r.stderr).toBe('');
		expect(r.code).toBe(0);
		created = JSON.parse(r.stdout);
		expect(created).toEqual({
			id: expect.stringMatching(/^[0-9a-f-]{36}$/),
			name: 'Tablero OIT',
			scope: 'all',
			secret: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/),
			authorization: `Basic ${Buffer.from(`${created.id}:${created.secret}`).toString('base64')}`,
			createdAt: expect.any(String)
		});
		const { status, body } = await feed(created.authorization);
		expect(status).toBe(200);
		// The demo has learning events already.
		expect((body.statements as unknown[]).length).toBe(5);
		expect(body.more).toMatch(/^\/xapi\/statements\?/);
	});

	it('makes a federation key, and refuses a scope that does not exist', async () => {
		const handle = await openDb({ dir: pgliteDir(dataDir) });
		const feds = await handle.db.select({ id: federation.id }).from(federation);
		await handle.close();
		const r = await minka(
			'api-key',
			'create',
			'--name',
			'FED',
			'--scope',
			`federation:${feds[0]!.id}`,
			'--json'
		);
		expect(r.code).toBe(0);
		expect(JSON.parse(r.stdout).scope).toBe(`federation:${feds[0]!.id}`);

		const bad = await minka(
			'api-key',
			'create',
			'--name',
			'X',
			'--scope',
			'federation:00000000-0000-4000-8000-000000000000'
		);
		expect(bad.code).toBe(1);
		expect(bad.stderr).toMatch(/no such federation/);
		const worse = await minka('api-key', 'create', '--name', 'X', '--scope', 'everything');
		expect(worse.code).toBe(1);
		expect(worse.stderr).toMatch(/scope must be all, programme:ID or federation:ID/);
		expect((await minka('api-key', 'frobnicate')).code).toBe(2);
	});

	it('lists keys without secrets and revokes one', async () => {
		const list = await minka('api-key', 'list', '--json');
		expect(list.code).toBe(0);
		expect(list.stdout).not.toContain(created.secret);
		const { keys } = JSON.parse(list.stdout) as { keys: Array<Record<string, unknown>> };
		expect(keys.map((k) => k.name).sort()).toEqual(['FED', 'Tablero OIT']);
		expect(keys.find((k) => k.id === created.id)).toMatchObject({
			scope: 'all',
			revokedAt: null,
			lastUsedAt: expect.any(String)
		});
		for (const k of keys) expect(Object.keys(k)).not.toContain('secret');

		const r = await minka('api-key', 'revoke', created.id);
		expect(r.code).toBe(0);
		expect(r.stdout).toMatch(new RegExp(`Key ${created.id} revoked at `));
		const after = await minka('api-key', 'list', '--json');
		const again = JSON.parse(after.stdout) as { keys: Array<Record<string, unknown>> };
		expect(again.keys.find((k) => k.id === created.id)!.revokedAt).toEqual(expect.any(String));
		expect((await feed(created.authorization)).status).toBe(401);

		const unknown = await minka('api-key', 'revoke', '00000000-0000-4000-8000-000000000000');
		expect(unknown.code).toBe(1);
		expect(unknown.stderr).toMatch(/No key/);
	});
});
