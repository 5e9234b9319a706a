// Reminder times on Bolivia's clock (UTC−4, no daylight saving) and quiet hours 21:00–07:00,
// the back-off of failed sends, and how a person is reached.
import { describe, expect, it } from 'vitest';
import { routesFor, waMeLink } from '../../src/lib/domain/outbox/channels';
import { parseAudience, parseMessageBody } from '../../src/lib/domain/outbox/compose';
import {
	afterQuietHours,
	followUpReminderTime,
	isQuiet,
	liveReminderTimes
} from '../../src/lib/domain/outbox/reminder-times';
import { MAX_ATTEMPTS, nextAttemptAt } from '../../src/lib/domain/outbox/retry';
import { boMobile } from '../../src/lib/domain/phone';

const iso = (d: Date) => d.toISOString();
// 1 December 2026, 09:00 in La Paz.
const now = new Date('2026-12-01T13:00:00Z');

describe('quiet hours in La Paz', () => {
	it('are 21:00 to 07:00 La Paz, whatever the UTC day', () => {
		expect(isQuiet(new Date('2026-12-02T00:59:00Z'))).toBe(false); // 20:59
		expect(isQuiet(new Date('2026-12-02T01:00:00Z'))).toBe(true); // 21:00
		expect(isQuiet(new Date('2026-12-02T10:59:00Z'))).toBe(true); // 06:59
		expect(isQuiet(new Date('2026-12-02T11:00:00Z'))).toBe(false); // 07:00
	});
	it('move a message to the next 07:00 La Paz', () => {
		// 22:30 La Paz on the 1st → 07:00 on the 2nd (11:00 UTC).
		expect(iso(afterQuietHours(new Date('2026-12-02T02:30:00Z')))).toBe('2026-12-02T11:00:00.000Z');
		// 03:00 La Paz on the 2nd → 07:00 the same day.
		expect(iso(afterQuietHours(new Date('2026-12-02T07:00:00Z')))).toBe('2026-12-02T11:00:00.000Z');
		const day = new Date('2026-12-02T15:00:00Z');
		expect(afterQuietHours(day)).toBe(day);
	});
});

describe('live session reminders', () => {
	it('go the day before at 18:00 La Paz and one hour before', () => {
		// 10 December, 19:30 La Paz = 23:30 UTC.
		const r = liveReminderTimes(new Date('2026-12-10T23:30:00Z'), now);
		expect(r.map((x) => [x.kind, iso(x.at)])).toEqual([
			['day_before', '2026-12-09T22:00:00.000Z'],
			['hour_before', '2026-12-10T22:30:00.000Z']
		]);
	});
	it('keep out of quiet hours: a session at 22:00 is reminded at 20:30, one at 07:30 at 07:00', () => {
		const late = liveReminderTimes(new Date('2026-12-11T02:00:00Z'), now); // 10 Dec 22:00
		expect(late.find((x) => x.kind === 'hour_before')!.at.toISOString()).toBe(
			'2026-12-11T00:30:00.000Z' // 20:30 La Paz
		);
		const early = liveReminderTimes(new Date('2026-12-10T11:30:00Z'), now); // 10 Dec 07:30
		expect(early.find((x) => x.kind === 'hour_before')!.at.toISOString()).toBe(
			'2026-12-10T11:00:00.000Z' // 07:00 La Paz
		);
		for (const r of [...late, ...early]) expect(isQuiet(r.at)).toBe(false);
	});
	it('leave out what has passed, and remind at once when the session is close', () => {
		// Tomorrow 08:00 La Paz, planned today at 19:00: 18:00 has passed; 07:00 tomorrow remains.
		const at19 = new Date('2026-12-01T23:00:00Z');
		expect(
			liveReminderTimes(new Date('2026-12-02T12:00:00Z'), at19).map((x) => [x.kind, iso(x.at)])
		).toEqual([['hour_before', '2026-12-02T11:00:00.000Z']]);
		// Half an hour away, in the day: now.
		expect(liveReminderTimes(new Date('2026-12-01T13:30:00Z'), now)).toEqual([
			{ kind: 'hour_before', at: now }
		]);
	});
});

describe('follow-up rounds due', () => {
	it('remind at 09:00 La Paz three days before, at once when later, never after the day', () => {
		expect(iso(followUpReminderTime('2026-12-10', now)!)).toBe('2026-12-07T13:00:00.000Z');
		// On the 8th at 22:00 La Paz: quiet, so 07:00 on the 9th.
		expect(iso(followUpReminderTime('2026-12-10', new Date('2026-12-09T02:00:00Z'))!)).toBe(
			'2026-12-09T11:00:00.000Z'
		);
		// The due day itself, 20:00 La Paz: still that evening, at once.
		const evening = new Date('2026-12-11T00:00:00Z');
		expect(followUpReminderTime('2026-12-10', evening)).toEqual(evening);
		// The due day is over in La Paz.
		expect(followUpReminderTime('2026-12-10', new Date('2026-12-11T04:00:00Z'))).toBeNull();
	});
});

describe('retries', () => {
	it('wait 1, 5, 30, 120 minutes, then give up; a final error is not retried', () => {
		const waits = [1, 2, 3, 4].map(
			(a) => (nextAttemptAt(a, true, now)!.getTime() - now.getTime()) / 60_000
		);
		expect(waits).toEqual([1, 5, 30, 120]);
		expect(nextAttemptAt(MAX_ATTEMPTS, true, now)).toBeNull();
		expect(nextAttemptAt(1, false, now)).toBeNull();
	});
});

describe('how a person is reached', () => {
	it('WhatsApp on a mobile, SMS when WhatsApp is refused, e-mail besides; nothing else', () => {
		expect(routesFor({ phone: '71234567', email: null, optedOut: [] })).toEqual([
			{ channel: 'whatsapp', address: '+59171234567' }
		]);
		expect(
			routesFor({ phone: '+591 6123 4567', email: 'Ana@Correo.bo', optedOut: ['whatsapp'] })
		).toEqual([
			{ channel: 'sms', address: '+59161234567' },
			{ channel: 'email', address: 'ana@correo.bo' }
		]);
		// A landline cannot take WhatsApp or SMS; every channel refused is no way at all.
		expect(routesFor({ phone: '22123456', email: null, optedOut: [] })).toEqual([]);
		expect(
			routesFor({ phone: '71234567', email: 'a@b.bo', optedOut: ['whatsapp', 'sms', 'email'] })
		).toEqual([]);
		expect(boMobile('+5491123456789')).toBeNull();
	});
	it('builds wa.me links with the text ready', () => {
		expect(waMeLink('+59171234567', 'Hola & adiós')).toBe(
			'https://wa.me/59171234567?text=Hola%20%26%20adi%C3%B3s'
		);
	});
	it('reads the audience and the text of a message by hand', () => {
		expect(parseAudience('cohort')).toEqual({ kind: 'cohort' });
		expect(parseAudience('team:../x')).toBeNull();
		expect(parseMessageBody('  \r\n ')).toEqual({ ok: false, error: 'outbox_err_body_empty' });
		expect(parseMessageBody('x'.repeat(1001))).toEqual({
			ok: false,
			error: 'outbox_err_body_long'
		});
		expect(parseMessageBody('a\r\nb')).toEqual({ ok: true, body: 'a\nb' });
	});
});
