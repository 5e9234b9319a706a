import { eq } from 'drizzle-orm';
import { dueBackupDay } from '../../domain/backup-retention';
import { backupRun } from '../db/schema';
import { log } from '../log';
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
): { stop(): void; tick(): Promise<void> } {
	let busy = false;
	let doneDay: string | null = null;
	const tick = async () => {
		if (busy) return;
		busy = true;
		try {
			const day = dueBackupDay(clock(), hour);
			if (!day || day === doneDay) return;
			const [existing] = await deps.db
				.select({ id: backupRun.id })
				.from(backupRun)
				.where(eq(backupRun.scheduledFor, day));
			if (!existing) await runBackup(deps, { trigger: 'scheduled', scheduledFor: day }, clock());
			doneDay = day;
		} catch (e) {
			log.error('scheduled backup check failed', { error: String(e) });
		} finally {
			busy = false;
		}
	};
	const first = setTimeout(() => void tick(), 5_000);
	const timer = setInterval(() => void tick(), TICK_MS);
	first.unref();
	timer.unref();
	return {
		stop() {
			clearTimeout(first);
			clearInterval(timer);
		},
		tick
	};
}
