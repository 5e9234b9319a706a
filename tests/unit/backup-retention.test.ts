import { describe, expect, it } from 'vitest';
import {
	backupsToKeep,
	dueBackupDay,
	isoWeek,
	localDayHour
} from '../../src/lib/domain/backup-retention';

// La Paz is UTC−4 all year: 06:00 UTC is 02:00 there.
const at = (iso: string) => new Date(iso);

describe('backup schedule (America/La_Paz)', () => {
	it('reads the La Paz day and hour', () => {
		expect(localDayHour(at('2026-12-07T03:30:00Z'))).toEqual({ day: '2026-12-06', hour: 23 });
		expect(localDayHour(at('2026-12-07T06:00:00Z'))).toEqual({ day: '2026-12-07', hour: 2 });
	});

	it('is due from the configured hour on, for that day only', () => {
		expect(dueBackupDay(at('2026-12-07T05:59:00Z'), 2)).toBeNull();
		expect(dueBackupDay(at('2026-12-07T06:00:00Z'), 2)).toBe('2026-12-07');
		expect(dueBackupDay(at('2026-12-08T03:59:00Z'), 2)).toBe('2026-12-07');
		expect(dueBackupDay(at('2026-12-08T03:59:00Z'), 0)).toBe('2026-12-07');
	});

	it('numbers ISO weeks across a year end', () => {
		expect(isoWeek('2026-12-07')).toBe('2026-W50');
		expect(isoWeek('2027-01-01')).toBe('2026-W53');
		expect(isoWeek('2027-01-04')).toBe('2027-W01');
	});
});

describe('backup retention', () => {
	// One backup a day at 02:00 La Paz for 60 days, ending Monday 2026-12-07.
	const daily = Array.from({ length: 60 }, (_, i) => {
		const d = new Date(Date.UTC(2026, 11, 7, 6) - i * 86_400_000);
		return { id: d.toISOString().slice(0, 10), at: d };
	});

	it('keeps the last 7 days and the newest of each of the last 4 weeks', () => {
		const kept = [...backupsToKeep(daily, { daily: 7, weekly: 4 })].sort();
		expect(kept).toEqual([
			// Newest of weeks 47, 48, 49 (Sundays) …
			'2026-11-22',
			'2026-11-29',
			// … and the last seven days, which include week 50's Monday and week 49's Sunday.
			'2026-12-01',
			'2026-12-02',
			'2026-12-03',
			'2026-12-04',
			'2026-12-05',
			'2026-12-06',
			'2026-12-07'
		]);
		expect(kept).toHaveLength(9);
	});

	it('keeps the newest of a day with several backups, and always the newest one', () => {
		const b = [
			{ id: 'early', at: at('2026-12-07T06:00:00Z') },
			{ id: 'late', at: at('2026-12-07T20:00:00Z') },
			{ id: 'yesterday', at: at('2026-12-06T06:00:00Z') }
		];
		expect([...backupsToKeep(b, { daily: 1, weekly: 0 })]).toEqual(['late']);
		expect(backupsToKeep(b, { daily: 2, weekly: 0 })).toEqual(new Set(['late', 'yesterday']));
		expect(backupsToKeep([], { daily: 7, weekly: 4 }).size).toBe(0);
	});

	it('counts days with a backup, not calendar days: a gap does not empty the list', () => {
		const sparse = [0, 10, 20, 30].map((n) => ({
			id: `d${n}`,
			at: new Date(Date.UTC(2026, 11, 7, 6) - n * 86_400_000)
		}));
		expect(backupsToKeep(sparse, { daily: 2, weekly: 0 })).toEqual(new Set(['d0', 'd10']));
	});
});
