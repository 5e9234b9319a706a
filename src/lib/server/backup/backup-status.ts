import { and, desc, eq, isNull } from 'drizzle-orm';
import type { LastBackup } from '../../domain/last-backup';
import type { Executor } from '../db/client';
import { backupRun } from '../db/schema';

/** A run still "running" after this long died with its process. */
export const STALE_RUN_MS = 2 * 60 * 60 * 1000;
/** No successful backup for this long means one is missing (a day and a half: one daily run). */
export const MISSING_AFTER_MS = 36 * 60 * 60 * 1000;

export interface BackupStatus {
	/** `ok`: the newest backup is recent and verified; otherwise what is wrong. */
	state: 'ok' | 'missing' | 'failed' | 'unverified' | 'verify_failed';
	last: {
		id: string;
		at: string;
		fileName: string | null;
		sizeBytes: number | null;
		verified: boolean | null;
		verifiedAt: string | null;
	} | null;
	lastFailure: { at: string; error: string | null } | null;
}

/**
 * The state of backups, for the admin's home, the backups page and `/healthz`: the newest
 * successful backup and its verification, and whether the newest attempt failed.
 */
export async function getBackupStatus(db: Executor, now = new Date()): Promise<BackupStatus> {
	const [last] = await db
		.select()
		.from(backupRun)
		.where(and(eq(backupRun.status, 'done'), isNull(backupRun.deletedAt)))
		.orderBy(desc(backupRun.startedAt))
		.limit(1);
	const [newest] = await db.select().from(backupRun).orderBy(desc(backupRun.startedAt)).limit(1);
	const newestFailed =
		!!newest &&
		(newest.status === 'failed' ||
			(newest.status === 'running' && now.getTime() - newest.startedAt.getTime() > STALE_RUN_MS));
	let state: BackupStatus['state'];
	if (newestFailed) state = 'failed';
	else if (!last || now.getTime() - last.startedAt.getTime() > MISSING_AFTER_MS) state = 'missing';
	else if (last.verifyOk === false) state = 'verify_failed';
	else if (last.verifyOk === null) state = 'unverified';
	else state = 'ok';
	return {
		state,
		last: last
			? {
					id: last.id,
					at: last.startedAt.toISOString(),
					fileName: last.fileName,
					sizeBytes: last.sizeBytes,
					verified: last.verifyOk,
					verifiedAt: last.verifiedAt?.toISOString() ?? null
				}
			: null,
		lastFailure: newestFailed
			? { at: newest!.startedAt.toISOString(), error: newest!.error ?? 'interrupted' }
			: null
	};
}

/** The status as the admin's home and the server status page show it, in one line. */
export function lastBackupOf(s: BackupStatus): LastBackup {
	const at = s.last?.at ?? null;
	if (s.state === 'failed') return { at, state: 'failed', detail: s.lastFailure?.error ?? '' };
	if (s.state === 'verify_failed') return { at, state: 'failed', detail: 'backup:verify' };
	return { at, state: s.state };
}
