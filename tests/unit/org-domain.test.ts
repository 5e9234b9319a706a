import { describe, expect, it } from 'vitest';
import { ageOn, isIsoDate, normalizeCi, todayInBolivia } from '../../src/lib/domain/bolivia';
import { diffChanges } from '../../src/lib/domain/changes';
import { csvCell, csvLine } from '../../src/lib/domain/csv';
import { listHref, parseListQuery } from '../../src/lib/domain/list-query';
import { navLinks } from '../../src/lib/domain/nav';
import { checkMove, splitSizes, teamNames, teamSize } from '../../src/lib/domain/teams';

describe('Bolivian data', () => {
	it('counts whole years of age, birthday included', () => {
		expect(ageOn('2008-05-01', '2026-05-01')).toBe(18);
		expect(ageOn('2008-05-02', '2026-05-01')).toBe(17);
		expect(ageOn('2008-02-29', '2026-02-28')).toBe(17);
	});

	it('takes today in La Paz time (UTC−4)', () => {
		expect(todayInBolivia(new Date('2026-05-02T03:30:00Z'))).toBe('2026-05-01');
		expect(todayInBolivia(new Date('2026-05-02T04:30:00Z'))).toBe('2026-05-02');
	});

	it('normalises CI numbers and refuses what cannot be one', () => {
		expect(normalizeCi(' 4 120.500 ')).toBe('4120500');
		expect(normalizeCi('4120500-1b')).toBe('4120500-1B');
		expect(normalizeCi('12')).toBeNull();
		expect(normalizeCi('CI4120500')).toBeNull();
	});

	it('accepts only real calendar dates', () => {
		expect(isIsoDate('2026-02-28')).toBe(true);
		expect(isIsoDate('2026-02-30')).toBe(false);
		expect(isIsoDate('28/02/2026')).toBe(false);
	});
});

describe('teams', () => {
	it('split a cooperative evenly, 25 at most per team', () => {
		expect(splitSizes(0)).toEqual([]);
		expect(splitSizes(4)).toEqual([4]);
		expect(splitSizes(25)).toEqual([25]);
		expect(splitSizes(26)).toEqual([13, 13]);
		expect(splitSizes(60)).toEqual([20, 20, 20]);
		expect(splitSizes(51)).toEqual([17, 17, 17]);
	});

	it('are named after the cooperative, numbered when split, never twice', () => {
		expect(teamNames('Poopó Unido', 1, new Set())).toEqual(['Poopó Unido']);
		expect(teamNames('Poopó Unido', 2, new Set())).toEqual(['Poopó Unido 1', 'Poopó Unido 2']);
		// A second team beside an existing "Poopó Unido" is number 2.
		expect(teamNames('Poopó Unido', 1, new Set(['poopó unido']))).toEqual(['Poopó Unido 2']);
	});

	it('keep 3 to 25 members when one moves', () => {
		expect(teamSize(2)).toBe('small');
		expect(teamSize(3)).toBe('ok');
		expect(teamSize(26)).toBe('large');
		expect(checkMove(5, 24)).toBe('ok');
		expect(checkMove(5, 25)).toBe('target_full');
		expect(checkMove(3, 10)).toBe('source_too_small');
		// A team already too small may be emptied into another.
		expect(checkMove(2, 10)).toBe('ok');
	});
});

describe('audit changes', () => {
	it('keep only the fields that changed, arrays compared by value', () => {
		expect(
			diffChanges(
				{ name: 'A', minerals: ['tin'], municipality: null, status: 'active' },
				{ name: 'A', minerals: ['tin', 'zinc'], municipality: undefined, status: 'inactive' }
			)
		).toEqual({
			minerals: { from: ['tin'], to: ['tin', 'zinc'] },
			status: { from: 'active', to: 'inactive' }
		});
	});
});

describe('CSV', () => {
	it('quotes what needs quoting and disarms formulas', () => {
		expect(csvCell('Estrella del Sur, Ltda.')).toBe('"Estrella del Sur, Ltda."');
		expect(csvCell('dice "hola"')).toBe('"dice ""hola"""');
		expect(csvCell('=HYPERLINK("x")')).toBe(`"'=HYPERLINK(""x"")"`);
		expect(csvCell('@SUM(A1)')).toBe("'@SUM(A1)");
		expect(csvCell('+59171234567')).toBe('+59171234567');
		expect(csvCell(null)).toBe('');
		expect(csvLine(['a', 2, null])).toBe('a,2,\r\n');
	});
});

describe('list queries', () => {
	const spec = {
		sorts: ['name', 'department'],
		defaultSort: 'name',
		filters: { sex: (v: string) => v === 'F' || v === 'M' }
	};

	it('round-trip through the URL, leaving defaults out', () => {
		const q = parseListQuery(
			new URLSearchParams('q=ñusta&sex=F&sort=department&dir=desc&page=3'),
			spec
		);
		expect(q).toEqual({
			q: 'ñusta',
			sort: 'department',
			dir: 'desc',
			page: 3,
			filters: { sex: 'F' }
		});
		expect(parseListQuery(new URLSearchParams(listHref(q).slice(1)), spec)).toEqual(q);
		expect(listHref(q, { page: 1, filters: { sex: undefined } })).toBe(
			'?q=%C3%B1usta&sort=department&dir=desc'
		);
	});
});

describe('navigation', () => {
	const scope = { cohortIds: ['c1'], cooperativeIds: ['k1'] };
	const keys = (roles: Parameters<typeof navLinks>[0]) => navLinks(roles, scope).map((l) => l.key);

	it('gives each role the places it works in', () => {
		expect(keys(['coordinator'])).toEqual([
			'cohorts',
			'cooperatives',
			'federations',
			'people',
			'import'
		]);
		expect(keys(['facilitator'])).toEqual(['myCohorts', 'people']);
		expect(navLinks(['facilitator'], scope)[0]!.href).toBe('/cohorts/c1');
		expect(navLinks(['facilitator'], { ...scope, cohortIds: ['a', 'b'] })[0]!.href).toBe(
			'/cohorts'
		);
		expect(keys(['federation_focal_point'])).toEqual(['cooperatives', 'people']);
		expect(keys(['cooperative_lead', 'participant'])).toEqual(['myCooperative', 'people']);
		expect(navLinks(['cooperative_lead'], scope)[0]!.href).toBe('/cooperatives/k1');
		expect(keys(['participant'])).toEqual([]);
	});
});
