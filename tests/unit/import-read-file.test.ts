import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readMemberFile } from '../../src/lib/server/import/read-file';
import ExcelJS from 'exceljs';
import { generateMembers, memberListXlsx, tableCsv, tableXlsx } from '../helpers/member-list';

const fixtures = 'tests/fixtures/member-lists';
const enc = (s: string) => new TextEncoder().encode(s);
const header = ['N°', 'NOMBRES Y APELLIDOS', 'C.I.', 'SEXO', 'COOPERATIVA'];
const row = ['1', 'Rubén Peñaranda Cruz', '6762826', 'M', 'Coop. Minera Cerro Rico'];

describe('reading member lists', () => {
	it('reads the .xlsx fixture: header under the title block, dates as dates', async () => {
		const sheet = await readMemberFile(
			readFileSync(`${fixtures}/lista-participantes-grupo1.xlsx`),
			'lista.xlsx'
		);
		expect(sheet.headerRow).toBe(4);
		expect(sheet.rows[0]).toEqual({ row: 1, cells: ['FEDERACIÓN - LISTA DE PARTICIPANTES'] });
		const first = sheet.rows.find((r) => r.row === 5)!;
		expect(first.cells.slice(0, 7)).toEqual([
			'1',
			'Rubén Peñaranda Cruz',
			'6762826',
			'PT',
			'Masculino',
			'1997-11-03',
			'79855201'
		]);
		expect(sheet.rows.at(-1)!.row).toBe(126);
	});

	it('reads the .csv fixture: semicolons, BOM, CRLF', async () => {
		const sheet = await readMemberFile(
			readFileSync(`${fixtures}/lista-participantes-grupo1.csv`),
			'lista.csv'
		);
		expect(sheet.headerRow).toBe(1);
		expect(sheet.rows[0]!.cells[0]).toBe('N°');
		expect(sheet.rows[1]!.cells.slice(0, 6)).toEqual([
			'1',
			'Rubén Peñaranda Cruz',
			'6762826',
			'PT',
			'M',
			'03/11/1997'
		]);
		expect(sheet.rows.at(-1)).toMatchObject({
			row: 123,
			cells: expect.arrayContaining(['4119631-1B'])
		});
	});

	it('reads a comma CSV without BOM, with quoted commas', async () => {
		const text = tableCsv(
			[header, ['2', 'Quispe, Juana', '4567890', 'F', 'Coop, Minera']],
			',',
			'\n'
		);
		const sheet = await readMemberFile(enc(text), 'lista.csv');
		expect(sheet.headerRow).toBe(1);
		expect(sheet.rows[1]!.cells).toEqual(['2', 'Quispe, Juana', '4567890', 'F', 'Coop, Minera']);
	});

	it('reads a tab-separated list and a title block in CSV', async () => {
		const text = tableCsv([['LISTA GRUPO 2'], [], header, row], '\t', '\n');
		const sheet = await readMemberFile(enc(text), 'lista.txt');
		expect(sheet.headerRow).toBe(3);
		expect(sheet.rows.find((r) => r.row === 4)!.cells).toEqual(row);
	});

	it('reads a CSV saved in Windows-1252 (Excel in Spanish, "CSV delimitado por comas")', async () => {
		const text = tableCsv([header, ['2', 'Germán Peñaranda Achá', '4567890', 'M', 'Poopó']]);
		const latin1 = Uint8Array.from([...text].map((c) => c.charCodeAt(0)));
		const sheet = await readMemberFile(latin1, 'lista.csv');
		expect(sheet.rows[1]!.cells[1]).toBe('Germán Peñaranda Achá');
		expect(sheet.rows[0]!.cells[0]).toBe('N°');
	});

	it('reads numbers, dates, formulas and rich text from .xlsx cells', async () => {
		const bytes = await tableXlsx([
			[...header, 'FECHA NAC.'],
			[
				3,
				{ richText: [{ text: 'Juana ' }, { font: { bold: true }, text: 'Quispe' }] },
				4567890,
				{ formula: 'IF(1=1,"F","M")', result: 'F' },
				'Coop. Minera Poopó',
				new Date(Date.UTC(1985, 2, 15))
			]
		]);
		const sheet = await readMemberFile(bytes, 'x.xlsx');
		expect(sheet.rows[1]!.cells).toEqual([
			'3',
			'Juana Quispe',
			'4567890',
			'F',
			'Coop. Minera Poopó',
			'1985-03-15'
		]);
	});

	it('reads a generated list cell for cell as exceljs does', async () => {
		// exceljs writes the files and reads them whole; the streaming reader must agree with it.
		const bytes = await memberListXlsx(generateMembers(300, 12));
		const wb = new ExcelJS.Workbook();
		await wb.xlsx.load(Buffer.from(bytes) as never);
		const expected: Array<{ row: number; cells: string[] }> = [];
		wb.worksheets[0]!.eachRow((row, n) => {
			const cells = (row.values as unknown[])
				.slice(1)
				.map((v) =>
					v instanceof Date
						? v.toISOString().slice(0, 10)
						: typeof v === 'number'
							? v.toFixed(0)
							: v === undefined || v === null
								? ''
								: String(v)
				);
			while (cells.length && cells.at(-1) === '') cells.pop();
			expected.push({ row: n, cells });
		});
		expect((await readMemberFile(bytes, 'x.xlsx')).rows).toEqual(expected);
	});

	it.each([
		['an empty file', new Uint8Array(), 'x.csv', 'file_empty'],
		[
			'an old .xls',
			Uint8Array.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0]),
			'x.xls',
			'file_xls'
		],
		['a picture', Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 0]), 'foto.png', 'file_type'],
		[
			'a broken .xlsx',
			Uint8Array.from([0x50, 0x4b, 0x03, 0x04, 1, 2, 3]),
			'x.xlsx',
			'file_unreadable'
		],
		['a list without headers', enc('1;Juana;4567890\n2;Rosa;4567891\n'), 'x.csv', 'file_no_header'],
		['a blank CSV', enc('\r\n;;\r\n'), 'x.csv', 'file_empty'],
		['a file over 5 MB', new Uint8Array(5 * 1024 * 1024 + 1).fill(65), 'x.csv', 'file_too_large']
	])('refuses %s with a reason', async (_, bytes, name, problem) => {
		await expect(readMemberFile(bytes, name)).rejects.toMatchObject({
			code: 'invalid_input',
			fields: { file: problem }
		});
	});
});
