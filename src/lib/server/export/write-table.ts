import ExcelJS from 'exceljs';
import { PassThrough, Readable } from 'node:stream';
import { csvLine } from '../../domain/csv';
import { log } from '../log';

export type Cell = string | number | null | undefined;

export interface ExportColumn<R> {
	header: string;
	value: (row: R) => Cell;
	/** Characters, for the spreadsheet column. */
	width?: number;
}

export type ExportFormat = 'xlsx' | 'csv';

export const contentTypes: Record<ExportFormat, string> = {
	xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
	csv: 'text/csv; charset=utf-8'
};

/**
 * Writes a list as a spreadsheet while it is read, batch by batch, so exporting 130,000 people
 * never holds them all in memory. Access was checked when the batches' query was prepared.
 */
export function xlsxStream<R>(
	sheetName: string,
	columns: ExportColumn<R>[],
	batches: AsyncIterable<R[]>
): Readable {
	const out = new PassThrough();
	const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true });
	workbook.creator = 'Minka';
	const sheet = workbook.addWorksheet(sheetName.slice(0, 31), {
		views: [{ state: 'frozen', ySplit: 1 }]
	});
	sheet.columns = columns.map((c, i) => ({
		header: c.header,
		key: String(i),
		width: c.width ?? Math.max(10, Math.min(40, c.header.length + 2))
	}));
	sheet.getRow(1).font = { bold: true };
	sheet.getRow(1).commit();
	(async () => {
		for await (const batch of batches)
			for (const row of batch) sheet.addRow(columns.map((c) => c.value(row) ?? null)).commit();
		sheet.commit();
		await workbook.commit();
	})().catch((e: unknown) => {
		log.error('xlsx export failed', { error: String(e) });
		out.destroy(e as Error);
	});
	return out;
}

/** The same as CSV (UTF-8 with a byte-order mark, so spreadsheets read the accents). */
export function csvStream<R>(columns: ExportColumn<R>[], batches: AsyncIterable<R[]>): Readable {
	async function* lines() {
		yield '\uFEFF' + csvLine(columns.map((c) => c.header));
		for await (const batch of batches)
			yield batch.map((r) => csvLine(columns.map((c) => c.value(r)))).join('');
	}
	return Readable.from(lines());
}

export function exportStream<R>(
	format: ExportFormat,
	sheetName: string,
	columns: ExportColumn<R>[],
	batches: AsyncIterable<R[]>
): Readable {
	return format === 'xlsx' ? xlsxStream(sheetName, columns, batches) : csvStream(columns, batches);
}

/** An HTTP response that downloads the export. */
export function exportResponse<R>(
	format: ExportFormat,
	fileBase: string,
	sheetName: string,
	columns: ExportColumn<R>[],
	batches: AsyncIterable<R[]>
): Response {
	const stream = exportStream(format, sheetName, columns, batches);
	const day = new Date().toISOString().slice(0, 10);
	return new Response(Readable.toWeb(stream) as ReadableStream, {
		headers: {
			'content-type': contentTypes[format],
			'content-disposition': `attachment; filename="${fileBase}-${day}.${format}"`,
			'cache-control': 'no-store'
		}
	});
}

/** Reads a stream to the end (tests, and small exports). */
export async function streamToBuffer(stream: Readable): Promise<Buffer> {
	const chunks: Buffer[] = [];
	for await (const c of stream) chunks.push(typeof c === 'string' ? Buffer.from(c) : (c as Buffer));
	return Buffer.concat(chunks);
}
