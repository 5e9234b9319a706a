import ExcelJS from 'exceljs';
import { missingRequirements } from '../../domain/import/fields';
import type { Evaluation } from '../../domain/import/types';
import { assertCan, type Actor } from '../access/guard';
import { AppError } from '../errors';
import { headerCells, type LoadedBatch } from './batch';
import { nowOf, type ImportDeps } from './deps';
import { batchOfCohort, evaluateBatch } from './get-import';
import { reasonText, t, type Locale } from './messages';

export interface Download {
	fileName: string;
	bytes: Uint8Array;
}

const dmy = (iso: string | null | undefined) =>
	iso && /^\d{4}-\d{2}-\d{2}$/.test(iso) ? iso.split('-').reverse().join('/') : (iso ?? '');

function styleHeader(ws: ExcelJS.Worksheet) {
	const header = ws.getRow(1);
	header.font = { bold: true };
	header.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFF3E4D3' } };
	ws.views = [{ state: 'frozen', ySplit: 1 }];
}

async function toBytes(wb: ExcelJS.Workbook): Promise<Uint8Array> {
	return new Uint8Array(await wb.xlsx.writeBuffer());
}

const baseName = (fileName: string) => fileName.replace(/\.[^.]+$/, '').slice(0, 80) || 'lista';

/** Every row with its status and reasons, and the data as it would be stored. */
export async function previewWorkbook(
	batch: LoadedBatch,
	ev: Evaluation,
	locale: Locale
): Promise<Uint8Array> {
	const wb = new ExcelJS.Workbook();
	const ws = wb.addWorksheet(t('import_xlsx_preview_sheet', locale));
	const cols: Array<[string, number]> = [
		['import_col_row', 8],
		['import_col_status', 16],
		['import_col_reasons', 60],
		['import_field_givenNames', 22],
		['import_field_surnames', 22],
		['import_field_ci', 14],
		['import_field_ciExtension', 10],
		['import_field_sex', 8],
		['import_field_birthDate', 14],
		['import_field_phone', 16],
		['import_field_cooperative', 36],
		['import_field_role', 24]
	];
	ws.columns = cols.map(([key, width]) => ({ header: t(key, locale), width }));
	for (const r of ev.rows) {
		const p = r.person;
		ws.addRow([
			r.row,
			t(`import_status_${r.status}`, locale),
			r.reasons.map((x) => reasonText(x, locale)).join('\n'),
			p.givenNames ?? '',
			p.surnames ?? '',
			p.ciNumber ?? '',
			p.ciExtension ?? '',
			p.sex ?? '',
			dmy(p.birthDate),
			p.phone ?? '',
			p.cooperativeName ?? '',
			p.roleInCooperative ?? ''
		]).alignment = { vertical: 'top', wrapText: true };
	}
	styleHeader(ws);
	ws.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: cols.length } };
	return toBytes(wb);
}

/**
 * The rows that were not imported, as the file had them, with the problem beside each: the
 * coordinator (or the federation) corrects them there and imports the corrected file.
 */
export async function errorsWorkbook(
	batch: LoadedBatch,
	ev: Evaluation,
	locale: Locale
): Promise<Uint8Array> {
	const wb = new ExcelJS.Workbook();
	const ws = wb.addWorksheet(t('import_xlsx_errors_sheet', locale));
	const headers = headerCells(batch);
	ws.addRow([t('import_col_row', locale), t('import_col_problems', locale), ...headers]);
	const byRow = new Map(batch.rows.map((r) => [r.row, r.cells]));
	for (const r of ev.rows.filter((x) => x.status === 'error')) {
		const cells = byRow.get(r.row) ?? [];
		ws.addRow([
			r.row,
			r.reasons.map((x) => reasonText(x, locale)).join('\n'),
			...headers.map((_, i) => cells[i] ?? '')
		]).alignment = { vertical: 'top', wrapText: true };
	}
	ws.getColumn(1).width = 8;
	ws.getColumn(2).width = 60;
	headers.forEach((h, i) => (ws.getColumn(i + 3).width = Math.min(40, Math.max(10, h.length + 4))));
	// Text columns stay text: CI numbers and phones must not turn into numbers.
	for (let i = 3; i <= headers.length + 2; i++) ws.getColumn(i).numFmt = '@';
	styleHeader(ws);
	return toBytes(wb);
}

/** The preview or the error report of a batch, as .xlsx. */
export async function exportImport(
	deps: ImportDeps,
	actor: Actor | null,
	args: { cohortId: string; batchId: string; kind: 'preview' | 'errors'; locale: Locale }
): Promise<Download> {
	assertCan(actor, 'import.run');
	const batch = await batchOfCohort(deps.db, args.cohortId, args.batchId);
	if (missingRequirements(batch.mapping).length)
		throw new AppError('invalid_input', 'mapping', { mapping: 'missing' });
	const { evaluation } = await evaluateBatch(deps.db, batch, nowOf(deps));
	const bytes =
		args.kind === 'preview'
			? await previewWorkbook(batch, evaluation, args.locale)
			: await errorsWorkbook(batch, evaluation, args.locale);
	const suffix = t(
		args.kind === 'preview' ? 'import_filename_preview' : 'import_filename_errors',
		args.locale
	);
	return { fileName: `${baseName(batch.fileName)}-${suffix}.xlsx`, bytes };
}

const templateColumns = [
	['import_tpl_number', 6, '1'],
	['import_tpl_paternal', 18, 'Quispe'],
	['import_tpl_maternal', 18, 'Mamani'],
	['import_tpl_given', 20, 'Juana Rosa'],
	['import_tpl_ci', 14, '4567890'],
	['import_tpl_complement', 14, '1B'],
	['import_tpl_extension', 12, 'PT'],
	['import_tpl_sex', 10, 'F'],
	['import_tpl_birth', 18, null],
	['import_tpl_phone', 14, '71234567'],
	['import_tpl_cooperative', 40, 'Cooperativa Minera Ejemplo Ltda.'],
	['import_tpl_registry', 18, ''],
	['import_tpl_role', 20, 'Palliri'],
	['import_tpl_federation', 16, 'FENCOMIN'],
	['import_tpl_department', 16, 'Potosí'],
	['import_tpl_municipality', 16, 'Llallagua']
] as const;

/** A blank member list with the headers the import recognises and one example row. */
export async function importTemplate(actor: Actor | null, locale: Locale): Promise<Download> {
	assertCan(actor, 'import.run');
	const wb = new ExcelJS.Workbook();
	const ws = wb.addWorksheet(t('import_xlsx_template_sheet', locale));
	ws.columns = templateColumns.map(([key, width]) => ({ header: t(key, locale), width }));
	const example = ws.addRow(
		templateColumns.map(([, , v]) => (v === null ? new Date(Date.UTC(1985, 2, 15)) : v))
	);
	example.font = { italic: true, color: { argb: 'FF57534E' } };
	templateColumns.forEach(([key], i) => {
		const col = ws.getColumn(i + 1);
		// The CI, its complement and the phone are text, or Excel drops leading signs and suffixes.
		if (['import_tpl_ci', 'import_tpl_complement', 'import_tpl_phone'].includes(key))
			col.numFmt = '@';
		if (key === 'import_tpl_birth') col.numFmt = 'dd/mm/yyyy';
	});
	styleHeader(ws);
	return { fileName: `${t('import_filename_template', locale)}.xlsx`, bytes: await toBytes(wb) };
}
