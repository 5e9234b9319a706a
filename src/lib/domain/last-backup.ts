/**
 * The newest backup as the admin's home and the status page show it. Filled by the backups part
 * (`getBackupStatus`) once it is wired in; until then the pages say there is no information.
 */
export interface LastBackup {
	/** When it was written (ISO), or null when there has never been one. */
	at: string | null;
	state: 'ok' | 'failed' | 'missing' | 'unverified';
	/** A short reason for a failed or missing backup. */
	detail?: string;
}
