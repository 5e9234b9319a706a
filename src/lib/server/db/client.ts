import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { drizzle as drizzlePg, type NodePgDatabase } from 'drizzle-orm/node-postgres';
import { mkdirSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { log } from '../log';
import * as schema from './schema';

/** One type for both drivers: the query API we use is the same on PGlite and node-postgres. */
export type Db = NodePgDatabase<typeof schema>;
export type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];
/** Something that runs queries: the database or a transaction inside it. */
export type Executor = Db | Tx;

export interface DbHandle {
	db: Db;
	kind: 'pglite' | 'postgres';
	close(): Promise<void>;
}

/** Opens PGlite (a directory, or memory when dir is undefined) or PostgreSQL. */
export async function openDb(opts: { url?: string; dir?: string }): Promise<DbHandle> {
	if (opts.url) {
		// JIT off: our queries are short, or reports over a few hundred thousand rows, where
		// compiling the plan cost 1.4 s of a 4.4 s country count and saved nothing (bench/README.md).
		const pool = new pg.Pool({ connectionString: opts.url, max: 10, options: '-c jit=off' });
		// An idle connection the server closes (a restart, a dropped database) must not crash the
		// process: the pool discards it and the next query opens a new one.
		pool.on('error', (e) => log.warn('database connection lost', { error: e.message }));
		const db = drizzlePg(pool, { schema });
		return { db, kind: 'postgres', close: () => pool.end() };
	}
	if (opts.dir) mkdirSync(opts.dir, { recursive: true });
	const release = opts.dir ? lockDataDir(opts.dir) : () => undefined;
	try {
		// pg_trgm backs the search indexes (migration 0002); PostgreSQL ships it in contrib.
		const client = new PGlite({ dataDir: opts.dir, extensions: { pg_trgm } });
		await client.waitReady;
		const db = drizzlePglite(client, { schema }) as unknown as Db;
		return {
			db,
			kind: 'pglite',
			close: () => client.close().finally(release)
		};
	} catch (e) {
		release();
		throw e;
	}
}

/** A PGlite directory opened by another process that is still alive. */
export class DataDirInUseError extends Error {
	constructor(
		readonly dir: string,
		readonly pid: number
	) {
		super(
			`The database in ${dir} is open in another process (pid ${pid}), probably the server: ` +
				'PGlite allows one process at a time. Stop that process first, or use the server ' +
				'(the backups page, /admin/backups, makes a backup while it runs).'
		);
		this.name = 'DataDirInUseError';
	}
}

const openHere = new Map<string, number>();

/**
 * PGlite has no lock of its own, and two processes writing one directory would corrupt it: a
 * `<dir>.lock` file names the process holding it. A lock left by a process that died is taken
 * over. Opening the same directory twice in one process is counted, not refused.
 */
function lockDataDir(dir: string): () => void {
	const file = `${dir}.lock`;
	const held = openHere.get(file) ?? 0;
	if (!held) {
		let other: number | undefined;
		try {
			other = Number(readFileSync(file, 'utf8').trim()) || undefined;
		} catch {
			other = undefined;
		}
		if (other && other !== process.pid && isAlive(other)) throw new DataDirInUseError(dir, other);
		writeFileSync(file, `${process.pid}\n`, { mode: 0o600 });
	}
	openHere.set(file, held + 1);
	let released = false;
	return () => {
		if (released) return;
		released = true;
		const n = (openHere.get(file) ?? 1) - 1;
		if (n > 0) return void openHere.set(file, n);
		openHere.delete(file);
		try {
			unlinkSync(file);
		} catch {
			// Already gone.
		}
	};
}

function isAlive(pid: number): boolean {
	try {
		process.kill(pid, 0);
		return true;
	} catch (e) {
		// EPERM: alive, owned by someone else.
		return (e as NodeJS.ErrnoException).code === 'EPERM';
	}
}

export function pgliteDir(dataDir: string): string {
	return join(dataDir, 'pglite');
}
