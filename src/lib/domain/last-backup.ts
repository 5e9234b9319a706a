/**
 * The newest backup as the admin's home and the status page show it, from `getBackupStatus`
 * (`server/backup/backup-status.ts`, `lastBackupOf`).
 */
export interface LastBackup {
	/** When it was written (ISO), or null when there has never been one. */
	at: string | null;
	state: 'ok' | 'failed' | 'missing' | 'unverified';
	/** A short reason for a failed or missing backup. */
	detail?: string;
}
