import { getCurriculum } from '../curriculum/get-curriculum';
import type { DbHandle } from '../db/client';
import type { Env } from '../env';
import type { BackupDeps } from './run-backup';

/** Backup dependencies from the validated configuration and an open database. */
export function backupDeps(handle: DbHandle, e: Env): BackupDeps {
	return {
		db: handle.db,
		kind: handle.kind,
		dataDir: e.DATA_DIR,
		backupDir: e.BACKUP_DIR,
		authSecretFromEnv: e.AUTH_SECRET_FROM_ENV,
		databaseUrl: e.DATABASE_URL,
		keep: { daily: e.BACKUP_KEEP_DAILY, weekly: e.BACKUP_KEEP_WEEKLY },
		contentVersion: async () => (await getCurriculum()).version
	};
}
