// The dashboard as a workbook: a first sheet with the scope, the filters and the dates in words,
// then one sheet per table, its numbers stored as numbers with a format (never as text).
import ExcelJS from 'exceljs';
import type { ColumnFormat } from '../../domain/reports/tables';
import { m } from '../../paraglide/messages.js';
import type { ReportPack } from './get-report-pack';

const numFmt: Record<ColumnFormat, string | undefined> = {
	text: undefined,
	count: '#,##0',
	decimal: '0.0',
	// Percentages are kept as the page shows them (83.3), so the cell holds the same number.
	percent: '0.0" %"'
};

/** A sheet name Excel accepts: no []:*?/\ and at most 31 characters, unique in the workbook. */
function sheetName(title: string, used: Set<string>): string {
	const base =
		title
			.replace(/[[\]:*?/\\]/g, ' ')
			.replace(/\s+/g, ' ')
			.trim()
			.slice(0, 28)
			.trim() || 'Hoja';
	let name = base;
	for (let i = 2; used.has(name.toLowerCase()); i++) name = `${base} ${i}`;
	used.add(name.toLowerCase());
	return name;
}

export async function renderReportXlsx(pack: ReportPack): Promise<Buffer> {
	const o = { locale: pack.locale };
	const wb = new ExcelJS.Workbook();
	wb.creator = 'Minka';
	const used = new Set<string>();

	const about = wb.addWorksheet(sheetName(m.pack_filters_sheet({}, o), used), {
		views: [{ state: 'frozen', ySplit: 2 }]
	});
	about.columns = [{ width: 28 }, { width: 60 }];
	about.addRow([m.pack_title({}, o)]).font = { bold: true, size: 14 };
	about.addRow([m.pack_col_what({}, o), m.pack_col_value({}, o)]).font = { bold: true };
	for (const line of pack.about) about.addRow(line);

	for (const t of pack.tables) {
		const ws = wb.addWorksheet(sheetName(t.title, used), {
			views: [{ state: 'frozen', ySplit: 2, xSplit: 1 }]
		});
		ws.addRow([t.title]).font = { bold: true, size: 12 };
		ws.addRow(t.columns.map((c) => c.label)).font = { bold: true };
		t.columns.forEach((c, i) => {
			const col = ws.getColumn(i + 1);
			col.width = i === 0 ? 36 : Math.max(10, Math.min(24, c.label.length + 2));
			const fmt = numFmt[c.format];
			if (fmt) col.numFmt = fmt;
		});
		for (const row of t.rows) ws.addRow(row.map((v) => (v === null ? null : v)));
		// As on the page, the grid lists the first teams and says how many more there are.
		const more = pack.dashboard.indicators.teamsMore;
		if (t.id === 'grid' && more > 0) ws.addRow([m.dash_teams_more({ count: more }, o)]);
		ws.getRow(2).alignment = { wrapText: true, vertical: 'top' };
	}
	return Buffer.from(await wb.xlsx.writeBuffer());
}
