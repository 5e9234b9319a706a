import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { detectHeaderRow } from '../../domain/import/fields';
import type { RawRow } from '../../domain/import/types';
import { AppError } from '../errors';

export const MAX_FILE_BYTES = 5 * 1024 * 1024;
export const MAX_ROWS = 20_000;

/** Why a file cannot be read; the route shows a translated message for each. */
export type FileProblem =
	| 'file_missing'
	| 'file_too_large'
	| 'file_type'
	| 'file_xls'
	| 'file_unreadable'
	| 'file_empty'
	| 'file_too_many_rows'
	| 'file_no_header';

export function fileError(problem: FileProblem): AppError {
	return new AppError('invalid_input', problem, { file: problem });
}

export interface SheetData {
	rows: RawRow[];
	headerRow: number;
}

/**
 * Reads a member list, .xlsx or .csv, into rows of text with the row numbers a spreadsheet shows,
 * and finds the header row under any title block. The type is decided by the content, not the
 * name: a renamed file is read for what it is or refused with a clear reason.
 */
export async function readMemberFile(bytes: Uint8Array, fileName: string): Promise<SheetData> {
	if (bytes.length === 0) throw fileError('file_missing');
	if (bytes.length > MAX_FILE_BYTES) throw fileError('file_too_large');
	const isZip = bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04;
	const isOle = bytes[0] === 0xd0 && bytes[1] === 0xcf && bytes[2] === 0x11 && bytes[3] === 0xe0;
	let sheets: RawRow[][];
	if (isOle) throw fileError('file_xls');
	if (isZip) sheets = await readXlsx(bytes);
	else if (/\.(csv|txt|tsv)$/i.test(fileName) || looksLikeText(bytes)) sheets = [readCsv(bytes)];
	else throw fileError('file_type');

	const nonEmpty = sheets.filter((s) => s.length > 0);
	if (!nonEmpty.length) throw fileError('file_empty');
	// The first sheet with a recognisable header; lists sometimes carry a cover sheet first.
	for (const rows of nonEmpty) {
		const headerRow = detectHeaderRow(rows);
		if (headerRow !== null) {
			if (rows.length > MAX_ROWS) throw fileError('file_too_many_rows');
			return { rows, headerRow };
		}
	}
	throw fileError('file_no_header');
}

function looksLikeText(bytes: Uint8Array): boolean {
	const sample = bytes.subarray(0, 4096);
	return !sample.includes(0);
}

async function readXlsx(bytes: Uint8Array): Promise<RawRow[][]> {
	const wb = new ExcelJS.Workbook();
	try {
		await wb.xlsx.load(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength) as never);
	} catch {
		throw fileError('file_unreadable');
	}
	return wb.worksheets
		.filter((ws) => ws.state !== 'hidden' && ws.state !== 'veryHidden')
		.map((ws) => {
			const rows: RawRow[] = [];
			ws.eachRow({ includeEmpty: false }, (row, rowNumber) => {
				const values = row.values as unknown[];
				const cells: string[] = [];
				for (let c = 1; c < values.length; c++) cells.push(cellText(values[c]));
				while (cells.length && cells[cells.length - 1] === '') cells.pop();
				if (cells.some((v) => v !== '')) rows.push({ row: rowNumber, cells });
			});
			return rows;
		});
}

const pad = (n: number) => String(n).padStart(2, '0');

/** A cell as text. Real dates become "yyyy-mm-dd" (Excel stores them as UTC midnight). */
export function cellText(v: unknown): string {
	if (v === null || v === undefined) return '';
	if (typeof v === 'string') return v;
	if (typeof v === 'number') return Number.isInteger(v) ? v.toFixed(0) : String(v);
	if (typeof v === 'boolean') return v ? 'TRUE' : 'FALSE';
	if (v instanceof Date) {
		if (Number.isNaN(v.getTime())) return '';
		return `${v.getUTCFullYear()}-${pad(v.getUTCMonth() + 1)}-${pad(v.getUTCDate())}`;
	}
	if (typeof v === 'object') {
		const o = v as Record<string, unknown>;
		if (Array.isArray(o.richText))
			return (o.richText as Array<{ text?: string }>).map((t) => t.text ?? '').join('');
		if ('result' in o) return cellText(o.result);
		if ('formula' in o || 'sharedFormula' in o) return '';
		if ('text' in o) return cellText(o.text);
		if ('error' in o) return '';
	}
	return String(v);
}

function decodeText(bytes: Uint8Array): string {
	try {
		return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
	} catch {
		// Excel's "CSV (delimitado por comas)" in a Spanish Windows saves Windows-1252, not UTF-8.
		return new TextDecoder('windows-1252').decode(bytes);
	}
}

function readCsv(bytes: Uint8Array): RawRow[] {
	const text = decodeText(bytes).replace(/^\uFEFF/, '');
	const delimiter = guessDelimiter(text);
	let records: string[][];
	try {
		records = parse(text, {
			delimiter,
			relax_column_count: true,
			relax_quotes: true,
			skip_empty_lines: false,
			bom: true
		}) as string[][];
	} catch {
		throw fileError('file_unreadable');
	}
	const rows: RawRow[] = [];
	records.forEach((cells, i) => {
		const trimmed = [...cells];
		while (trimmed.length && trimmed[trimmed.length - 1]!.trim() === '') trimmed.pop();
		if (trimmed.length) rows.push({ row: i + 1, cells: trimmed });
	});
	return rows;
}

/** Semicolons (a Spanish-locale spreadsheet), commas or tabs: whichever splits the first lines evenly. */
function guessDelimiter(text: string): string {
	const lines = text
		.split(/\r?\n/)
		.filter((l) => l.trim())
		.slice(0, 20);
	let best = ',';
	let bestScore = 0;
	for (const d of [';', ',', '\t']) {
		const counts = lines.map((l) => countOutsideQuotes(l, d));
		const max = Math.max(0, ...counts);
		// Lines with the header's count of separators; the title block above it has fewer.
		const score = counts.filter((c) => c === max && c > 0).length * max;
		if (score > bestScore) {
			best = d;
			bestScore = score;
		}
	}
	return best;
}

function countOutsideQuotes(line: string, d: string): number {
	let n = 0;
	let quoted = false;
	for (const ch of line) {
		if (ch === '"') quoted = !quoted;
		else if (ch === d && !quoted) n++;
	}
	return n;
}
