import { describe, expect, it } from 'vitest';
import {
	DEFAULT_RULE,
	formatCode,
	maskCi,
	normaliseCode,
	parseRule,
	sessionsNeeded,
	standingOf,
	unmetConditions
} from '../../src/lib/domain/certificates/rule';

const course = (taken: number, postTest = true) => ({
	slug: 'think-coop',
	sessions: 10,
	taken,
	postTest
});

const noLive = { held: 0, attended: 0 };

describe('completion rule', () => {
	it('rounds the sessions needed up', () => {
		expect(sessionsNeeded(80, 10)).toBe(8);
		expect(sessionsNeeded(80, 9)).toBe(8);
		expect(sessionsNeeded(75, 4)).toBe(3);
		expect(sessionsNeeded(0, 9)).toBe(0);
		expect(sessionsNeeded(100, 9)).toBe(9);
	});

	it('says what is missing and how far the member stands', () => {
		const meets = unmetConditions(DEFAULT_RULE, {
			courses: [course(8)],
			plan: 'approved',
			live: noLive
		});
		expect(meets).toEqual([]);
		expect(standingOf(meets)).toBe('meets');

		const noTest = unmetConditions(DEFAULT_RULE, {
			courses: [course(10, false)],
			plan: 'approved',
			live: noLive
		});
		expect(noTest).toEqual([{ kind: 'post_test', course: 'think-coop' }]);
		expect(standingOf(noTest)).toBe('almost');

		const short = unmetConditions(DEFAULT_RULE, {
			courses: [course(6)],
			plan: 'approved',
			live: noLive
		});
		expect(short).toEqual([
			{ kind: 'attendance', course: 'think-coop', taken: 6, needed: 8, sessions: 10 }
		]);
		expect(standingOf(short)).toBe('almost');
		expect(
			standingOf(
				unmetConditions(DEFAULT_RULE, { courses: [course(5)], plan: 'approved', live: noLive })
			)
		).toBe('not_yet');
		const many = unmetConditions(DEFAULT_RULE, {
			courses: [course(8)],
			plan: 'submitted',
			live: noLive
		});
		expect(many).toEqual([{ kind: 'plan', state: 'submitted' }]);
		expect(
			standingOf(
				unmetConditions(DEFAULT_RULE, { courses: [course(8, false)], plan: 'none', live: noLive })
			)
		).toBe('not_yet');
	});

	it('asks only what the rule asks', () => {
		const rule = {
			minAttendance: 50,
			requirePostTest: false,
			requirePlanApproved: false,
			minLiveAttendance: 0
		};
		expect(
			unmetConditions(rule, { courses: [course(5, false)], plan: 'none', live: noLive })
		).toEqual([]);
	});

	it('counts live sessions only when the rule asks, over those held so far', () => {
		const rule = { ...DEFAULT_RULE, minLiveAttendance: 50 };
		const member = (held: number, attended: number) => ({
			courses: [course(8)],
			plan: 'approved' as const,
			live: { held, attended }
		});
		// The usual rule ignores live sessions, however few were attended.
		expect(unmetConditions(DEFAULT_RULE, member(6, 0))).toEqual([]);
		expect(unmetConditions(rule, member(0, 0))).toEqual([]);
		expect(unmetConditions(rule, member(6, 3))).toEqual([]);
		const short = unmetConditions(rule, member(6, 1));
		expect(short).toEqual([{ kind: 'live', attended: 1, needed: 3, held: 6 }]);
		expect(standingOf(short)).toBe('almost');
		expect(standingOf(unmetConditions(rule, member(10, 1)))).toBe('not_yet');
	});

	it('reads the rule form', () => {
		expect(parseRule({ minAttendance: '75 %', requirePostTest: 'on' })).toEqual({
			fields: {},
			rule: {
				minAttendance: 75,
				requirePostTest: true,
				requirePlanApproved: false,
				minLiveAttendance: 0
			}
		});
		expect(parseRule({ minAttendance: '80', minLiveAttendance: '50%' }).rule).toMatchObject({
			minLiveAttendance: 50
		});
		expect(parseRule({ minAttendance: '80', minLiveAttendance: '200' }).fields).toEqual({
			minLiveAttendance: 'cert_err_percent'
		});
		for (const bad of ['', '101', '-1', '7.5', 'abc', '1e2', '0x10'])
			expect(parseRule({ minAttendance: bad }).fields).toEqual({
				minAttendance: 'cert_err_percent'
			});
		expect(parseRule({ minAttendance: '80', requirePostTest: 'yes' })).toEqual({
			fields: { _: 'cert_err_form' }
		});
	});
});

describe('codes and CI numbers', () => {
	it('makes codes that read back, whatever the spelling', () => {
		const code = formatCode(new Uint8Array(12).map((_, i) => i * 37));
		expect(code).toMatch(/^[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}$/);
		expect(normaliseCode(code)).toBe(code);
		expect(normaliseCode(code.toLowerCase().replace(/-/g, ' '))).toBe(code);
		for (const odd of ['', 'x', '../../etc/passwd', 'ÀÉÎ', 'A'.repeat(1000), 'UUUU-UUUU-UUUU'])
			expect(normaliseCode(odd)).toBeNull();
	});

	it('shows only the last three digits of a CI', () => {
		expect(maskCi('4567123', 'LP')).toBe('••••123 LP');
		expect(maskCi('12', null)).toBe('12');
		expect(maskCi(null, 'LP')).toBeNull();
	});
});
