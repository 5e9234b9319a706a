import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { reasonCodes } from '../../src/lib/domain/import/evaluate';
import {
	detectHeaderRow,
	guessMapping,
	missingRequirements,
	repeatedFields
} from '../../src/lib/domain/import/fields';
import type { ColumnMapping } from '../../src/lib/domain/import/types';

const es = JSON.parse(readFileSync('messages/es.json', 'utf8')) as Record<string, string>;
const en = JSON.parse(readFileSync('messages/en.json', 'utf8')) as Record<string, string>;

describe('header guessing', () => {
	it('reads the federation fixture header', () =>
		expect(
			guessMapping([
				'N°',
				'NOMBRES Y APELLIDOS',
				'C.I.',
				'EXP.',
				'SEXO',
				'FECHA NAC.',
				'CELULAR',
				'COOPERATIVA',
				'CARGO',
				'FEDERACIÓN',
				'DEPARTAMENTO',
				'MUNICIPIO'
			])
		).toEqual([
			null,
			'fullName',
			'ci',
			'ciExtension',
			'sex',
			'birthDate',
			'phone',
			'cooperative',
			'role',
			'federation',
			'department',
			'municipality'
		]));

	it.each<[string, string[], ColumnMapping]>([
		[
			'surname first, split in three',
			['Nº', 'APELLIDO PATERNO', 'APELLIDO MATERNO', 'NOMBRES', 'CI', 'Complemento', 'EXPEDIDO'],
			[
				null,
				'paternalSurname',
				'maternalSurname',
				'givenNames',
				'ci',
				'ciComplement',
				'ciExtension'
			]
		],
		[
			'other order and spellings',
			[
				'Cooperativa',
				'Género',
				'Cédula de identidad',
				'Ap. Paterno',
				'Ap. Materno',
				'Nombre(s)',
				'F. Nac.',
				'Telf./Cel.'
			],
			[
				'cooperative',
				'sex',
				'ci',
				'paternalSurname',
				'maternalSurname',
				'givenNames',
				'birthDate',
				'phone'
			]
		],
		[
			'full name, surnames first',
			[
				'APELLIDOS Y NOMBRES',
				'NRO. C.I.',
				'SEXO (M/F)',
				'FECHA DE NACIMIENTO',
				'CELULAR/WHATSAPP',
				'NOMBRE DE LA COOPERATIVA',
				'CARGO EN LA COOPERATIVA'
			],
			['fullNameSurnameFirst', 'ci', 'sex', 'birthDate', 'phone', 'cooperative', 'role']
		],
		[
			'one "nombre completo" column and a registry number',
			[
				'#',
				'NOMBRE COMPLETO',
				'CARNET',
				'LUGAR DE EXPEDICIÓN',
				'SEXO',
				'Nro. Registro AFCOOP',
				'Federación'
			],
			[null, 'fullName', 'ci', 'ciExtension', 'sex', 'registryNumber', 'federation']
		],
		[
			'"NOMBRES" alone is the whole name',
			['NOMBRES', 'C.I.', 'SEXO', 'COOPERATIVA'],
			['fullName', 'ci', 'sex', 'cooperative']
		],
		[
			'apellidos and nombres in two columns',
			['APELLIDOS', 'NOMBRES', 'C.I.', 'SEXO', 'COOP.'],
			['surnames', 'givenNames', 'ci', 'sex', 'cooperative']
		],
		[
			'English headers',
			[
				'No.',
				'First surname',
				'Second surname',
				'Given names',
				'ID number (CI)',
				'Issued in',
				'Sex (M/F)',
				'Date of birth',
				'Mobile phone',
				'Cooperative',
				'Role'
			],
			[
				null,
				'paternalSurname',
				'maternalSurname',
				'givenNames',
				'ci',
				'ciExtension',
				'sex',
				'birthDate',
				'phone',
				'cooperative',
				'role'
			]
		],
		[
			'a field claimed twice goes to the first column',
			['C.I.', 'Nro. de carnet', 'Observaciones'],
			['ci', null, null]
		]
	])('%s', (_, headers, expected) => expect(guessMapping(headers)).toEqual(expected));

	it('recognises its own template headers in both languages', () => {
		for (const m of [es, en]) {
			const headers = Object.keys(m)
				.filter((k) => k.startsWith('import_tpl_'))
				.map((k) => m[k]!);
			const mapping = guessMapping(headers);
			expect(missingRequirements(mapping)).toEqual([]);
			expect(repeatedFields(mapping)).toEqual([]);
			expect(mapping.filter(Boolean)).toHaveLength(headers.length - 1);
		}
	});
});

describe('header row detection', () => {
	it('skips a title block', () =>
		expect(
			detectHeaderRow([
				{ row: 1, cells: ['FEDERACIÓN - LISTA DE PARTICIPANTES'] },
				{ row: 2, cells: ['CURSO THINK.COOP / START.COOP - GRUPO 1'] },
				{ row: 4, cells: ['N°', 'NOMBRES Y APELLIDOS', 'C.I.', 'EXP.', 'SEXO'] },
				{ row: 5, cells: ['1', 'Rubén Peñaranda Cruz', '6762826', 'PT', 'Masculino'] }
			])
		).toBe(4));

	it('finds no header in data alone', () =>
		expect(
			detectHeaderRow([
				{ row: 1, cells: ['1', 'Rubén Peñaranda Cruz', '6762826'] },
				{ row: 2, cells: ['2', 'Benita Cruz', '9286208'] }
			])
		).toBeNull());
});

describe('mapping requirements', () => {
	it('needs a name, the CI, the sex and the cooperative', () => {
		expect(missingRequirements(['givenNames', 'ci'])).toEqual(['name', 'sex', 'cooperative']);
		expect(
			missingRequirements(['givenNames', 'paternalSurname', 'ci', 'sex', 'registryNumber'])
		).toEqual([]);
		expect(repeatedFields(['ci', 'sex', 'ci', null])).toEqual(['ci']);
	});
});

describe('reason messages', () => {
	it('exist in Spanish and English for every reason code', () => {
		for (const code of reasonCodes) {
			expect(es[`import_reason_${code}`], code).toBeTruthy();
			expect(en[`import_reason_${code}`], code).toBeTruthy();
		}
	});

	it('every import key exists in both languages', () => {
		const keys = (m: Record<string, string>) =>
			Object.keys(m).filter((k) => k.startsWith('import_'));
		expect(keys(en).sort()).toEqual(keys(es).sort());
	});
});
