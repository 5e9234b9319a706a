import { describe, expect, it } from 'vitest';
import { ageAt, ageBandOf } from '../../src/lib/domain/reports/age-bands';
import {
	addToBreakdown,
	breakdownAddsUp,
	emptyBreakdown
} from '../../src/lib/domain/reports/breakdown';
import { actionPlanState, completesCourse } from '../../src/lib/domain/reports/completion';
import { filterParams, parseReportFilters } from '../../src/lib/domain/reports/filters';

describe('age bands', () => {
	it('counts whole years up to the day before the birthday', () => {
		expect(ageAt('2000-10-16', '2026-10-15')).toBe(25);
		expect(ageAt('2000-10-15', '2026-10-15')).toBe(26);
		expect(ageBandOf('2008-10-16', '2026-10-15')).toBe('unknown');
		expect(ageBandOf('2008-10-15', '2026-10-15')).toBe('18-24');
		expect(ageBandOf('2001-10-15', '2026-10-15')).toBe('25-34');
		expect(ageBandOf('1991-10-16', '2026-10-15')).toBe('25-34');
		expect(ageBandOf('1981-10-16', '2026-10-15')).toBe('35-44');
		expect(ageBandOf('1966-10-16', '2026-10-15')).toBe('45-59');
		expect(ageBandOf('1966-10-15', '2026-10-15')).toBe('60+');
		expect(ageBandOf(null, '2026-10-15')).toBe('unknown');
	});
});

describe('completion', () => {
	it('needs every session done by the team and three in four taken by the member', () => {
		expect(completesCourse({ sessions: 5, teamDone: 5, taken: 4 })).toBe(true);
		expect(completesCourse({ sessions: 5, teamDone: 5, taken: 3 })).toBe(false);
		expect(completesCourse({ sessions: 5, teamDone: 4, taken: 5 })).toBe(false);
		expect(completesCourse({ sessions: 4, teamDone: 4, taken: 3 })).toBe(true);
		expect(completesCourse({ sessions: 0, teamDone: 0, taken: 0 })).toBe(false);
	});

	it('judges an Action Plan by its least advanced section', () => {
		expect(actionPlanState([])).toBeNull();
		expect(actionPlanState(['approved', 'approved'])).toBe('approved');
		expect(actionPlanState(['approved', 'submitted'])).toBe('submitted');
		expect(actionPlanState(['approved', 'changes_requested'])).toBe('drafted');
		expect(actionPlanState(['draft', 'submitted'])).toBe('drafted');
	});
});

describe('breakdowns and filters', () => {
	it('adds cells to every dimension at once', () => {
		const b = emptyBreakdown(['FEDA'], ['PT']);
		addToBreakdown(b, { sex: 'F', ageBand: '18-24', federation: 'FEDA', department: 'PT' }, 2);
		addToBreakdown(b, { sex: 'M', ageBand: 'unknown', federation: 'FEDB', department: 'LP' }, 3);
		expect(b.total).toBe(5);
		expect(b.bySex).toEqual({ F: 2, M: 3 });
		expect(b.byFederation).toEqual({ FEDA: 2, FEDB: 3 });
		expect(breakdownAddsUp(b)).toBe(true);
		b.total++;
		expect(breakdownAddsUp(b)).toBe(false);
	});

	it('keeps well-formed filters and drops the rest', () => {
		const id = '0b6f1b1e-8a4b-4c1e-9c2d-3e4f5a6b7c8d';
		const q = new URLSearchParams({
			programme: id.toUpperCase(),
			cohort: "1' or 1=1",
			department: 'pt',
			mineral: 'ZINC',
			sex: 'f',
			age: '60+',
			role: `  ${'x'.repeat(200)}`
		});
		const f = parseReportFilters((n) => q.get(n));
		expect(f).toEqual({
			programmeId: id,
			department: 'PT',
			mineral: 'zinc',
			sex: 'F',
			ageBand: '60+',
			role: 'x'.repeat(60)
		});
		expect(filterParams(f).map(([k]) => k)).toEqual([
			'programme',
			'department',
			'mineral',
			'sex',
			'age',
			'role'
		]);
		// Control characters never reach the database (a NUL would make PostgreSQL fail).
		expect(parseReportFilters((n) => (n === 'role' ? 'Pal\u0000liri\u001b' : null))).toEqual({
			role: 'Pal liri'
		});
		expect(parseReportFilters((n) => (n === 'role' ? '\u0000\u0001' : null))).toEqual({});
		expect(parseReportFilters(() => null)).toEqual({});
		expect(parseReportFilters((n) => (n === 'department' ? 'XX' : undefined))).toEqual({});
	});
});
