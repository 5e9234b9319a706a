import { sql } from 'drizzle-orm';
import type { DbHandle } from '../db/client';
import { backupRun } from '../db/schema';
import type { Env } from '../env';
import { backupDeps } from './deps';
import { writeBackup } from './write-backup';

/** What `minka backup` prints: where the file is and what it holds. */
export interface BackupSummary {
	ok: true;
	file: string;
	size: number;
	sha256: string;
	appVersion: string;
	contentVersion: string | null;
	migrations: unknown;
	database: unknown;
	files: number;
	authSecret: unknown;
	rows: Record<string, number>;
}

/** Whether the database has the backups table yet (an older backup restored may not). */
export async function hasRunTable(handle: DbHandle): Promise<boolean> {
	const r = await handle.db.execute(sql`select to_regclass('public.backup_run') is not null as ok`);
	return (r.rows[0] as { ok: boolean }).ok;
}

/**
 * One backup on demand into `outDir`, by the command line or, for a PGlite database the server
 * holds, by the server on the command line's behalf (`control-socket.ts`). Written where the
 * admin's list looks, it is listed there too.
 */
export async function backupNow(handle: DbHandle, e: Env, outDir: string): Promise<BackupSummary> {
	const deps = backupDeps(handle, e);
	const started = new Date();
	const r = await writeBackup(
		{
			db: handle.db,
			kind: handle.kind,
			dataDir: e.DATA_DIR,
			authSecretFromEnv: e.AUTH_SECRET_FROM_ENV,
			contentVersion: await deps.contentVersion().catch(() => null),
			skipDirs: [e.BACKUP_DIR]
		},
		outDir,
		started
	);
	if (outDir === e.BACKUP_DIR && (await hasRunTable(handle)))
		await handle.db.insert(backupRun).values({
			trigger: 'cli',
			status: 'done',
			fileName: r.fileName,
			sizeBytes: r.size,
			sha256: r.sha256,
			rowCount: r.manifest.tables.reduce((a, t) => a + t.rows, 0),
			startedAt: started,
			finishedAt: new Date()
		});
	return {
		ok: true,
		file: r.file,
		size: r.size,
		sha256: r.sha256,
		appVersion: r.manifest.appVersion,
		contentVersion: r.manifest.contentVersion,
		migrations: r.manifest.migrations,
		database: r.manifest.database,
		files: r.manifest.files.length,
		authSecret: r.manifest.authSecret,
		rows: Object.fromEntries(r.manifest.tables.map((t) => [t.name, t.rows]))
	};
}
