import { describe, expect, it } from 'vitest';
import { ageOn, isIsoDate, normalizeCi, todayInBolivia } from '../../src/lib/domain/bolivia';
import { diffChanges } from '../../src/lib/domain/changes';
import { csvCell, csvLine } from '../../src/lib/domain/csv';
import { fieldErrors } from '../../src/lib/domain/form-input';
import { resolveName } from '../../src/lib/domain/import/values';
import { orgNameProblem, personNameProblem, tidyName } from '../../src/lib/domain/names';
import { federationInput, personInput } from '../../src/lib/domain/org-input';
import { orgError } from '../../src/lib/i18n/org-errors';
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

describe('names', () => {
	it.each([
		'María José',
		'Ñusta',
		"D'Arcy",
		'Ch’aska',
		'Mamani-Quispe',
		'Ma. Rosa',
		'Vda. de Pérez',
		'Łukasz',
		'Li'
	])('accept %s as a given name and as a surname', (name) => {
		expect(personNameProblem(name, 'givenNames')).toBeNull();
		expect(personNameProblem(name, 'surnames')).toBeNull();
	});

	it.each([
		'<script>alert(1)</script>',
		'=HYPERLINK("http://x.example","clic")',
		'+59171234567',
		'-Ana',
		'@Ana',
		'Juan 2',
		'Ana (Rosa)',
		"'Ana"
	])('refuse %s', (name) => {
		expect(personNameProblem(name, 'givenNames')).toBe('invalid');
		expect(personNameProblem(name, 'surnames')).toBe('invalid');
	});

	it('want a surname of two letters or more, and say when a name is too long', () => {
		expect(personNameProblem('Q', 'surnames')).toBe('too_short');
		expect(personNameProblem('Q.', 'surnames')).toBe('too_short');
		expect(personNameProblem('Q', 'givenNames')).toBeNull();
		expect(personNameProblem('a'.repeat(100), 'givenNames')).toBeNull();
		expect(personNameProblem('a'.repeat(101), 'givenNames')).toBe('too_long');
		expect(personNameProblem('', 'surnames')).toBe('required');
	});

	it('tidy spaces and compose accents', () => {
		expect(tidyName('  Ana \t  María\n')).toBe('Ana María');
		expect(tidyName('Jose\u0301')).toBe('José');
	});

	it.each([
		'Cooperativa Minera "20 de Octubre" R.L.',
		'"Cerro Rico" Ltda.',
		'10 de Noviembre',
		'FENCOMIN',
		'Coop. Minera Aurífera Unificada (COMAU)',
		'¡Unidos!'
	])('accept %s as an organisation name', (name) => {
		expect(orgNameProblem(name)).toBeNull();
	});

	it.each([
		'=HYPERLINK("http://x.example","clic")',
		'+Cooperativa',
		'-Cooperativa',
		'@Cooperativa',
		'Cooperativa <b>Sur</b>',
		'<script>alert(1)</script>'
	])('refuse %s as an organisation name', (name) => {
		expect(orgNameProblem(name)).toBe('invalid');
	});

	it('are the rules of the person and federation forms, with the limit in "too long"', () => {
		const person = personInput('2026-11-23').safeParse({
			givenNames: '=HYPERLINK("x")',
			surnames: 'Q',
			sex: 'F',
			cooperativeId: '00000000-0000-4000-8000-000000000000'
		});
		expect(person.success || fieldErrors(person.error)).toMatchObject({
			givenNames: 'invalid_name',
			surnames: 'surname_too_short'
		});
		const long = personInput('2026-11-23').safeParse({
			givenNames: 'A'.repeat(101),
			surnames: '<script>x</script>'
		});
		expect(long.success || fieldErrors(long.error)).toMatchObject({
			givenNames: 'too_long:100',
			surnames: 'invalid_name'
		});
		const tidy = personInput('2026-11-23').parse({
			givenNames: '  Ana   María ',
			surnames: ' Quispe ',
			sex: 'F',
			cooperativeId: '00000000-0000-4000-8000-000000000000'
		});
		expect(tidy).toMatchObject({ givenNames: 'Ana María', surnames: 'Quispe' });
		const fed = federationInput.safeParse({
			name: '=cmd|calc',
			shortName: 'F'.repeat(41),
			level: 'national'
		});
		expect(fed.success || fieldErrors(fed.error)).toEqual({
			name: 'invalid_org_name',
			shortName: 'too_long:40'
		});
		expect(orgError('too_long:40')).toBe('Es demasiado largo (máximo 40 caracteres).');
		expect(orgError('invalid_name')).toContain('letras');
	});

	it('are the importer’s rules too', () => {
		expect(resolveName({ givenNames: 'Ana', surnames: 'Q' })).toEqual({
			ok: false,
			problem: 'surname_short'
		});
		expect(resolveName({ givenNames: '<script>alert(1)</script>', surnames: 'Quispe' })).toEqual({
			ok: false,
			problem: 'invalid'
		});
		expect(resolveName({ fullName: 'Ana (Rosa) Quispe' })).toEqual({
			ok: false,
			problem: 'invalid'
		});
		expect(resolveName({ givenNames: 'A'.repeat(101), surnames: 'Quispe' })).toEqual({
			ok: false,
			problem: 'too_long'
		});
		expect(resolveName({ givenNames: "ana d'arcy", surnames: 'MAMANI-QUISPE' })).toEqual({
			ok: true,
			givenNames: "Ana D'Arcy",
			surnames: 'Mamani-Quispe'
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
			'reviews',
			'cooperatives',
			'federations',
			'people',
			'import',
			'dashboards'
		]);
		expect(keys(['facilitator'])).toEqual(['myCohorts', 'reviews', 'people', 'dashboards']);
		expect(keys(['admin'])).not.toContain('reviews');
		// Only admins hand out keys to the learning-data feed.
		expect(keys(['admin'])).toContain('apiKeys');
		expect(keys(['coordinator'])).not.toContain('apiKeys');
		expect(keys(['admin'])).toContain('backups');
		expect(keys(['coordinator'])).not.toContain('backups');
		expect(navLinks(['facilitator'], scope)[0]!.href).toBe('/cohorts/c1');
		expect(navLinks(['facilitator'], { ...scope, cohortIds: ['a', 'b'] })[0]!.href).toBe(
			'/cohorts'
		);
		expect(keys(['federation_focal_point'])).toEqual(['cooperatives', 'people', 'dashboards']);
		expect(keys(['cooperative_lead', 'participant'])).toEqual([
			'myCooperative',
			'people',
			'dashboards'
		]);
		expect(navLinks(['cooperative_lead'], scope)[0]!.href).toBe('/cooperatives/k1');
		expect(keys(['participant'])).toEqual([]);
	});
});
