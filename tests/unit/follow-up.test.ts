import { describe, expect, it } from 'vitest';
import {
	addMonths,
	coopProgress,
	defaultRoundDates,
	parseUpdate,
	planItems,
	sniffEvidence
} from '../../src/lib/domain/follow-up';

describe('follow-up rules', () => {
	it('adds months keeping the day, or the month’s last day', () => {
		expect(addMonths('2026-12-04', 3)).toBe('2027-03-04');
		expect(addMonths('2026-08-31', 6)).toBe('2027-02-28');
		expect(addMonths('2027-11-30', 3)).toBe('2028-02-29');
		expect(defaultRoundDates('2026-12-31').map((d) => d.dueOn)).toEqual([
			'2027-03-31',
			'2027-06-30'
		]);
	});

	it('knows a photo or PDF by its first bytes only', () => {
		const b = (...x: number[]) => new Uint8Array(x);
		expect(sniffEvidence(b(0xff, 0xd8, 0xff, 0xe0))).toBe('image/jpeg');
		expect(sniffEvidence(b(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a))).toBe('image/png');
		expect(sniffEvidence(new TextEncoder().encode('RIFF\u0000\u0000\u0000\u0000WEBPVP8 '))).toBe(
			'image/webp'
		);
		expect(sniffEvidence(new TextEncoder().encode('%PDF-1.7'))).toBe('application/pdf');
		expect(sniffEvidence(new TextEncoder().encode('RIFF\u0000\u0000\u0000\u0000WAVE'))).toBeNull();
		expect(sniffEvidence(new TextEncoder().encode('<svg xmlns='))).toBeNull();
		expect(sniffEvidence(b(0x89, 0x50))).toBeNull();
	});

	it('reads the update form as people type it', () => {
		expect(
			parseUpdate({ status: 'done', percent: '100 %', spent: '1.500,50', note: '  ok ' })
		).toEqual({
			ok: true,
			values: { status: 'done', percent: 100, spent: 150_050, indicatorValue: null, note: 'ok' }
		});
		expect(parseUpdate({ status: 'on_track', percent: '101', spent: '-5' })).toEqual({
			ok: false,
			fields: { percent: 'followup_err_percent', spent: 'followup_err_amount' }
		});
		expect(parseUpdate({ percent: '' })).toMatchObject({
			ok: false,
			fields: { status: 'followup_err_status', percent: 'followup_err_percent' }
		});
	});

	it('counts named rows only, keyed by their place in the table', () => {
		const items = planItems({
			activities: [{ activity: 'A', budget: 100 }, { activity: '  ' }, { activity: 'C' }]
		});
		expect(items.map((i) => [i.key, i.activity, i.budget])).toEqual([
			['0', 'A', 100],
			['2', 'C', null]
		]);
	});

	it('is late only after the due date, and never once every item is updated', () => {
		const p = (today: string, keys: string[]) =>
			coopProgress({
				itemKeys: ['0', '2'],
				updates: keys.map((itemKey) => ({ itemKey, reviewState: 'pending' as const })),
				dueOn: '2027-03-04',
				today
			}).state;
		expect(p('2027-03-04', [])).toBe('not_started');
		expect(p('2027-03-04', ['0'])).toBe('in_progress');
		expect(p('2027-03-05', ['0'])).toBe('late');
		// An update of a row no longer in the plan does not count.
		expect(p('2027-03-05', ['0', '1'])).toBe('late');
		expect(p('2027-03-05', ['0', '2'])).toBe('complete');
	});
});
