import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { openDb, type DbHandle } from '../db/client';
import { BackupError, checkChecksum, readManifest } from './archive';
import { assertNotNewer, restoreBackup } from './restore-backup';
import { codeMigrationLevel } from './schema-info';

export interface VerifyReport {
	ok: boolean;
	file: string;
	sha256: string;
	checksum: 'ok' | 'mismatch';
	scratch: 'pglite' | 'postgres';
	migrations?: { backup: number; code: number; applied: number };
	tables?: Array<{ name: string; expected: number; actual: number }>;
	files?: number;
	/** Why it failed, when it did. */
	error?: string;
	code?: string;
	at: string;
}

/**
 * Proves a backup can be restored: checksum, then a full restore into a scratch database (a
 * temporary PostgreSQL database on the same server when a URL is given and it may create one,
 * else PGlite in a temporary directory) with its files beside it, row counts against the
 * manifest, and the pending migrations applied on top. The scratch copies are removed after.
 */
export async function verifyBackup(
	file: string,
	opts: { databaseUrl?: string; now?: Date } = {}
): Promise<VerifyReport> {
	const at = (opts.now ?? new Date()).toISOString();
	const sum = await checkChecksum(file);
	if (!sum.ok)
		return {
			ok: false,
			file,
			sha256: sum.actual,
			checksum: 'mismatch',
			scratch: 'pglite',
			error: sum.stored ? 'Checksum mismatch: the file is damaged' : 'Not a Minka backup file',
			code: sum.stored ? 'checksum_mismatch' : 'not_a_backup',
			at
		};
	// A backup newer than the code is refused before any scratch database is made.
	try {
		assertNotNewer(await readManifest(file));
	} catch (e) {
		return {
			ok: false,
			file,
			sha256: sum.actual,
			checksum: 'ok',
			scratch: 'pglite',
			error: (e as Error).message,
			code: e instanceof BackupError ? e.code : 'not_a_backup',
			at
		};
	}
	const dir = mkdtempSync(join(tmpdir(), 'minka-verify-'));
	const scratch = await openScratch(opts.databaseUrl, dir).catch((e: unknown) => {
		rmSync(dir, { recursive: true, force: true });
		throw e;
	});
	try {
		const r = await restoreBackup(file, scratch.handle, join(dir, 'files'));
		return {
			ok: true,
			file,
			sha256: r.sha256,
			checksum: 'ok',
			scratch: scratch.handle.kind,
			migrations: r.migrations,
			tables: r.tables,
			files: r.files,
			at
		};
	} catch (e) {
		return {
			ok: false,
			file,
			sha256: sum.actual,
			checksum: 'ok',
			scratch: scratch.handle.kind,
			migrations: { backup: -1, code: codeMigrationLevel().count, applied: 0 },
			error: (e as Error).message,
			code: e instanceof BackupError ? e.code : 'restore_failed',
			at
		};
	} finally {
		await scratch.close();
		rmSync(dir, { recursive: true, force: true });
	}
}

async function openScratch(
	url: string | undefined,
	dir: string
): Promise<{ handle: DbHandle; close(): Promise<void> }> {
	if (url) {
		const name = `minka_verify_${randomBytes(6).toString('hex')}`;
		const admin = new pg.Client({ connectionString: url });
		try {
			await admin.connect();
			await admin.query(`create database ${name}`);
			await admin.end();
			const u = new URL(url);
			u.pathname = `/${name}`;
			const handle = await openDb({ url: u.toString() });
			return {
				handle,
				async close() {
					await handle.close();
					const c = new pg.Client({ connectionString: url });
					await c.connect();
					await c.query(`drop database if exists ${name} with (force)`);
					await c.end();
				}
			};
		} catch {
			// No right to create databases: PGlite on disk proves the same file.
			await admin.end().catch(() => undefined);
		}
	}
	// On disk, not in memory: the scratch copy must not grow the server's memory with the data.
	const handle = await openDb({ dir: join(dir, 'scratch-pglite') });
	return { handle, close: () => handle.close() };
}
