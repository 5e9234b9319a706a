// Reads the sheets of an .xlsx without trusting it. An .xlsx is a zip of XML files, and a 100 KB
// zip can hold gigabytes: the zip's directory is checked before anything is inflated, inflating
// stops at a byte budget, the XML is parsed as it streams (saxes) and a sheet stops being read at
// the row limit. Inflating runs on libuv's thread pool (node:zlib through yauzl) and the XML is
// parsed 16 KB at a time, so a large file does not hold up other requests.
import { posix } from 'node:path';
import { SaxesParser } from 'saxes';
import yauzl from 'yauzl';
import type { RawRow } from '../../domain/import/types';
import { isAppError } from '../errors';
import { cellText } from './cell-text';
import { fileError, limits, type FileProblem } from './file-limits';

type Attrs = Record<string, string>;

interface XmlHandlers {
	open?(name: string, attrs: Attrs): void;
	close?(name: string): void;
	text?(text: string): void;
	/** True once the rest of the part is not needed: reading stops there. */
	done?(): boolean;
}

/** A sheet as read: rows whose cells are text or, until resolved, a shared-string index. */
interface RawSheet {
	rows: Array<{ row: number; cells: Array<string | number> }>;
	/** More rows than the limit: reading stopped there. */
	truncated: boolean;
	/** A cell this sheet cannot hold (too long, too far right); refused if it is the list's sheet. */
	problem: FileProblem | null;
}

const TOO_LONG = Symbol('too long');

/** All visible sheets, in the workbook's order, lazily: the caller stops at the list's sheet. */
export async function* readXlsxSheets(bytes: Uint8Array): AsyncGenerator<SheetRead> {
	const zip = await openZip(bytes);
	try {
		const budget = { used: 0 };
		const rootRels = await readRels(zip, budget, '_rels/.rels', '');
		const workbookPath =
			rootRels.find((r) => r.type.endsWith('/officeDocument'))?.target ?? 'xl/workbook.xml';
		const workbook = await readWorkbook(zip, budget, workbookPath);
		const rels = await readRels(
			zip,
			budget,
			posix.join(posix.dirname(workbookPath), '_rels', `${posix.basename(workbookPath)}.rels`),
			posix.dirname(workbookPath)
		);
		const target = (type: string) => rels.find((r) => r.type.endsWith(type))?.target;
		const dateStyles = await readDateStyles(zip, budget, target('/styles'));
		const sharedStrings = target('/sharedStrings');
		for (const sheet of workbook.sheets) {
			if (sheet.hidden) continue;
			const path = rels.find((r) => r.id === sheet.relId)?.target;
			if (!path || !zip.entries.has(path.toLowerCase())) continue;
			const raw = await readSheet(zip, budget, path, dateStyles, workbook.date1904);
			yield await resolveSharedStrings(zip, budget, sharedStrings, raw);
		}
	} finally {
		zip.file.close();
	}
}

export interface SheetRead {
	rows: RawRow[];
	truncated: boolean;
	problem: FileProblem | null;
}

// ---- the zip ----

interface Zip {
	file: yauzl.ZipFile;
	/** Entries by lower-cased name: some tools write `[Content_Types].xml`, others change case. */
	entries: Map<string, yauzl.Entry>;
}

async function openZip(bytes: Uint8Array): Promise<Zip> {
	const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
	const file = await new Promise<yauzl.ZipFile>((resolve, reject) =>
		yauzl.fromBuffer(buffer, { lazyEntries: true, validateEntrySizes: true }, (err, zf) =>
			err || !zf ? reject(fileError('file_unreadable')) : resolve(zf)
		)
	);
	// The central directory says how many entries there are before any is read.
	if (file.entryCount > limits.zipEntries) {
		file.close();
		throw fileError('file_unpacked_too_large');
	}
	const entries = new Map<string, yauzl.Entry>();
	let declared = 0;
	await new Promise<void>((resolve, reject) => {
		file.on('entry', (entry: yauzl.Entry) => {
			entries.set(entry.fileName.toLowerCase(), entry);
			declared += entry.uncompressedSize;
			file.readEntry();
		});
		file.on('end', () => resolve());
		file.on('error', () => reject(fileError('file_unreadable')));
		file.readEntry();
	});
	// What the directory declares, before inflating anything. The actual bytes are counted too
	// (`inflate`): a zip can declare less than it holds.
	if (declared > limits.declaredBytes) {
		file.close();
		throw fileError('file_unpacked_too_large');
	}
	return { file, entries };
}

/**
 * The text of one part, 16 KB at a time. Refused as soon as it holds more than the directory
 * declared (yauzl counts) or the bytes inflated for this file pass the budget.
 */
async function* inflate(zip: Zip, path: string, budget: { used: number }): AsyncGenerator<string> {
	const entry = zip.entries.get(path.toLowerCase());
	if (!entry) return;
	if (entry.isEncrypted()) throw fileError('file_unreadable');
	const stream = await new Promise<NodeJS.ReadableStream & { destroy(): void }>((resolve, reject) =>
		zip.file.openReadStream(entry, (err, s) =>
			err || !s ? reject(fileError('file_unreadable')) : resolve(s)
		)
	);
	const decoder = new TextDecoder('utf-8');
	try {
		for await (const chunk of stream as AsyncIterable<Buffer>) {
			budget.used += chunk.length;
			if (budget.used > limits.unpackedBytes) throw fileError('file_unpacked_too_large');
			yield decoder.decode(chunk, { stream: true });
		}
		yield decoder.decode();
	} catch (e) {
		if (isAppError(e)) throw e;
		// A damaged deflate stream, or more bytes than the directory declared.
		throw fileError('file_unreadable');
	} finally {
		stream.destroy();
	}
}

// ---- XML ----

/** The name without its namespace prefix: some tools write `<x:row>` for `<row>`. */
const local = (name: string) => name.slice(name.indexOf(':') + 1);

async function parseXml(chunks: AsyncIterable<string>, on: XmlHandlers): Promise<void> {
	const parser = new SaxesParser({ position: false });
	// saxes holds a text or a tag in memory until it ends; a part that goes on without any ending
	// (one 100-million-character cell) is refused once that reaches the limit.
	let progressed: boolean;
	let pending = 0;
	parser.on('opentag', (tag) => {
		progressed = true;
		on.open?.(local(tag.name), tag.attributes as Attrs);
		if (tag.isSelfClosing) on.close?.(local(tag.name));
	});
	parser.on('closetag', (tag) => {
		progressed = true;
		if (!tag.isSelfClosing) on.close?.(local(tag.name));
	});
	parser.on('text', (t) => {
		progressed = true;
		on.text?.(t);
	});
	parser.on('cdata', (t) => {
		progressed = true;
		on.text?.(t);
	});
	for await (const chunk of chunks) {
		progressed = false;
		try {
			parser.write(chunk);
		} catch (e) {
			if (isAppError(e)) throw e;
			throw fileError('file_unreadable');
		}
		pending = progressed ? chunk.length : pending + chunk.length;
		if (pending > limits.xmlTokenChars) throw fileError('file_cell_too_long');
		if (on.done?.()) return;
	}
	try {
		parser.close();
	} catch {
		throw fileError('file_unreadable');
	}
}

interface Rel {
	id: string;
	type: string;
	target: string;
}

async function readRels(
	zip: Zip,
	budget: { used: number },
	path: string,
	base: string
): Promise<Rel[]> {
	const rels: Rel[] = [];
	await parseXml(inflate(zip, path, budget), {
		open(name, a) {
			if (name !== 'Relationship' || a.TargetMode === 'External' || !a.Target) return;
			const target = a.Target.startsWith('/')
				? a.Target.slice(1)
				: posix.normalize(posix.join(base, a.Target));
			rels.push({ id: a.Id ?? '', type: a.Type ?? '', target });
		}
	});
	return rels;
}

async function readWorkbook(zip: Zip, budget: { used: number }, path: string) {
	if (!zip.entries.has(path.toLowerCase())) throw fileError('file_unreadable');
	const sheets: Array<{ relId: string; hidden: boolean }> = [];
	let date1904 = false;
	await parseXml(inflate(zip, path, budget), {
		open(name, a) {
			if (name === 'workbookPr') date1904 = a.date1904 === '1' || a.date1904 === 'true';
			if (name === 'sheet') {
				const idKey = Object.keys(a).find((k) => k.endsWith(':id'));
				sheets.push({
					relId: idKey ? a[idKey]! : '',
					hidden: a.state === 'hidden' || a.state === 'veryHidden'
				});
			}
		}
	});
	return { sheets, date1904 };
}

// Built-in number formats that are dates or times (ECMA-376 18.8.30), as exceljs reads them.
const builtInDates = new Set([14, 15, 16, 17, 18, 19, 20, 21, 22, 45, 46, 47]);

/** A custom format is a date when, outside quotes and brackets, it has date or time letters. */
function isDateFormat(code: string): boolean {
	return /[ymdhMsb]/.test(code.replace(/\[[^\]]*]/g, '').replace(/"[^"]*"/g, ''));
}

/** For each cell style (`s="3"`), whether it shows numbers as dates. */
async function readDateStyles(
	zip: Zip,
	budget: { used: number },
	path: string | undefined
): Promise<boolean[]> {
	if (!path) return [];
	const custom = new Map<number, boolean>();
	const styles: boolean[] = [];
	let inCellXfs = false;
	await parseXml(inflate(zip, path, budget), {
		open(name, a) {
			if (name === 'numFmt') custom.set(Number(a.numFmtId), isDateFormat(a.formatCode ?? ''));
			else if (name === 'cellXfs') inCellXfs = true;
			else if (name === 'xf' && inCellXfs) {
				const id = Number(a.numFmtId ?? 0);
				styles.push(custom.get(id) ?? builtInDates.has(id));
			}
		},
		close(name) {
			if (name === 'cellXfs') inCellXfs = false;
		}
	});
	return styles;
}

/** "AB12" → 28; 0 when there is no column. */
function columnOf(ref: string): number {
	let n = 0;
	for (const ch of ref) {
		const code = ch.charCodeAt(0);
		if (code < 65 || code > 90) break;
		n = n * 26 + code - 64;
	}
	return n;
}

/** Excel's day count (from 1899-12-30, or 1904-01-01) as a UTC date, as exceljs converts it. */
function excelDate(serial: number, date1904: boolean): Date {
	return new Date(Math.round((serial - 25569 + (date1904 ? 1462 : 0)) * 24 * 3600 * 1000));
}

async function readSheet(
	zip: Zip,
	budget: { used: number },
	path: string,
	dateStyles: boolean[],
	date1904: boolean
): Promise<RawSheet> {
	const sheet: RawSheet = { rows: [], truncated: false, problem: null };
	let rowNumber = 0;
	let cells: Array<string | number> = [];
	let column = 0;
	let type = '';
	let style = 0;
	let text = '';
	let tooLong = false;
	let collecting = false;
	let inInline = false;
	let inPhonetic = false;

	const append = (t: string) => {
		if (tooLong) return;
		if (text.length + t.length > limits.cellChars) tooLong = true;
		else text += t;
	};

	await parseXml(inflate(zip, path, budget), {
		open(name, a) {
			switch (name) {
				case 'row':
					rowNumber = a.r ? Number(a.r) : rowNumber + 1;
					cells = [];
					column = 0;
					break;
				case 'c':
					column = (a.r && columnOf(a.r)) || column + 1;
					type = a.t ?? 'n';
					style = Number(a.s ?? 0);
					text = '';
					tooLong = false;
					inInline = false;
					break;
				case 'v':
					collecting = true;
					break;
				case 'is':
					inInline = true;
					break;
				case 'rPh':
					inPhonetic = true;
					break;
				case 't':
					collecting = inInline && !inPhonetic;
					break;
			}
		},
		text(t) {
			if (collecting) append(t);
		},
		close(name) {
			switch (name) {
				case 'v':
				case 't':
					collecting = false;
					break;
				case 'rPh':
					inPhonetic = false;
					break;
				case 'is':
					inInline = false;
					break;
				case 'c': {
					if (tooLong) {
						sheet.problem ??= 'file_cell_too_long';
						break;
					}
					const value = cellValue(type, text, dateStyles[style] ?? false, date1904);
					if (value === '') break;
					if (column > limits.columns) {
						sheet.problem ??= 'file_too_many_columns';
						break;
					}
					while (cells.length < column - 1) cells.push('');
					cells[column - 1] = value;
					break;
				}
				case 'row':
					if (!cells.some((v) => v !== '')) break;
					if (sheet.rows.length === limits.rows) sheet.truncated = true;
					else sheet.rows.push({ row: rowNumber, cells });
					break;
			}
		},
		done: () => sheet.truncated
	});
	return sheet;
}

/** A cell's value as text, or the index of its shared string. */
function cellValue(type: string, v: string, isDate: boolean, date1904: boolean): string | number {
	switch (type) {
		case 's':
			return v === '' ? '' : Number(v);
		case 'str':
		case 'inlineStr':
			return v;
		case 'b':
			return v === '' ? '' : cellText(v === '1' || v === 'true');
		case 'e':
			return '';
		case 'd':
			return v === '' ? '' : cellText(new Date(v));
		default: {
			if (v === '') return '';
			const n = Number.parseFloat(v);
			if (Number.isNaN(n)) return v;
			return cellText(isDate ? excelDate(n, date1904) : n);
		}
	}
}

/**
 * Puts the shared strings in the cells that use them. Only the strings the read rows refer to
 * are kept, and reading stops after the last of them: a 200,000-row file read up to its limit
 * needs only the strings of those rows.
 */
async function resolveSharedStrings(
	zip: Zip,
	budget: { used: number },
	path: string | undefined,
	raw: RawSheet
): Promise<SheetRead> {
	const needed = new Set<number>();
	let last = -1;
	for (const r of raw.rows)
		for (const c of r.cells)
			if (typeof c === 'number') {
				needed.add(c);
				if (c > last) last = c;
			}
	const strings = new Map<number, string | typeof TOO_LONG>();
	if (needed.size && path) {
		let index = -1;
		let text = '';
		let tooLong = false;
		let inText = false;
		let inPhonetic = false;
		await parseXml(inflate(zip, path, budget), {
			open(name) {
				if (name === 'si') {
					index++;
					text = '';
					tooLong = false;
				} else if (name === 'rPh') inPhonetic = true;
				else if (name === 't') inText = !inPhonetic && needed.has(index);
			},
			text(t) {
				if (!inText || tooLong) return;
				if (text.length + t.length > limits.cellChars) tooLong = true;
				else text += t;
			},
			close(name) {
				if (name === 't') inText = false;
				else if (name === 'rPh') inPhonetic = false;
				else if (name === 'si' && needed.has(index)) strings.set(index, tooLong ? TOO_LONG : text);
			},
			done: () => index > last
		});
	}
	let problem = raw.problem;
	let chars = 0;
	const rows: RawRow[] = [];
	for (const r of raw.rows) {
		const cells = r.cells.map((c) => {
			if (typeof c === 'string') return c;
			const s = strings.get(c) ?? '';
			if (s !== TOO_LONG) return s;
			problem ??= 'file_cell_too_long';
			return '';
		});
		for (const c of cells) chars += c.length;
		while (cells.length && cells[cells.length - 1] === '') cells.pop();
		if (cells.length) rows.push({ row: r.row, cells });
	}
	// One long string repeated in every cell costs little here but a great deal once stored.
	if (chars > limits.textChars) problem ??= 'file_unpacked_too_large';
	return { rows, truncated: raw.truncated, problem };
}
