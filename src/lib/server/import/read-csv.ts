// Reads a .csv with csv-parse's streaming parser, 16 KB at a time with a turn of the event loop
// between pieces, stopping at the row limit and refusing a cell or a row beyond the limits.
import { isUtf8 } from 'node:buffer';
import { Readable } from 'node:stream';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { parse } from 'csv-parse';
import type { RawRow } from '../../domain/import/types';
import { isAppError } from '../errors';
import { fileError, limits } from './file-limits';

const SLICE = 16 * 1024;
/** The first bytes, where the separator is guessed. */
const SAMPLE = 64 * 1024;

export interface CsvRead {
	rows: RawRow[];
	truncated: boolean;
}

export async function readCsv(bytes: Uint8Array): Promise<CsvRead> {
	const data = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
	// Excel's "CSV (delimitado por comas)" in a Spanish Windows saves Windows-1252, not UTF-8.
	const utf8 = isUtf8(data);
	const start = new TextDecoder(utf8 ? 'utf-8' : 'windows-1252').decode(data.subarray(0, SAMPLE));
	const parser = parse({
		delimiter: guessDelimiter(start.replace(/^\uFEFF/, '')),
		bom: true,
		relax_column_count: true,
		relax_quotes: true,
		skip_empty_lines: false,
		// A runaway field (an unclosed quote swallowing the rest of the file) stops here.
		max_record_size: limits.cellChars * limits.columns
	});
	// Bytes, not text, are sliced: csv-parse joins a character split between two slices.
	const latin = new TextDecoder('windows-1252');
	const source = Readable.from(
		(async function* () {
			for (let at = 0; at < data.length; at += SLICE) {
				const slice = data.subarray(at, at + SLICE);
				yield utf8 ? slice : Buffer.from(latin.decode(slice), 'utf8');
				await nextTurn();
			}
		})()
	);
	source.on('error', () => {});
	source.pipe(parser);
	const rows: RawRow[] = [];
	let record = 0;
	let chars = 0;
	try {
		for await (const cells of parser as AsyncIterable<string[]>) {
			record++;
			while (cells.length && cells[cells.length - 1]!.trim() === '') cells.pop();
			if (!cells.length) continue;
			if (rows.length === limits.rows) return { rows, truncated: true };
			if (cells.length > limits.columns) throw fileError('file_too_many_columns');
			for (const c of cells) {
				if (c.length > limits.cellChars) throw fileError('file_cell_too_long');
				chars += c.length;
			}
			rows.push({ row: record, cells });
		}
	} catch (e) {
		if (isAppError(e)) throw e;
		if ((e as { code?: string }).code === 'CSV_MAX_RECORD_SIZE')
			throw fileError('file_cell_too_long');
		throw fileError('file_unreadable');
	} finally {
		source.destroy();
		parser.destroy();
	}
	if (chars > limits.textChars) throw fileError('file_unpacked_too_large');
	return { rows, truncated: false };
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
