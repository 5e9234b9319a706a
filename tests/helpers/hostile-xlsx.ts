// Hand-built .xlsx files for the reader's limits: a zip written directly, so a sheet of 100 MB of
// XML can be made from one compressed megabyte repeated, without ever holding 100 MB in memory.
import { constants, crc32, deflateRawSync } from 'node:zlib';

/** A part of the zip: its text, or the same piece repeated many times. */
export interface Part {
	name: string;
	pieces: Iterable<string | { repeat: string; times: number }>;
	/** Declare this uncompressed size instead of the true one (a lying zip). */
	declaredSize?: number;
}

function deflatePart(part: Part) {
	const chunks: Buffer[] = [];
	let crc = 0;
	let size = 0;
	let text: Buffer[] = [];
	// Each compressed piece ends on a sync flush, so pieces can be laid end to end.
	const pack = (raw: Buffer) => deflateRawSync(raw, { finishFlush: constants.Z_SYNC_FLUSH });
	const flushText = () => {
		if (text.length) chunks.push(pack(Buffer.concat(text)));
		text = [];
	};
	for (const piece of part.pieces) {
		const raw = Buffer.from(typeof piece === 'string' ? piece : piece.repeat, 'utf8');
		const times = typeof piece === 'string' ? 1 : piece.times;
		for (let i = 0; i < times; i++) {
			crc = crc32(raw, crc);
			size += raw.length;
		}
		if (typeof piece === 'string') {
			text.push(raw);
			continue;
		}
		flushText();
		const packed = pack(raw);
		for (let i = 0; i < times; i++) chunks.push(packed);
	}
	flushText();
	chunks.push(deflateRawSync(Buffer.alloc(0)));
	return { data: Buffer.concat(chunks), crc, size };
}

export function zip(parts: Part[]): Uint8Array {
	const locals: Buffer[] = [];
	const central: Buffer[] = [];
	let offset = 0;
	for (const part of parts) {
		const { data, crc, size } = deflatePart(part);
		const name = Buffer.from(part.name, 'utf8');
		const declared = part.declaredSize ?? size;
		const head = Buffer.alloc(30);
		head.writeUInt32LE(0x04034b50, 0);
		head.writeUInt16LE(20, 4);
		head.writeUInt16LE(0x0800, 6); // UTF-8 names
		head.writeUInt16LE(8, 8); // deflate
		head.writeUInt32LE(crc >>> 0, 14);
		head.writeUInt32LE(data.length, 18);
		head.writeUInt32LE(declared, 22);
		head.writeUInt16LE(name.length, 26);
		locals.push(head, name, data);
		const dir = Buffer.alloc(46);
		dir.writeUInt32LE(0x02014b50, 0);
		dir.writeUInt16LE(20, 4);
		dir.writeUInt16LE(20, 6);
		dir.writeUInt16LE(0x0800, 8);
		dir.writeUInt16LE(8, 10);
		dir.writeUInt32LE(crc >>> 0, 16);
		dir.writeUInt32LE(data.length, 20);
		dir.writeUInt32LE(declared, 24);
		dir.writeUInt16LE(name.length, 28);
		dir.writeUInt32LE(offset, 42);
		central.push(dir, name);
		offset += head.length + name.length + data.length;
	}
	const dirBytes = Buffer.concat(central);
	const end = Buffer.alloc(22);
	end.writeUInt32LE(0x06054b50, 0);
	end.writeUInt16LE(parts.length, 8);
	end.writeUInt16LE(parts.length, 10);
	end.writeUInt32LE(dirBytes.length, 12);
	end.writeUInt32LE(offset, 16);
	return new Uint8Array(Buffer.concat([...locals, dirBytes, end]));
}

const ns = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const rel = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';

/** The parts every workbook needs around one sheet (and its shared strings, if given). */
export function workbookParts(sheet: Part['pieces'], sharedStrings?: Part['pieces']): Part[] {
	const types = 'application/vnd.openxmlformats-officedocument.spreadsheetml';
	return [
		{
			name: '[Content_Types].xml',
			pieces: [
				`<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="${types}.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="${types}.worksheet+xml"/><Override PartName="/xl/sharedStrings.xml" ContentType="${types}.sharedStrings+xml"/></Types>`
			]
		},
		{
			name: '_rels/.rels',
			pieces: [
				`<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${rel}/officeDocument" Target="xl/workbook.xml"/></Relationships>`
			]
		},
		{
			name: 'xl/workbook.xml',
			pieces: [
				`<?xml version="1.0"?><workbook xmlns="${ns}" xmlns:r="${rel}"><sheets><sheet name="Hoja1" sheetId="1" r:id="rId1"/></sheets></workbook>`
			]
		},
		{
			name: 'xl/_rels/workbook.xml.rels',
			pieces: [
				`<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${rel}/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="${rel}/sharedStrings" Target="sharedStrings.xml"/></Relationships>`
			]
		},
		{ name: 'xl/worksheets/sheet1.xml', pieces: sheet },
		...(sharedStrings ? [{ name: 'xl/sharedStrings.xml', pieces: sharedStrings }] : [])
	];
}

export const sheetStart = `<?xml version="1.0"?><worksheet xmlns="${ns}"><sheetData>`;
export const sheetEnd = '</sheetData></worksheet>';

/** The column letters of a 0-based index (0 → A, 26 → AA). */
export const col = (i: number): string =>
	(i >= 26 ? col(Math.floor(i / 26) - 1) : '') + String.fromCharCode(65 + (i % 26));

/** A row of inline strings. */
export function inlineRow(row: number, cells: string[]): string {
	const c = cells
		.map((v, i) => `<c r="${col(i)}${row}" t="inlineStr"><is><t>${v}</t></is></c>`)
		.join('');
	return `<row r="${row}">${c}</row>`;
}
