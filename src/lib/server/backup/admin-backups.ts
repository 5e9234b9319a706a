import { desc } from 'drizzle-orm';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { assertCan, type Actor } from '../access/guard';
import { recordAudit } from '../audit/record-audit';
import type { Db } from '../db/client';
import { backupRun, user } from '../db/schema';
import { AppError } from '../errors';
import { isId } from '../http/respond';
import { getBackupStatus, STALE_RUN_MS, type BackupStatus } from './backup-status';
import { claimRun, completeRun, type BackupDeps } from './run-backup';
import { eq } from 'drizzle-orm';

/** Rows the backups page shows: every file kept, and enough history to see a pattern. */
export const LIST_LIMIT = 60;

export interface BackupListItem {
	id: string;
	trigger: 'scheduled' | 'admin' | 'cli';
	status: 'running' | 'done' | 'failed';
	startedAt: Date;
	finishedAt: Date | null;
	sizeBytes: number | null;
	rowCount: number | null;
	verifiedAt: Date | null;
	verifyOk: boolean | null;
	verifyError: string | null;
	error: string | null;
	/** The file is still on disk (not removed by retention or by hand). */
	available: boolean;
	requestedBy: string | null;
}

/** The backups page: the runs, newest first, and the overall status. */
export async function listBackups(
	deps: { db: Db; backupDir: string; now?: Date },
	actor: Actor
): Promise<{ status: BackupStatus; items: BackupListItem[]; backupDir: string }> {
	assertCan(actor, 'backup.manage');
	const now = deps.now ?? new Date();
	const rows = await deps.db
		.select({ run: backupRun, requestedBy: user.name })
		.from(backupRun)
		.leftJoin(user, eq(user.id, backupRun.requestedBy))
		.orderBy(desc(backupRun.startedAt))
		.limit(LIST_LIMIT);
	const items = rows.map(({ run: r, requestedBy }) => {
		const stale = r.status === 'running' && now.getTime() - r.startedAt.getTime() > STALE_RUN_MS;
		const report = r.verifyReport as { error?: string } | null;
		return {
			id: r.id,
			trigger: r.trigger,
			status: stale ? ('failed' as const) : r.status,
			startedAt: r.startedAt,
			finishedAt: r.finishedAt,
			sizeBytes: r.sizeBytes,
			rowCount: r.rowCount,
			verifiedAt: r.verifiedAt,
			verifyOk: r.verifyOk,
			verifyError: report?.error ?? null,
			error: stale ? 'interrupted' : r.error,
			available:
				r.status === 'done' &&
				!r.deletedAt &&
				!!r.fileName &&
				existsSync(join(deps.backupDir, r.fileName)),
			requestedBy
		};
	});
	return { status: await getBackupStatus(deps.db, now), items, backupDir: deps.backupDir };
}

/**
 * "Make a backup now": claims a run for the form's id (sent twice, it makes one), records it in
 * the audit log, and lets it run in the background; the page shows it as running.
 */
export async function startBackupNow(
	deps: BackupDeps,
	actor: Actor,
	clientId: unknown
): Promise<{ id: string; started: boolean }> {
	assertCan(actor, 'backup.manage');
	if (typeof clientId !== 'string' || !isId(clientId))
		throw new AppError('invalid_input', 'client id', { _: 'backup_err_form' });
	const c = await claimRun(deps, { trigger: 'admin', clientId, requestedBy: actor.userId });
	if (!c.run) throw new AppError('conflict', 'backup run');
	if (!c.claimed) return { id: c.run.id, started: false };
	await recordAudit(deps.db, actor, {
		action: 'backup.create',
		entity: 'backup',
		entityId: c.run.id
	});
	void completeRun(deps, c.run.id);
	return { id: c.run.id, started: true };
}

/** A backup file for download (admins only; audited: it holds everyone's data). */
export async function getBackupFile(
	deps: { db: Db; backupDir: string },
	actor: Actor,
	id: string
): Promise<{ path: string; name: string }> {
	assertCan(actor, 'backup.manage');
	if (!isId(id)) throw new AppError('not_found');
	const [r] = await deps.db.select().from(backupRun).where(eq(backupRun.id, id));
	const path = r?.fileName ? join(deps.backupDir, r.fileName) : null;
	if (!r || r.status !== 'done' || r.deletedAt || !path || !existsSync(path))
		throw new AppError('not_found');
	await recordAudit(deps.db, actor, { action: 'backup.download', entity: 'backup', entityId: id });
	return { path, name: r.fileName! };
}
