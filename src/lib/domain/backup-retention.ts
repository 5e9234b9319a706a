/** Backups are scheduled and kept by the calendar of La Paz, where the programmes run. */
export const BACKUP_TIME_ZONE = 'America/La_Paz';

const dayFormat = new Intl.DateTimeFormat('en-CA', {
	timeZone: BACKUP_TIME_ZONE,
	year: 'numeric',
	month: '2-digit',
	day: '2-digit',
	hour: '2-digit',
	hourCycle: 'h23'
});

/** The La Paz calendar day (YYYY-MM-DD) and hour of an instant. */
export function localDayHour(at: Date): { day: string; hour: number } {
	const parts = Object.fromEntries(dayFormat.formatToParts(at).map((p) => [p.type, p.value]));
	return { day: `${parts.year}-${parts.month}-${parts.day}`, hour: Number(parts.hour) };
}

/**
 * The day whose scheduled backup is due at `now`: today (La Paz) once its hour has come, else
 * none. A server started after the hour makes that day's backup at once; a day it was down is
 * not made up later.
 */
export function dueBackupDay(now: Date, hour: number): string | null {
	const l = localDayHour(now);
	return l.hour >= hour ? l.day : null;
}

/** ISO week (Monday first) of a calendar day, as `YYYY-Www`. */
export function isoWeek(day: string): string {
	const [y, m, d] = day.split('-').map(Number) as [number, number, number];
	const date = new Date(Date.UTC(y, m - 1, d));
	const weekday = (date.getUTCDay() + 6) % 7;
	date.setUTCDate(date.getUTCDate() - weekday + 3);
	const year = date.getUTCFullYear();
	const firstThursday = new Date(Date.UTC(year, 0, 4));
	const week =
		1 +
		Math.round(
			((date.getTime() - firstThursday.getTime()) / 86_400_000 -
				3 +
				((firstThursday.getUTCDay() + 6) % 7)) /
				7
		);
	return `${year}-W${String(week).padStart(2, '0')}`;
}

/**
 * Which backups to keep: the newest of each of the last `daily` days that have one, and the
 * newest of each of the last `weekly` ISO weeks that have one (the two sets overlap). The newest
 * backup is always kept. Everything else may be deleted.
 */
export function backupsToKeep<T extends { id: string; at: Date }>(
	backups: T[],
	keep: { daily: number; weekly: number }
): Set<string> {
	const sorted = [...backups].sort((a, b) => b.at.getTime() - a.at.getTime());
	const kept = new Set<string>();
	if (sorted[0]) kept.add(sorted[0].id);
	const days = new Set<string>();
	const weeks = new Set<string>();
	for (const b of sorted) {
		const { day } = localDayHour(b.at);
		if (!days.has(day) && days.size < keep.daily) {
			days.add(day);
			kept.add(b.id);
		}
		const week = isoWeek(day);
		if (!weeks.has(week) && weeks.size < keep.weekly) {
			weeks.add(week);
			kept.add(b.id);
		}
	}
	return kept;
}
