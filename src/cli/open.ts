import { existsSync } from 'node:fs';
import { openDb, pgliteDir } from '../lib/server/db/client';
import { migrate } from '../lib/server/db/migrate';
import { env } from '../lib/server/env';

/** Opens the configured database (PGlite under DATA_DIR, or DATABASE_URL) and migrates it. */
export async function openConfiguredDb() {
	if (existsSync('.env')) process.loadEnvFile('.env');
	const e = env();
	const handle = await openDb({
		url: e.DATABASE_URL,
		dir: e.DATABASE_URL ? undefined : pgliteDir(e.DATA_DIR)
	});
	await migrate(handle);
	return handle;
}
