import { and, desc, eq, isNull, sql } from 'drizzle-orm';
import { unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { backupsToKeep } from '../../domain/backup-retention';
import type { Db } from '../db/client';
import { backupRun } from '../db/schema';
import { log } from '../log';
import { verifyBackup, type VerifyReport } from './verify-backup';
import { writeBackup } from './write-backup';

/** What making a backup needs: the database, where files live, and how many to keep. */
export interface BackupDeps {
	db: Db;
	kind: 'pglite' | 'postgres';
	dataDir: string;
	backupDir: string;
	authSecretFromEnv: boolean;
	/** Set on PostgreSQL: verification restores into a temporary database on that server. */
	databaseUrl?: string;
	keep: { daily: number; weekly: number };
	contentVersion: () => Promise<string | null>;
}

export type BackupRunRow = typeof backupRun.$inferSelect;

export interface RunRequest {
	trigger: 'scheduled' | 'admin' | 'cli';
	scheduledFor?: string;
	clientId?: string;
	requestedBy?: string;
}

/**
 * Claims a run (a scheduled day or an admin's form id can be claimed once: a second process or a
 * re-posted form gets `claimed: false`), writes the backup, verifies it by restoring it, then
 * applies the retention rule. A failure is recorded on the run and returned, never thrown.
 */
export async function runBackup(
	deps: BackupDeps,
	req: RunRequest,
	now = new Date()
): Promise<{ claimed: boolean; run: BackupRunRow | undefined }> {
	const c = await claimRun(deps, req, now);
	if (!c.claimed) return c;
	return { claimed: true, run: await completeRun(deps, c.run!.id, now) };
}

/** Inserts the run's row; none when the day or the form id was claimed already. */
export async function claimRun(
	deps: Pick<BackupDeps, 'db'>,
	req: RunRequest,
	now = new Date()
): Promise<{ claimed: boolean; run: BackupRunRow | undefined }> {
	const [claimed] = await deps.db
		.insert(backupRun)
		.values({
			trigger: req.trigger,
			scheduledFor: req.scheduledFor ?? null,
			clientId: req.clientId ?? null,
			requestedBy: req.requestedBy ?? null,
			status: 'running',
			startedAt: now
		})
		.onConflictDoNothing()
		.returning();
	if (claimed) return { claimed: true, run: claimed };
	const existing = req.clientId
		? await deps.db.select().from(backupRun).where(eq(backupRun.clientId, req.clientId))
		: [];
	return { claimed: false, run: existing[0] };
}

/** Writes, verifies and keeps (or records the failure of) a claimed run. Never throws. */
export async function completeRun(
	deps: BackupDeps,
	id: string,
	now = new Date()
): Promise<BackupRunRow | undefined> {
	try {
		const result = await writeBackup(
			{
				db: deps.db,
				kind: deps.kind,
				dataDir: deps.dataDir,
				authSecretFromEnv: deps.authSecretFromEnv,
				contentVersion: await deps.contentVersion().catch(() => null)
			},
			deps.backupDir,
			now
		);
		await deps.db
			.update(backupRun)
			.set({
				status: 'done',
				fileName: result.fileName,
				sizeBytes: result.size,
				sha256: result.sha256,
				rowCount: result.manifest.tables.reduce((a, t) => a + t.rows, 0),
				finishedAt: new Date()
			})
			.where(eq(backupRun.id, id));
		const report = await verifyBackup(result.file, { databaseUrl: deps.databaseUrl });
		await recordVerification(deps.db, result.sha256, report);
		if (!report.ok)
			log.error('backup verification failed', { file: result.fileName, error: report.error });
		await applyRetention(deps);
		log.info('backup written', { file: result.fileName, size: result.size, verified: report.ok });
	} catch (e) {
		log.error('backup failed', { error: String(e) });
		await deps.db
			.update(backupRun)
			.set({
				status: 'failed',
				error: String((e as Error).message ?? e).slice(0, 2000),
				finishedAt: new Date()
			})
			.where(eq(backupRun.id, id))
			.catch(() => undefined);
	}
	const [run] = await deps.db
		.select()
		.from(backupRun)
		.where(eq(backupRun.id, id))
		.catch(() => [] as BackupRunRow[]);
	return run;
}

/** Stores a verification's result on the run(s) that wrote that file. */
export async function recordVerification(db: Db, sha256: string, report: VerifyReport) {
	const { tables, ...rest } = report;
	await db
		.update(backupRun)
		.set({
			verifiedAt: new Date(report.at),
			verifyOk: report.ok,
			// Only the mismatching tables: the full list is in the file's manifest.
			verifyReport: {
				...rest,
				tables: tables?.length ?? 0,
				mismatches: (tables ?? []).filter((t) => t.expected !== t.actual)
			}
		})
		.where(eq(backupRun.sha256, sha256));
}

/** Deletes the files the retention rule no longer keeps; their runs stay as history. */
export async function applyRetention(deps: Pick<BackupDeps, 'db' | 'backupDir' | 'keep'>) {
	const rows = await deps.db
		.select({ id: backupRun.id, at: backupRun.startedAt, fileName: backupRun.fileName })
		.from(backupRun)
		.where(and(eq(backupRun.status, 'done'), isNull(backupRun.deletedAt)))
		.orderBy(desc(backupRun.startedAt));
	const keep = backupsToKeep(rows, deps.keep);
	for (const r of rows) {
		if (keep.has(r.id) || !r.fileName) continue;
		await unlink(join(deps.backupDir, r.fileName)).catch((e: NodeJS.ErrnoException) => {
			if (e.code !== 'ENOENT') throw e;
		});
		await deps.db
			.update(backupRun)
			.set({ deletedAt: sql`now()` })
			.where(eq(backupRun.id, r.id));
	}
}
