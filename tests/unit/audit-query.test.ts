import { describe, expect, it } from 'vitest';
import {
	auditHref,
	dayAfter,
	dayStart,
	decodeCursor,
	encodeCursor,
	isDay,
	parseAuditQuery
} from '../../src/lib/domain/audit-query';

const parse = (s: string) => parseAuditQuery(new URLSearchParams(s));

describe('audit search query', () => {
	it('reads every filter and writes the same URL back', () => {
		const cursor = {
			at: '2026-12-07 07:50:01.123456+00',
			id: '0b0e8a4e-1c1f-4f7a-9a43-5f3c2a1d9e10'
		};
		const q = parse(
			`who=Ana&user=u-1&entity=user&entityId=abc-1&action=lock&from=2026-12-01&to=2026-12-07&before=${encodeCursor(cursor)}`
		);
		expect(q).toEqual({
			who: 'Ana',
			user: 'u-1',
			entity: 'user',
			entityId: 'abc-1',
			action: 'lock',
			from: '2026-12-01',
			to: '2026-12-07',
			before: cursor
		});
		expect(parse(auditHref(q).slice(1))).toEqual(q);
		expect(auditHref(q, { before: null })).not.toContain('before=');
		expect(auditHref(parse(''))).toBe('?');
	});

	it('drops what does not fit: bad days, odd characters, forged cursors', () => {
		const q = parse(
			"from=2026-02-31&to=20261207&entity=User;drop&action=lock'--&user=a b&before=abc&who=%00x"
		);
		expect(q).toMatchObject({ from: null, to: null, entity: null, action: null, user: null });
		expect(q.before).toBeNull();
		expect(q.who).toBe('x');
		expect(decodeCursor(Buffer.from('2026-12-07|not-a-uuid').toString('base64url'))).toBeNull();
		expect(decodeCursor('x'.repeat(300))).toBeNull();
		const id = '0b0e8a4e-1c1f-4f7a-9a43-5f3c2a1d9e10';
		for (const at of ['2026-02-31 10:00:00+00', '2026-12-07 25:00:00+00', '2026-12-07 10:61:00+00'])
			expect(decodeCursor(encodeCursor({ at, id }))).toBeNull();
		expect(decodeCursor(encodeCursor({ at: '2026-12-07 03:50:01.5-04', id }))).toEqual({
			at: '2026-12-07 03:50:01.5-04',
			id
		});
		expect(isDay('2028-02-29')).toBe(true);
		expect(isDay('2027-02-29')).toBe(false);
	});

	it('swaps a backwards range and reads days in Bolivian time', () => {
		expect(parse('from=2026-12-07&to=2026-12-01')).toMatchObject({
			from: '2026-12-01',
			to: '2026-12-07'
		});
		expect(dayStart('2026-12-07').toISOString()).toBe('2026-12-07T04:00:00.000Z');
		expect(dayAfter('2026-12-07').toISOString()).toBe('2026-12-08T04:00:00.000Z');
	});
});
