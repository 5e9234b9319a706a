import { describe, expect, it } from 'vitest';
import {
	decodeCursor,
	encodeCursor,
	MAX_LIMIT,
	moreLink,
	parseInstant,
	parseStatementQuery
} from '../../src/lib/domain/xapi/statement-query';

const HOME = 'https://minka.example.org';

describe('xAPI statement query', () => {
	it('reads instants in UTC to the microsecond, whatever the offset', () => {
		expect(parseInstant('2026-10-01T18:00:00-04:00')).toBe('2026-10-01T22:00:00.000000Z');
		expect(parseInstant('2026-10-01T22:00:00.123456789Z')).toBe('2026-10-01T22:00:00.123456Z');
		expect(parseInstant('2026-10-01')).toBe('2026-10-01T00:00:00.000000Z');
		expect(parseInstant('2026-10-01T22:00')).toBe('2026-10-01T22:00:00.000000Z');
		for (const bad of ['2026-02-30', '2026-13-01', '2026-10-01T24:00:00Z', 'now', '1969-12-31'])
			expect(parseInstant(bad), bad).toBeNull();
	});

	it('round-trips its cursor and refuses one it did not make', () => {
		const c = { stored: '2026-10-01T22:00:00.123456Z', id: '0b5f3c7e-1d2a-5b3c-8d4e-5f6a7b8c9d0e' };
		expect(decodeCursor(encodeCursor(c))).toEqual(c);
		expect(decodeCursor(Buffer.from('x|y').toString('base64url'))).toBeNull();
		expect(decodeCursor('a'.repeat(200))).toBeNull();
	});

	it('defaults, bounds the limit, and carries the filters into `more`', () => {
		const r = parseStatementQuery('', HOME);
		expect(r).toEqual({ ok: true, query: { limit: 100, ascending: false, format: 'exact' } });
		const zero = parseStatementQuery('?limit=0', HOME);
		expect(zero.ok && zero.query.limit).toBe(MAX_LIMIT);
		const q = parseStatementQuery(
			'?verb=http%3A%2F%2Fadlnet.gov%2Fexpapi%2Fverbs%2Fcompleted&since=2026-10-01&limit=2&ascending=true',
			HOME
		);
		if (!q.ok) throw new Error(q.message);
		const link = moreLink('/xapi/statements', q.query, {
			stored: '2026-10-02T00:00:00.000001Z',
			id: '0b5f3c7e-1d2a-5b3c-8d4e-5f6a7b8c9d0e'
		});
		const again = parseStatementQuery(link.slice(link.indexOf('?')), HOME);
		if (!again.ok) throw new Error(again.message);
		expect(again.query).toEqual({
			...q.query,
			cursor: { stored: '2026-10-02T00:00:00.000001Z', id: '0b5f3c7e-1d2a-5b3c-8d4e-5f6a7b8c9d0e' }
		});
	});

	it('names the agent only when it is an account on this site', () => {
		const agent = (a: unknown) =>
			parseStatementQuery(`?agent=${encodeURIComponent(JSON.stringify(a))}`, HOME);
		const mine = agent({ account: { homePage: HOME, name: 'p1' } });
		expect(mine.ok && mine.query.agent).toBe('p1');
		const other = agent({ account: { homePage: 'https://elsewhere.org', name: 'p1' } });
		expect(other.ok && other.query.agent).toBeNull();
		expect(agent({ mbox: 'mailto:a@b.org', account: { homePage: HOME, name: 'p1' } }).ok).toBe(
			false
		);
		expect(agent([1]).ok).toBe(false);
	});
});
