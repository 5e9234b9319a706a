import { detectHeaderRow } from '../../domain/import/fields';
import type { RawRow } from '../../domain/import/types';
import { isAppError } from '../errors';
import { log } from '../log';
import { fileError, MAX_FILE_BYTES, type FileProblem } from './file-limits';
import { readCsv } from './read-csv';
import { readXlsxSheets } from './read-xlsx';

export { fileError, limits, MAX_FILE_BYTES, MAX_ROWS, type FileProblem } from './file-limits';

export interface SheetData {
	rows: RawRow[];
	headerRow: number;
}

/**
 * Reads a member list, .xlsx or .csv, into rows of text with the row numbers a spreadsheet shows,
 * and finds the header row under any title block. The type is decided by the content, not the
 * name: a renamed file is read for what it is or refused with a clear reason. The file is read
 * as a stream within the limits of `file-limits.ts`; nothing in it is ever logged.
 */
export async function readMemberFile(bytes: Uint8Array, fileName: string): Promise<SheetData> {
	try {
		return await readList(bytes, fileName);
	} catch (e) {
		if (isAppError(e)) throw e;
		// A file no rule foresaw is still the file's problem, not a 500. Only the kind of error is
		// logged: a parser's message may quote the file.
		log.warn('member list unreadable', { error: (e as Error)?.name ?? typeof e });
		throw fileError('file_unreadable');
	}
}

async function readList(bytes: Uint8Array, fileName: string): Promise<SheetData> {
	if (bytes.length === 0) throw fileError('file_empty');
	if (bytes.length > MAX_FILE_BYTES) throw fileError('file_too_large');
	const isZip = bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04;
	const isOle = bytes[0] === 0xd0 && bytes[1] === 0xcf && bytes[2] === 0x11 && bytes[3] === 0xe0;
	if (isOle) throw fileError('file_xls');
	if (isZip) return firstList(readXlsxSheets(bytes));
	if (/\.(csv|txt|tsv)$/i.test(fileName) || looksLikeText(bytes))
		return firstList(oneSheet(readCsv(bytes)));
	throw fileError('file_type');
}

async function* oneSheet(read: Promise<{ rows: RawRow[]; truncated: boolean }>) {
	yield { ...(await read), problem: null };
}

/** The first sheet with a recognisable header; lists sometimes carry a cover sheet first. */
async function firstList(
	sheets: AsyncIterable<{ rows: RawRow[]; truncated: boolean; problem: FileProblem | null }>
): Promise<SheetData> {
	let empty = true;
	// Without a list anywhere, what was wrong with the sheets says more than "no header".
	let found: FileProblem | null = null;
	for await (const sheet of sheets) {
		const problem = sheet.truncated ? 'file_too_many_rows' : sheet.problem;
		const headerRow = sheet.rows.length ? detectHeaderRow(sheet.rows) : null;
		if (headerRow !== null) {
			if (problem) throw fileError(problem);
			return { rows: sheet.rows, headerRow };
		}
		if (sheet.rows.length) empty = false;
		found ??= problem;
	}
	throw fileError(found ?? (empty ? 'file_empty' : 'file_no_header'));
}

function looksLikeText(bytes: Uint8Array): boolean {
	const sample = bytes.subarray(0, 4096);
	return !sample.includes(0);
}
