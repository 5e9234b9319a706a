// The dashboard as a PDF summary to print or attach to a report: the title, the scope and the
// filters, the four figure cards, each chart (the page's own SVG) with its table, and the other
// tables. The team-by-session grid stays in the workbook: it is too wide for a page.
import type { Content, TableCell, TDocumentDefinitions } from 'pdfmake/interfaces';
import { numberFormat } from '../../domain/intl-cache';
import type { ColumnFormat, ReportTable } from '../../domain/reports/tables';
import { m } from '../../paraglide/messages.js';
import { pdfmake } from '../pdf/pdfmake';
import type { ReportPack } from './get-report-pack';

export async function renderReportPdf(pack: ReportPack): Promise<Buffer> {
	const o = { locale: pack.locale };
	const tag = pack.locale === 'es' ? 'es-BO' : 'en-GB';
	const whole = numberFormat(tag, { maximumFractionDigits: 0 });
	const one = numberFormat(tag, { minimumFractionDigits: 1, maximumFractionDigits: 1 });
	const show = (v: string | number | null, f: ColumnFormat): string => {
		if (v === null) return '—';
		if (typeof v === 'string') return v;
		if (f === 'percent') return `${one.format(v)} %`;
		return f === 'decimal' ? one.format(v) : whole.format(v);
	};
	const r = pack.dashboard.indicators;
	const charts: Record<string, string | null> = {
		sex: pack.dashboard.charts.bySex,
		federation: pack.dashboard.charts.byFederation
	};

	const cards = (
		[
			[m.dash_enrolled({}, o), r.enrolled],
			[m.dash_active({}, o), r.active],
			[m.dash_dropped({}, o), r.droppedOut],
			[m.dash_completed({}, o), r.completed]
		] as const
	).map(([label, b]): Content => ({
		stack: [
			{ text: whole.format(b.total), fontSize: 20, bold: true },
			{ text: label, bold: true },
			{
				text: m.dash_card_sex({ women: b.bySex.F, men: b.bySex.M }, o),
				fontSize: 8,
				color: '#555555'
			}
		],
		margin: [0, 0, 0, 0]
	}));

	const tableContent = (t: ReportTable): Content[] => {
		const out: Content[] = [{ text: t.title, style: 'h2' }];
		const chart = charts[t.id];
		if (chart) out.push({ svg: chart, width: 340, alignment: 'center', margin: [0, 0, 0, 6] });
		if (!t.rows.length) {
			out.push({ text: '—', color: '#555555' });
			return [{ stack: out, unbreakable: true }];
		}
		const head: TableCell[] = t.columns.map((c, i) => ({
			text: c.label,
			style: 'th',
			alignment: i === 0 ? 'left' : 'right'
		}));
		const body: TableCell[][] = t.rows.map((row) =>
			row.map((v, i) => ({
				text: show(v, t.columns[i]!.format),
				alignment: i === 0 ? 'left' : 'right'
			}))
		);
		out.push({
			table: {
				headerRows: 1,
				dontBreakRows: true,
				widths: t.columns.map((_, i) => (i === 0 ? '*' : 'auto')),
				body: [head, ...body]
			},
			layout: 'lightHorizontalLines',
			fontSize: t.columns.length > 6 ? 7 : 9,
			margin: [0, 0, 0, 8]
		});
		// A short table stays on one page with its heading and chart; a long one may break.
		return t.rows.length <= 20 ? [{ stack: out, unbreakable: true }] : out;
	};

	const doc: TDocumentDefinitions = {
		pageSize: 'A4',
		pageMargins: [40, 50, 40, 50],
		info: { title: m.pack_title({}, o), creator: 'Minka' },
		defaultStyle: { font: 'Roboto', fontSize: 10, lineHeight: 1.15 },
		styles: {
			title: { fontSize: 22, bold: true, margin: [0, 0, 0, 8] },
			h2: { fontSize: 13, bold: true, margin: [0, 12, 0, 4] },
			th: { bold: true, fillColor: '#eeeeee' }
		},
		footer: (page, pages) => ({
			text: m.pack_page({ page, pages }, o),
			alignment: 'center',
			fontSize: 8,
			color: '#555555',
			margin: [0, 20, 0, 0]
		}),
		content: [
			{ text: m.pack_title({}, o), style: 'title' },
			{
				table: {
					widths: ['auto', '*'],
					body: pack.about.map(([k, v]) => [{ text: k, bold: true }, v])
				},
				layout: 'noBorders',
				margin: [0, 0, 0, 10]
			},
			{ columns: cards, columnGap: 10, margin: [0, 0, 0, 6] },
			{ text: m.dash_completed_help({}, o), fontSize: 8, color: '#555555' },
			...pack.tables.filter((t) => t.id !== 'grid').flatMap(tableContent)
		]
	};
	return pdfmake.createPdf(doc).getBuffer();
}
