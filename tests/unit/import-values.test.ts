import { describe, expect, it } from 'vitest';
import { parseCi, parseComplement, parseDepartment } from '../../src/lib/domain/import/ci';
import {
	cooperativeKey,
	cooperativeShortName,
	cooperativeSimilarity
} from '../../src/lib/domain/import/cooperative-name';
import {
	ageOn,
	excelSerialToIso,
	nameCase,
	normaliseRole,
	parseBirthDate,
	parsePhone,
	parseSex,
	resolveName
} from '../../src/lib/domain/import/values';

describe('CI numbers', () => {
	it.each([
		['4567890', '4567890', null, null],
		[' 4567890 ', '4567890', null, null],
		['4.567.890', '4567890', null, null],
		['4567890-1B', '4567890-1B', '1B', null],
		['4567890 - 1b', '4567890-1B', '1B', null],
		['4567890 LP', '4567890', null, 'LP'],
		['4567890 L.P.', '4567890', null, 'LP'],
		['4567890-1B LP', '4567890-1B', '1B', 'LP'],
		['4567890 1B Cbba', '4567890-1B', '1B', 'CB'],
		['C.I. 10822255 PT', '10822255', null, 'PT'],
		['12345', '12345', null, null]
	])('reads %s', (raw, key, complement, extension) => {
		const r = parseCi(raw);
		expect(r).toEqual({
			ok: true,
			ci: { number: key.split('-')[0], complement, extension, key }
		});
	});

	it('says when it is missing', () =>
		expect(parseCi('  ')).toEqual({ ok: false, problem: 'missing' }));

	it.each([
		'1234',
		'1234567890',
		'0456789',
		'ABC123',
		'4567890 XX',
		'45678.90',
		'4567890-B',
		'sin ci'
	])('refuses %s as malformed', (raw) =>
		expect(parseCi(raw)).toEqual({ ok: false, problem: 'malformed' })
	);

	it('reads a complement column', () => {
		expect(parseComplement('1b')).toBe('1B');
		expect(parseComplement('')).toBeNull();
		expect(parseComplement('LP')).toBe(false);
	});

	it.each([
		['LP', 'LP'],
		['L.P.', 'LP'],
		['LPZ', 'LP'],
		['La Paz', 'LP'],
		['Pt', 'PT'],
		['POTOSÍ', 'PT'],
		['Cbba', 'CB'],
		['SCZ', 'SC'],
		['Oruro', 'OR'],
		['Chuquisaca', 'CH'],
		['TJA', 'TJ'],
		['Beni', 'BN'],
		['PA', 'PD']
	])('department of issue %s → %s', (raw, code) => expect(parseDepartment(raw)).toBe(code));

	it('does not invent a department', () => expect(parseDepartment('XX')).toBeNull());
});

describe('sex', () => {
	it.each(['F', 'f', 'Femenino', 'MUJER', 'mujer', 'Fem.'])('%s is F', (v) =>
		expect(parseSex(v)).toBe('F')
	);
	it.each(['M', 'm', 'Masculino', 'HOMBRE', 'Varón', 'H'])('%s is M', (v) =>
		expect(parseSex(v)).toBe('M')
	);
	it('empty is missing, anything else unknown', () => {
		expect(parseSex(' ')).toBeNull();
		expect(parseSex('X')).toBe(false);
		expect(parseSex('otro')).toBe(false);
	});
});

describe('birth dates', () => {
	it.each([
		['1997-11-03', '1997-11-03'],
		['1997-11-03T00:00:00.000Z', '1997-11-03'],
		['03/11/1997', '1997-11-03'],
		['3/11/1997', '1997-11-03'],
		['03-11-1997', '1997-11-03'],
		['03.11.1997', '1997-11-03'],
		['1997/11/03', '1997-11-03'],
		['35737', '1997-11-03'],
		['', null]
	])('reads %s', (raw, date) => expect(parseBirthDate(raw)).toEqual({ ok: true, date }));

	it.each(['31/02/1990', '11/25/1990', 'ayer', '1990', '00/00/0000'])('refuses %s', (raw) =>
		expect(parseBirthDate(raw)).toEqual({ ok: false, problem: 'invalid' })
	);

	it('refuses two-digit years instead of guessing the century', () =>
		expect(parseBirthDate('03/11/97')).toEqual({ ok: false, problem: 'two_digit_year' }));

	it('converts Excel serials (1900 system)', () => {
		expect(excelSerialToIso(61)).toBe('1900-03-01');
		expect(excelSerialToIso(25569)).toBe('1970-01-01');
		expect(excelSerialToIso(45658)).toBe('2025-01-01');
		expect(excelSerialToIso(45658.75)).toBe('2025-01-01');
		expect(excelSerialToIso(12)).toBeNull();
	});

	it('counts whole years', () => {
		expect(ageOn('2008-11-23', '2026-11-23')).toBe(18);
		expect(ageOn('2008-11-24', '2026-11-23')).toBe(17);
		expect(ageOn('2012-04-07', '2026-11-23')).toBe(14);
	});
});

describe('phones', () => {
	it.each([
		['79855201', '+59179855201'],
		['+591 7117 7124', '+59171177124'],
		['591-6137-8261', '+59161378261'],
		['22441122', '+59122441122'],
		['', null]
	])('reads %s', (raw, phone) => expect(parsePhone(raw)).toEqual({ ok: true, phone }));

	it.each(['7123', '812345678', '+54 9 11 1234 5678', 'no tiene'])('refuses %s', (raw) =>
		expect(parsePhone(raw)).toEqual({ ok: false })
	);
});

describe('names', () => {
	it('cases names typed in any way, particles in lower case', () => {
		expect(nameCase('  FÉLIX   justo ')).toBe('Félix Justo');
		expect(nameCase('QUISPE DE LA CRUZ')).toBe('Quispe de la Cruz');
		expect(nameCase('ñusta')).toBe('Ñusta');
	});

	it.each([
		[{ fullName: 'Rubén Peñaranda Cruz' }, 'Rubén', 'Peñaranda Cruz'],
		[{ fullName: 'Benita Juana Cruz Achá' }, 'Benita Juana', 'Cruz Achá'],
		[{ fullName: '  Efraín Mario Poma Nina  ' }, 'Efraín Mario', 'Poma Nina'],
		[{ fullName: 'FÉLIX JUSTO COPA FLORES' }, 'Félix Justo', 'Copa Flores'],
		[{ fullName: 'Juana Quispe' }, 'Juana', 'Quispe'],
		[
			{ fullName: 'María de los Ángeles Quispe de la Cruz' },
			'María de los Ángeles',
			'Quispe de la Cruz'
		],
		[{ fullName: 'Quispe Mamani, Juana Rosa' }, 'Juana Rosa', 'Quispe Mamani'],
		[{ fullNameSurnameFirst: 'QUISPE MAMANI JUANA ROSA' }, 'Juana Rosa', 'Quispe Mamani'],
		[{ fullNameSurnameFirst: 'Quispe Juana' }, 'Juana', 'Quispe'],
		[
			{ givenNames: 'juana rosa', paternalSurname: 'QUISPE', maternalSurname: 'mamani' },
			'Juana Rosa',
			'Quispe Mamani'
		],
		[{ givenNames: 'Juana', paternalSurname: 'Quispe', maternalSurname: '' }, 'Juana', 'Quispe'],
		[{ givenNames: 'Juana', surnames: 'Quispe Mamani' }, 'Juana', 'Quispe Mamani']
	])('resolves %j', (cells, givenNames, surnames) =>
		expect(resolveName(cells)).toEqual({ ok: true, givenNames, surnames })
	);

	it('does not complete a name that has no surname', () => {
		expect(resolveName({ fullName: 'ana' })).toEqual({ ok: false, problem: 'incomplete' });
		expect(resolveName({ givenNames: 'Ana', paternalSurname: '' })).toEqual({
			ok: false,
			problem: 'incomplete'
		});
		expect(resolveName({ fullName: '   ' })).toEqual({ ok: false, problem: 'missing' });
		expect(resolveName({ fullName: 'Juan Pérez 2' })).toEqual({ ok: false, problem: 'invalid' });
	});

	it('normalises roles written in capitals or lower case only', () => {
		expect(normaliseRole('SOCIO')).toBe('Socio');
		expect(normaliseRole('socio base')).toBe('Socio base');
		expect(normaliseRole('Presidente Consejo de Administración')).toBe(
			'Presidente Consejo de Administración'
		);
		expect(normaliseRole(' ')).toBeNull();
	});
});

describe('cooperative names', () => {
	it.each([
		['Cooperativa Minera "Cerro Rico" Ltda.', 'cerro rico'],
		['Coop. Minera Cerro Rico', 'cerro rico'],
		['Cooperativa Aurífera "Nueva Guanay" R.L.', 'nueva guanay'],
		['COOP AURIFERA NUEVA GUANAY', 'nueva guanay'],
		['COOPERATIVA MINERA MULTIACTIVA LLALLAGUA LTDA.', 'multiactiva llallagua'],
		['Cooperativa Minera "Multiactiva Llallagua" Ltda.', 'multiactiva llallagua'],
		['COOP. MINERA AURIFERA SAN JUAN DE TIPUANI LTDA', 'san juan de tipuani'],
		['Cooperativa Minera Aurífera “San Juan de Tipuani” Ltda.', 'san juan de tipuani'],
		['Cooperativa Minera 20 de Octubre de Responsabilidad Limitada', '20 de octubre'],
		['Poopó Unido', 'poopo unido']
	])('%s → %s', (raw, key) => expect(cooperativeKey(raw)).toBe(key));

	it('makes a short name from the key', () =>
		expect(cooperativeShortName('san juan de tipuani')).toBe('San Juan de Tipuani'));

	it('scores similar names, with one typo per word allowed', () => {
		expect(cooperativeSimilarity('cerro rico', 'cerro rico unificada')).toBeCloseTo(0.8);
		expect(cooperativeSimilarity('cerro rrico', 'cerro rico')).toBe(1);
		expect(cooperativeSimilarity('nueva guanay', 'guanay dorado')).toBe(0.5);
		expect(cooperativeSimilarity('multiactiva llallagua', 'estrella del sur')).toBe(0);
		expect(cooperativeSimilarity('san juan de tipuani', 'tipuani nueva esperanza')).toBeLessThan(
			0.5
		);
	});
});
