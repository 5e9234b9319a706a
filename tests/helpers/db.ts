import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { drizzle } from 'drizzle-orm/pglite';
import pg from 'pg';
import { openDb, type Db, type DbHandle } from '../../src/lib/server/db/client';
import { migrate } from '../../src/lib/server/db/migrate';
import * as schema from '../../src/lib/server/db/schema';
import { provided } from './provided';

/** PGlite in memory, loaded from the run's migrated template (tests/helpers/global-setup.ts). */
async function fromTemplate(file: string): Promise<DbHandle> {
	const client = new PGlite({
		loadDataDir: new Blob([readFileSync(file)]),
		extensions: { pg_trgm }
	});
	await client.waitReady;
	return {
		db: drizzle(client, { schema }) as unknown as Db,
		kind: 'pglite',
		close: () => client.close()
	};
}

/**
 * A fresh, migrated, empty database for one test file: PGlite in memory, or — when DATABASE_URL
 * is set (CI always sets it) — a new PostgreSQL database created for this file and dropped after.
 * Both start from the run's migrated template when there is one (`vitest run`; not the fuzz
 * suite), and `migrate` then finds nothing to do.
 */
export async function createTestDb(
	/** `fresh`: an empty database that `migrate` builds from nothing (the migrations' own test). */
	options: { fresh?: boolean } = {}
): Promise<DbHandle & { url?: string }> {
	const url = process.env.DATABASE_URL;
	if (!url) {
		const template = options.fresh ? undefined : await provided('pgliteTemplate');
		const handle = template ? await fromTemplate(template) : await openDb({});
		await migrate(handle);
		return handle;
	}
	const name = `minka_t_${randomBytes(6).toString('hex')}`;
	const template = options.fresh ? undefined : await provided('pgTemplate');
	const admin = new pg.Client({ connectionString: url });
	await admin.connect();
	await admin.query(`create database ${name}${template ? ` template ${template}` : ''}`);
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
