import { migrate as migratePg } from 'drizzle-orm/node-postgres/migrator';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import type { PgliteDatabase } from 'drizzle-orm/pglite';
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { DbHandle } from './client';

/** The committed migrations, found from the working directory or from this file. */
export function migrationsFolder(): string {
	const candidates = [
		resolve('drizzle'),
		join(dirname(fileURLToPath(import.meta.url)), '../../../../drizzle')
	];
	const found = candidates.find((c) => existsSync(join(c, 'meta', '_journal.json')));
	if (!found) throw new Error(`Migrations not found (looked in ${candidates.join(', ')})`);
	return found;
}

export async function migrate(handle: DbHandle): Promise<void> {
	const folder = migrationsFolder();
	if (handle.kind === 'postgres') await migratePg(handle.db, { migrationsFolder: folder });
	else
		await migratePglite(handle.db as unknown as PgliteDatabase<Record<string, never>>, {
			migrationsFolder: folder
		});
}
