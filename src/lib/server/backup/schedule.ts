import { eq } from 'drizzle-orm';
import { dueBackupDay } from '../../domain/backup-retention';
import { backupRun } from '../db/schema';
import { startRepeatingTask, type RepeatingTask } from '../repeating-task';
import { runBackup, type BackupDeps } from './run-backup';

/** How often the server looks whether the day's backup is due. */
export const TICK_MS = 60_000;

/**
 * Runs the daily backup inside the server process, at `hour` (La Paz). Each process ticks; the
 * day's run is claimed by inserting its row (unique per day), so with several processes on one
 * PostgreSQL exactly one writes it. Nothing here can crash the server: errors are logged.
 */
export function startBackupSchedule(
	deps: BackupDeps,
	hour: number,
	clock: () => Date = () => new Date()
): RepeatingTask {
	let doneDay: string | null = null;
	return startRepeatingTask(
		'scheduled backup check',
		async () => {
			const day = dueBackupDay(clock(), hour);
			if (!day || day === doneDay) return;
			const [existing] = await deps.db
				.select({ id: backupRun.id })
				.from(backupRun)
				.where(eq(backupRun.scheduledFor, day));
			if (!existing) await runBackup(deps, { trigger: 'scheduled', scheduledFor: day }, clock());
			doneDay = day;
		},
		{ firstMs: 5_000, everyMs: TICK_MS }
	);
}
