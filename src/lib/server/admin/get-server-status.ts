import { sql } from 'drizzle-orm';
import { readFileSync } from 'node:fs';
import { statfs } from 'node:fs/promises';
import { join } from 'node:path';
import pkg from '../../../../package.json';
import { assertCan, type Actor } from '../access/guard';
import type { Executor } from '../db/client';
import { migrationsFolder } from '../db/migrate';
import type { LastBackup } from '../../domain/last-backup';

export type { LastBackup };

export interface ServerStatus {
	version: string;
	migrations: { applied: number; known: number; latest: string | null };
	contentVersion: string;
	database: { kind: 'pglite' | 'postgres'; sizeBytes: number | null };
	/** Free and total bytes on the file system holding DATA_DIR; null if it cannot be read. */
	disk: { path: string; freeBytes: number; totalBytes: number } | null;
	uptimeSeconds: number;
	startedAt: string;
	lastBackup: LastBackup | null;
}

interface Journal {
	entries: Array<{ tag: string; when: number }>;
}

/** The server's health for the admin: what runs, on what, with how much room left. */
export async function getServerStatus(
	deps: {
		db: Executor;
		kind: 'pglite' | 'postgres';
		dataDir: string;
		contentVersion: string;
		/** The backups part's summary; leave out until it exists. */
		lastBackup?: () => Promise<LastBackup | null>;
		now?: () => Date;
	},
	actor: Actor | null
): Promise<ServerStatus> {
	assertCan(actor, 'server.status');
	const now = deps.now?.() ?? new Date();
	const uptimeSeconds = Math.floor(process.uptime());
	const [migrations, sizeBytes, disk, lastBackup] = await Promise.all([
		migrationLevel(deps.db),
		databaseSize(deps.db),
		diskFree(deps.dataDir),
		deps.lastBackup?.() ?? Promise.resolve(null)
	]);
	return {
		version: pkg.version,
		migrations,
		contentVersion: deps.contentVersion,
		database: { kind: deps.kind, sizeBytes },
		disk,
		uptimeSeconds,
		startedAt: new Date(now.getTime() - uptimeSeconds * 1000).toISOString(),
		lastBackup
	};
}

/** Applied migrations (drizzle's own table) against those this code ships, by their journal. */
export async function migrationLevel(db: Executor): Promise<ServerStatus['migrations']> {
	const journal = JSON.parse(
		readFileSync(join(migrationsFolder(), 'meta', '_journal.json'), 'utf8')
	) as Journal;
	const result = await db.execute<{ n: number; last: string | null }>(
		sql`select count(*)::int as n, max(created_at)::text as last from drizzle.__drizzle_migrations`
	);
	const row = result.rows[0];
	const last = row?.last ? Number(row.last) : null;
	return {
		applied: Number(row?.n ?? 0),
		known: journal.entries.length,
		latest: journal.entries.find((e) => e.when === last)?.tag ?? null
	};
}

async function databaseSize(db: Executor): Promise<number | null> {
	const result = await db.execute<{ size: string }>(
		sql`select pg_database_size(current_database())::text as size`
	);
	const size = Number(result.rows[0]?.size);
	return Number.isFinite(size) ? size : null;
}

async function diskFree(path: string): Promise<ServerStatus['disk']> {
	try {
		const s = await statfs(path);
		return { path, freeBytes: s.bavail * s.bsize, totalBytes: s.blocks * s.bsize };
	} catch {
		return null;
	}
}
