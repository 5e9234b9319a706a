// Hostile member lists: refused while they are read, without filling the memory (how fast, and
// how long they hold the thread, is measured by bench/import.ts).
import { describe, expect, it } from 'vitest';
import { limits, readMemberFile } from '../../src/lib/server/import/read-file';
import { col, inlineRow, sheetEnd, sheetStart, workbookParts, zip } from '../helpers/hostile-xlsx';
import { tableCsv } from '../helpers/member-list';

const header = ['N°', 'NOMBRES Y APELLIDOS', 'C.I.', 'SEXO', 'COOPERATIVA'];
const enc = (s: string) => new TextEncoder().encode(s);

/**
 * Reads a file while watching the process's peak memory growth. How long it takes and how long it
 * holds the event loop are measured by `bench/import.ts`, never asserted here (a loaded machine
 * would fail a correct reader).
 */
async function watched(bytes: Uint8Array, name = 'lista.xlsx') {
	const before = process.memoryUsage().rss;
	let peak = before;
	const timer = setInterval(() => {
		peak = Math.max(peak, process.memoryUsage().rss);
	}, 5);
	let problem: string | null = null;
	try {
		await readMemberFile(bytes, name);
	} catch (e) {
		problem = (e as { fields?: { file?: string } }).fields?.file ?? String(e);
	} finally {
		clearInterval(timer);
	}
	return { problem, growMb: (peak - before) / 1024 / 1024 };
}

/** A sheet of `count` members whose texts are shared strings, as Excel saves them. */
function sharedStringsList(count: number): Uint8Array {
	// Shared strings: the header (0–4), F and M (5, 6), 40 cooperatives (7–46), one name per member.
	function* sheet() {
		yield sheetStart;
		yield (
			'<row r="1">' +
			header.map((h, i) => `<c r="${col(i)}1" t="s"><v>${i}</v></c>`).join('') +
			'</row>'
		);
		let rows = '';
		for (let r = 2; r <= count + 1; r++) {
			rows +=
				`<row r="${r}"><c r="B${r}" t="s"><v>${45 + r}</v></c><c r="C${r}"><v>${3_000_000 + r}</v></c>` +
				`<c r="D${r}" t="s"><v>${5 + (r % 2)}</v></c><c r="E${r}" t="s"><v>${7 + (r % 40)}</v></c></row>`;
			if (r % 10_000 === 0) {
				yield rows;
				rows = '';
			}
		}
		yield rows + sheetEnd;
	}
	function* strings() {
		yield `<?xml version="1.0"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">`;
		yield [...header, 'F', 'M'].map((h) => `<si><t>${h}</t></si>`).join('');
		yield Array.from({ length: 40 }, (_, i) => `<si><t>Coop. Minera San Pedro ${i}</t></si>`).join(
			''
		);
		let si = '';
		for (let r = 0; r < count; r++) {
			si += `<si><t>Juana Quispe Mamani ${r}</t></si>`;
			if (r % 10_000 === 9999) {
				yield si;
				si = '';
			}
		}
		yield si + '</sst>';
	}
	return zip(workbookParts(sheet(), strings()));
}

describe('limits of a member list', () => {
	it('refuses 200,000 rows at the row limit, without filling the memory', async () => {
		const bytes = sharedStringsList(200_000);
		const seen = await watched(bytes);
		expect(seen.problem).toBe('file_too_many_rows');
		expect(seen.growMb).toBeLessThan(100);
	});

	it('still reads a list at the row limit, shared strings and all', async () => {
		const sheet = await readMemberFile(sharedStringsList(limits.rows - 1), 'lista.xlsx');
		expect(sheet.rows).toHaveLength(limits.rows);
		expect(sheet.rows.at(-1)).toEqual({
			row: limits.rows,
			cells: [
				'',
				`Juana Quispe Mamani ${limits.rows - 2}`,
				String(3_000_000 + limits.rows),
				'F',
				`Coop. Minera San Pedro ${limits.rows % 40}`
			]
		});
	});

	it('reads a list at the row limit whose every cell is its own shared string', async () => {
		const width = 10;
		const rows = [sheetStart];
		for (let r = 1; r <= limits.rows; r++) {
			const cells = Array.from(
				{ length: width },
				(_, c) => `<c r="${col(c)}${r}" t="s"><v>${(r - 1) * width + c}</v></c>`
			);
			rows.push(`<row r="${r}">${cells.join('')}</row>`);
		}
		rows.push(sheetEnd);
		const strings = ['<sst>'];
		for (let i = 0; i < limits.rows * width; i++)
			strings.push(i < width ? `<si><t>${header[i] ?? 'CARGO'}</t></si>` : `<si><t>v${i}</t></si>`);
		strings.push('</sst>');
		const sheet = await readMemberFile(
			zip(workbookParts([rows.join('')], [strings.join('')])),
			'x.xlsx'
		);
		expect(sheet.rows).toHaveLength(limits.rows);
		expect(sheet.rows.at(-1)!.cells.at(-1)).toBe(`v${limits.rows * width - 1}`);
	});

	it('refuses one cell of 100 million characters at once (a 100 KB zip)', async () => {
		const bytes = zip(
			workbookParts([
				sheetStart,
				inlineRow(1, header),
				'<row r="2"><c t="inlineStr"><is><t>',
				{ repeat: 'a'.repeat(1024 * 1024), times: 100 },
				'</t></is></c></row>',
				sheetEnd
			])
		);
		expect(bytes.length).toBeLessThan(200_000);
		const seen = await watched(bytes);
		expect(seen.problem).toBe('file_cell_too_long');
		expect(seen.growMb).toBeLessThan(100);
	});

	it('refuses a zip holding more than it declares (a bomb with a false directory)', async () => {
		// 300 MB of rows of short cells that the directory says are 1 KB.
		const row = inlineRow(2, ['1', 'Juana Quispe', '4567890', 'F', 'Coop']);
		const parts = workbookParts([
			sheetStart,
			inlineRow(1, header),
			{ repeat: row.repeat(1000), times: 3000 },
			sheetEnd
		]);
		parts.find((p) => p.name.includes('sheet1'))!.declaredSize = 1024;
		const seen = await watched(zip(parts));
		expect(seen.problem).toBe('file_unreadable');
	});

	it('refuses a zip whose directory declares gigabytes, before inflating it', async () => {
		const parts = workbookParts([sheetStart, inlineRow(1, header), sheetEnd]);
		parts.find((p) => p.name.includes('sheet1'))!.declaredSize = 0xfffffff0;
		const seen = await watched(zip(parts));
		expect(seen.problem).toBe('file_unpacked_too_large');
	});

	it('refuses more inflated XML than a list can need, even in short rows', async () => {
		// Rows without values do not count as rows, but their bytes do. (A smaller budget than
		// the real one keeps the test fast.)
		const budget = limits.unpackedBytes;
		limits.unpackedBytes = 4 * 1024 * 1024;
		try {
			const parts = workbookParts([
				sheetStart,
				inlineRow(1, header),
				{ repeat: '<row><c/></row>'.repeat(10_000), times: 30 },
				sheetEnd
			]);
			const seen = await watched(zip(parts));
			expect(seen.problem).toBe('file_unpacked_too_large');
		} finally {
			limits.unpackedBytes = budget;
		}
	});

	it.each([
		['an inline string', [inlineRow(1, header), inlineRow(2, ['1', 'x'.repeat(1001)])], undefined],
		[
			'a shared string',
			[inlineRow(1, header), '<row r="2"><c r="A2" t="s"><v>0</v></c></row>'],
			[`<sst><si><t>${'x'.repeat(1001)}</t></si></sst>`]
		]
	])('refuses a cell of more than 1,000 characters in %s', async (_, rows, strings) => {
		const bytes = zip(workbookParts([sheetStart, ...rows, sheetEnd], strings));
		await expect(readMemberFile(bytes, 'x.xlsx')).rejects.toMatchObject({
			fields: { file: 'file_cell_too_long' }
		});
	});

	it('accepts a long text on a cover sheet it does not read as the list', async () => {
		const bytes = zip(
			workbookParts(
				[
					sheetStart,
					inlineRow(1, header),
					inlineRow(2, ['1', 'Juana Quispe', '4567890', 'F', 'X']),
					sheetEnd
				],
				// An unused shared string (notes, instructions) may be long.
				[`<sst><si><t>${'x'.repeat(5000)}</t></si></sst>`]
			)
		);
		const sheet = await readMemberFile(bytes, 'x.xlsx');
		expect(sheet.rows).toHaveLength(2);
	});

	it('refuses data beyond column 100, and ignores empty cells there', async () => {
		const far = (v: string) =>
			`<row r="2"><c r="A2" t="inlineStr"><is><t>1</t></is></c><c r="CW2" t="inlineStr"><is><t>${v}</t></is></c></row>`;
		const refused = zip(workbookParts([sheetStart, inlineRow(1, header), far('x'), sheetEnd]));
		await expect(readMemberFile(refused, 'x.xlsx')).rejects.toMatchObject({
			fields: { file: 'file_too_many_columns' }
		});
		const blank = zip(
			workbookParts([
				sheetStart,
				inlineRow(1, header),
				'<row r="2"><c r="A2"><v>1</v></c><c r="XFD2" s="1"/></row>',
				sheetEnd
			])
		);
		expect((await readMemberFile(blank, 'x.xlsx')).rows[1]).toEqual({ row: 2, cells: ['1'] });
	});

	describe('in a .csv', () => {
		it('refuses 200,000 rows at the row limit', async () => {
			const line = '1;Juana Quispe;4567890;F;Coop\n';
			const bytes = enc(header.join(';') + '\n' + line.repeat(200_000));
			expect(bytes.length).toBeLessThan(8 * 1024 * 1024);
			const seen = await watched(bytes.subarray(0, 5 * 1024 * 1024), 'lista.csv');
			expect(seen.problem).toBe('file_too_many_rows');
		});

		it('refuses a cell of more than 1,000 characters, and a runaway quote', async () => {
			const long = tableCsv([header, ['1', 'x'.repeat(1001), '4567890', 'F', 'Coop']]);
			await expect(readMemberFile(enc(long), 'x.csv')).rejects.toMatchObject({
				fields: { file: 'file_cell_too_long' }
			});
			const quote = header.join(';') + '\n1;"Juana' + ';x\n'.repeat(100_000);
			await expect(readMemberFile(enc(quote), 'x.csv')).rejects.toMatchObject({
				fields: { file: 'file_cell_too_long' }
			});
		});

		it('refuses data in more than 100 columns, not trailing separators', async () => {
			const wide = header.join(';') + '\n' + Array(101).fill('x').join(';') + '\n';
			await expect(readMemberFile(enc(wide), 'x.csv')).rejects.toMatchObject({
				fields: { file: 'file_too_many_columns' }
			});
			const trailing =
				header.join(';') +
				';'.repeat(300) +
				'\n1;Juana Quispe;4567890;F;Coop' +
				';'.repeat(300) +
				'\n';
			const sheet = await readMemberFile(enc(trailing), 'x.csv');
			expect(sheet.rows[1]!.cells).toHaveLength(5);
		});
	});
});
