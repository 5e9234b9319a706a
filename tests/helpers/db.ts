import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { openDb, type DbHandle } from '../../src/lib/server/db/client';
import { migrate } from '../../src/lib/server/db/migrate';

/**
 * A fresh, migrated, empty database for one test file: PGlite in memory, or — when DATABASE_URL
 * is set (CI always sets it) — a new PostgreSQL database created for this file and dropped after.
 */
export async function createTestDb(): Promise<DbHandle & { url?: string }> {
	const url = process.env.DATABASE_URL;
	if (!url) {
		const handle = await openDb({});
		await migrate(handle);
		return handle;
	}
	const name = `minka_t_${randomBytes(6).toString('hex')}`;
	const admin = new pg.Client({ connectionString: url });
	await admin.connect();
	await admin.query(`create database ${name}`);
	await admin.end();
	const dbUrl = new URL(url);
	dbUrl.pathname = `/${name}`;
	const handle = await openDb({ url: dbUrl.toString() });
	await migrate(handle);
	return {
		...handle,
		/** This file's own database (for a second connection, as another process would open). */
		url: dbUrl.toString(),
		async close() {
			await handle.close();
			const c = new pg.Client({ connectionString: url });
			await c.connect();
			await c.query(`drop database if exists ${name} with (force)`);
			await c.end();
		}
	};
}
