import ExcelJS from 'exceljs';
import { groupActivities } from '../../domain/plan/action-plan-groups';
import { tableRows } from '../../domain/plan/action-plan-checks';
import type { CellValue, FieldValue, SectionData } from '../../domain/workbook-values';
import { m } from '../../paraglide/messages.js';
import type { Field, Locale, WorkbookSection } from '../curriculum/schema';

export interface ActionPlanXlsxInput {
	cooperative: string;
	/** Saved data of `action-plan.header`, `action-plan.activities`, `action-plan.cross-cutting`. */
	header: SectionData | null;
	activities: SectionData | null;
	crossCutting: SectionData | null;
	/** The team's members: person id → name. */
	names: ReadonlyMap<string, string>;
	/** The sections as content/workbook.yaml declares them: labels and option words. */
	sections: { activities: WorkbookSection; crossCutting: WorkbookSection };
}

/** The columns of the sheet, in order (the objective is the group, not a column). */
const COLUMNS = [
	['activity', 40],
	['responsible', 22],
	['startDate', 12],
	['endDate', 12],
	['budget', 14],
	['inKind', 24],
	['indicator', 28],
	['baseline', 24],
	['target', 20],
	['verification', 26],
	['status', 13]
] as const;

const MONEY = '#,##0.00';
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const GROUP_FILL: ExcelJS.Fill = {
	type: 'pattern',
	pattern: 'solid',
	fgColor: { argb: 'FFE8F0E0' }
};
const HEAD_FILL: ExcelJS.Fill = {
	type: 'pattern',
	pattern: 'solid',
	fgColor: { argb: 'FFEEEEEE' }
};

const str = (v: FieldValue | undefined) => (typeof v === 'string' ? v.trim() : '');

/** A saved ISO date as a real date (midnight UTC, which spreadsheets show as that day). */
function asDate(v: CellValue | undefined): Date | null {
	const d = ISO_DATE.exec(str(v));
	if (!d) return null;
	const at = new Date(Date.UTC(Number(d[1]), Number(d[2]) - 1, Number(d[3])));
	return Number.isNaN(at.getTime()) ? null : at;
}

/**
 * The Action Plan as a spreadsheet to follow it through the year: the problem and the objective,
 * then per objective its activities (responsible person by name, real dates, budget in Bs) and a
 * subtotal that is a SUM over its budgets, and the plan's total as a SUM of the subtotals. A
 * second sheet holds the cross-cutting commitments. Spanish or English by the reader's locale.
 */
export async function actionPlanXlsx(input: ActionPlanXlsxInput, locale: Locale): Promise<Buffer> {
	const o = { locale };
	const table = input.sections.activities.fields.find((f) => f.type === 'table');
	const cols = new Map((table?.columns ?? []).map((c) => [c.id, c]));
	const label = (id: string) => cols.get(id)?.label[locale] ?? id;
	const option = (f: Field | undefined, id: string) =>
		f?.options?.find((x) => x.id === id)?.label[locale] ?? id;
	const last = String.fromCharCode(64 + COLUMNS.length);
	const budgetCol = String.fromCharCode(65 + COLUMNS.findIndex(([id]) => id === 'budget'));

	const wb = new ExcelJS.Workbook();
	wb.creator = 'Minka';
	wb.title = m.apxlsx_title({ cooperative: input.cooperative }, o);
	const ws = wb.addWorksheet(m.apxlsx_sheet({}, o));
	COLUMNS.forEach(([, width], i) => (ws.getColumn(i + 1).width = width));

	const line = (row: number, text: string, opts: { bold?: boolean; size?: number } = {}) => {
		ws.mergeCells(`A${row}:${last}${row}`);
		const cell = ws.getCell(`A${row}`);
		cell.value = text;
		cell.font = { bold: opts.bold, size: opts.size };
		cell.alignment = { wrapText: true, vertical: 'top' };
		return cell;
	};
	const header = input.header ?? {};
	const problem = str(header.problem);
	const planObjective = str(header.objective);
	line(1, wb.title, { bold: true, size: 14 });
	line(2, `${m.apxlsx_problem({}, o)}: ${problem || '—'}`);
	line(3, `${m.apxlsx_objective({}, o)}: ${planObjective || '—'}`);
	// Long texts need room: about one line per 150 characters across the merged columns.
	for (const [row, text] of [
		[2, problem],
		[3, planObjective]
	] as const)
		ws.getRow(row).height = 15 * Math.min(8, Math.max(1, Math.ceil(text.length / 150)));

	const head = 5;
	COLUMNS.forEach(([id], i) => {
		const cell = ws.getCell(head, i + 1);
		cell.value = label(id);
		cell.font = { bold: true };
		cell.fill = HEAD_FILL;
		cell.alignment = { wrapText: true, vertical: 'middle' };
	});
	ws.views = [{ state: 'frozen', xSplit: 0, ySplit: head }];

	const groups = groupActivities(
		tableRows(input.activities?.activities),
		planObjective,
		m.apxlsx_no_objective({}, o)
	);
	const dateFmt = locale === 'es' ? 'dd/mm/yyyy' : 'dd mmm yyyy';
	let r = head + 1;
	const subtotals: number[] = [];
	let total = 0;
	for (const g of groups) {
		const groupCell = line(r++, m.apxlsx_group({ objective: g.objective }, o), { bold: true });
		groupCell.fill = GROUP_FILL;
		const first = r;
		for (const row of g.rows) {
			COLUMNS.forEach(([id], i) => {
				const cell = ws.getCell(r, i + 1);
				cell.alignment = { wrapText: true, vertical: 'top' };
				const v = row[id];
				if (id === 'responsible') cell.value = input.names.get(str(v)) ?? null;
				else if (id === 'startDate' || id === 'endDate') {
					cell.value = asDate(v);
					cell.numFmt = dateFmt;
				} else if (id === 'budget') {
					cell.value = typeof v === 'number' && Number.isFinite(v) ? v / 100 : null;
					cell.numFmt = MONEY;
				} else if (id === 'status') cell.value = str(v) ? option(cols.get(id), str(v)) : null;
				else cell.value = str(v) || null;
			});
			r++;
		}
		ws.getCell(r, 1).value = m.apxlsx_subtotal_row({}, o);
		ws.getCell(r, 1).font = { bold: true };
		const sub = ws.getCell(`${budgetCol}${r}`);
		sub.value = {
			formula: `SUM(${budgetCol}${first}:${budgetCol}${r - 1})`,
			result: g.subtotal / 100
		};
		sub.numFmt = MONEY;
		sub.font = { bold: true };
		subtotals.push(r);
		total += g.subtotal;
		r += 2;
	}
	ws.getCell(r, 1).value = m.apxlsx_total_row({}, o);
	ws.getCell(r, 1).font = { bold: true };
	const sum = ws.getCell(`${budgetCol}${r}`);
	sum.value = {
		formula: subtotals.length ? `SUM(${subtotals.map((s) => `${budgetCol}${s}`).join(',')})` : '0',
		result: total / 100
	};
	sum.numFmt = MONEY;
	sum.font = { bold: true };

	// ---- Cross-cutting commitments ----
	const cc = wb.addWorksheet(m.apxlsx_cross_sheet({}, o));
	cc.getColumn(1).width = 40;
	cc.getColumn(2).width = 30;
	const fields = input.sections.crossCutting.fields;
	const issues = fields.find((f) => f.id === 'issues');
	const notesField = fields.find((f) => f.id === 'notes');
	const data = input.crossCutting ?? {};
	const ticked = new Set(
		Array.isArray(data.issues) ? data.issues.filter((v) => typeof v === 'string') : []
	);
	cc.getCell('A1').value = input.sections.crossCutting.title[locale];
	cc.getCell('A1').font = { bold: true, size: 14 };
	[m.apxlsx_issue({}, o), m.apxlsx_ticked({}, o)].forEach((t, i) => {
		const cell = cc.getCell(3, i + 1);
		cell.value = t;
		cell.font = { bold: true };
		cell.fill = HEAD_FILL;
	});
	let c = 4;
	for (const opt of issues?.options ?? []) {
		cc.getCell(c, 1).value = opt.label[locale];
		cc.getCell(c, 2).value = ticked.has(opt.id) ? m.apxlsx_yes({}, o) : m.apxlsx_no({}, o);
		c++;
	}
	c++;
	cc.getCell(c, 1).value = notesField?.label[locale] ?? '';
	cc.getCell(c, 1).font = { bold: true };
	c++;
	cc.mergeCells(`A${c}:B${c}`);
	const notes = str(data.notes);
	cc.getCell(c, 1).value = notes || '—';
	cc.getCell(c, 1).alignment = { wrapText: true, vertical: 'top' };
	cc.getRow(c).height = 15 * Math.min(20, Math.max(1, Math.ceil(notes.length / 60)));
	cc.views = [{ state: 'frozen', xSplit: 0, ySplit: 3 }];

	return Buffer.from(await wb.xlsx.writeBuffer());
}
