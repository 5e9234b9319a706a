import type { Content, TDocumentDefinitions } from 'pdfmake/interfaces';
import { formatMoney } from '../../domain/workbook-values';
import { dateFormat, numberFormat } from '../../domain/intl-cache';
import { m } from '../../paraglide/messages.js';
import type { Locale } from '../curriculum/schema';
import { pdfmake } from '../pdf/pdfmake';
import type { FinanceView } from './finance-view';
import type { PlanDocument, PlanItem, PlanSection } from './get-plan';

/** Tables this wide or less print as tables; wider ones as one block of lines per row. */
const TABLE_COLUMNS_MAX = 4;

/**
 * The plan as a PDF to print and take to the assembly: a cover with the state of the review,
 * the contents with page numbers, every part and section with its values, and the financial model
 * worked out (figures, the cash chart and tables). Fonts embedded; nothing fetched.
 */
export async function renderPlanPdf(
	plan: PlanDocument,
	locale: Locale,
	generatedAt: Date
): Promise<Buffer> {
	const o = { locale };
	const tag = locale === 'es' ? 'es-BO' : 'en-GB';
	const day = (d: Date) =>
		dateFormat(tag, { dateStyle: 'long', timeZone: 'America/La_Paz' }).format(d);
	const total = Object.values(plan.counts).reduce((a, b) => a + b, 0);
	const allApproved = plan.counts.approved === total;
	const status = (s: PlanSection['status']) =>
		({
			empty: m.workbook_status_empty,
			draft: m.workbook_status_draft,
			submitted: m.workbook_status_submitted,
			changes_requested: m.workbook_status_changes_requested,
			approved: m.workbook_status_approved
		})[s]({}, o);

	const cover: Content[] = [
		{ text: m.plan_pdf_title({}, o), style: 'title', margin: [0, 120, 0, 8] },
		{ text: plan.cooperative, fontSize: 18, bold: true, margin: [0, 0, 0, 16] },
		{ text: `${plan.programme} · ${plan.cohort} · ${plan.team}`, margin: [0, 0, 0, 4] },
		{ text: m.plan_pdf_generated({ date: day(generatedAt) }, o), margin: [0, 0, 0, 24] },
		{
			text: m.plan_pdf_counts(
				{
					approved: plan.counts.approved,
					total,
					submitted: plan.counts.submitted,
					changes: plan.counts.changes_requested,
					empty: plan.counts.empty
				},
				o
			),
			bold: true,
			margin: [0, 0, 0, 8]
		},
		{
			text: allApproved ? m.plan_pdf_all_approved({}, o) : m.plan_pdf_draft_note({}, o),
			margin: [0, 0, 0, 8]
		},
		{ text: m.plan_pdf_credit({}, o), fontSize: 9, color: '#555555', margin: [0, 40, 0, 0] }
	];

	const body: Content[] = [];
	for (const part of plan.parts) {
		body.push({ text: part.title, style: 'h1', tocItem: true, pageBreak: 'before' });
		for (const s of part.sections) {
			body.push({ text: s.title, style: 'h2', tocItem: true, tocMargin: [12, 0, 0, 0] });
			body.push({ text: stateLine(s, status, day, o), style: 'state' });
			if (s.status === 'empty') continue;
			for (const item of s.items) body.push(...itemContent(item));
			if (s.finance) body.push(...financeContent(s.finance, locale));
		}
	}

	const doc: TDocumentDefinitions = {
		pageSize: 'A4',
		pageMargins: [50, 60, 50, 60],
		info: {
			title: `${m.plan_pdf_title({}, o)} — ${plan.cooperative}`,
			subject: allApproved ? m.plan_pdf_all_approved({}, o) : m.plan_pdf_draft_note({}, o),
			creator: 'Minka'
		},
		defaultStyle: { font: 'Roboto', fontSize: 10, lineHeight: 1.2 },
		styles: {
			title: { fontSize: 26, bold: true },
			h1: { fontSize: 18, bold: true, margin: [0, 0, 0, 10] },
			h2: { fontSize: 13, bold: true, margin: [0, 14, 0, 2] },
			h3: { fontSize: 11, bold: true, margin: [0, 10, 0, 4] },
			state: { fontSize: 9, color: '#555555', margin: [0, 0, 0, 6] },
			label: { bold: true, margin: [0, 6, 0, 1] },
			th: { bold: true, fillColor: '#eeeeee' }
		},
		header: (page) =>
			page === 1
				? ''
				: {
						text: `${plan.cooperative} · ${m.plan_pdf_title({}, o)}${allApproved ? '' : ` · ${m.workbook_status_draft({}, o)}`}`,
						fontSize: 8,
						color: '#555555',
						margin: [50, 30, 50, 0]
					},
		footer: (page, pages) => ({
			text: m.plan_pdf_page({ page, pages }, o),
			alignment: 'center',
			fontSize: 8,
			color: '#555555',
			margin: [0, 20, 0, 0]
		}),
		content: [
			...cover,
			{
				toc: { title: { text: m.plan_pdf_contents({}, o), style: 'h1' } },
				pageBreak: 'before'
			},
			...body
		]
	};
	return pdfmake.createPdf(doc).getBuffer();
}

function stateLine(
	s: PlanSection,
	status: (s: PlanSection['status']) => string,
	day: (d: Date) => string,
	o: { locale: Locale }
): string {
	if (s.status === 'empty') return m.plan_pdf_state_empty({}, o);
	const parts = [
		m.plan_pdf_state({ status: status(s.status), revision: s.revision }, o),
		s.updatedAt ? m.plan_pdf_changed({ name: s.updatedBy ?? '—', date: day(s.updatedAt) }, o) : ''
	];
	if (s.approval)
		parts.push(
			m.plan_pdf_approved(
				{ name: s.approval.by ?? '—', date: day(s.approval.at), revision: s.approval.revision },
				o
			)
		);
	return parts.filter(Boolean).join(' · ');
}

function itemContent(item: PlanItem): Content[] {
	if (item.kind === 'value')
		return [
			{ text: item.label, style: 'label' },
			{ text: item.value, margin: [0, 0, 0, 2] }
		];
	if (!item.rows.length) return [{ text: item.label, style: 'label' }, { text: '—' }];
	// The Action Plan: its activities under the objective each serves, with what each costs.
	if (item.byObjective)
		return [
			{ text: item.label, style: 'label' },
			...item.byObjective.groups.flatMap((g): Content[] => [
				{ text: g.title, style: 'h3' },
				...rowBlocks(item.byObjective!.columns, g.rows),
				{ text: g.subtotal, bold: true, margin: [8, 2, 0, 6] }
			]),
			{ text: item.byObjective.total, bold: true, margin: [0, 6, 0, 6] }
		];
	if (item.columns.length <= TABLE_COLUMNS_MAX)
		return [
			{ text: item.label, style: 'label' },
			{
				table: {
					headerRows: 1,
					widths: item.columns.map(() => '*'),
					body: [item.columns.map((c) => ({ text: c, style: 'th' })), ...item.rows]
				},
				layout: 'lightHorizontalLines',
				margin: [0, 2, 0, 6]
			}
		];
	// A wide table (the Action Plan's ten columns) reads better as one block per row.
	return [{ text: item.label, style: 'label' }, ...rowBlocks(item.columns, item.rows)];
}

function rowBlocks(columns: string[], rows: string[][]): Content[] {
	return rows.map((row, i): Content => ({
		stack: [
			{ text: `${i + 1}. ${row[0] ?? ''}`, bold: true },
			...columns
				.slice(1)
				.map((c, j) => ({ text: [{ text: `${c}: `, color: '#555555' }, row[j + 1] ?? '—'] }))
		],
		margin: [8, 4, 0, 4],
		unbreakable: true
	}));
}

/** The unit sold, when all products share one ("t"); else the word "units". */
function unitWord(f: FinanceView, o: { locale: Locale }): string {
	const units = new Set(f.result.products.map((p) => p.unit).filter(Boolean));
	return units.size === 1 ? [...units][0]! : m.finres_units_word({}, o);
}

function financeContent(f: FinanceView, locale: Locale): Content[] {
	const o = { locale };
	const r = f.result;
	const bs = (c: number | null) => (c === null ? '—' : formatMoney(c, locale));
	const tag = locale === 'es' ? 'es-BO' : 'en-US';
	const num = (n: number, digits = 2) =>
		numberFormat(tag, { maximumFractionDigits: digits, useGrouping: 'always' }).format(n);
	const out: Content[] = [{ text: m.finres_title({}, o), style: 'h3', pageBreak: 'before' }];
	if (f.problems.length)
		out.push(
			{
				text: m.finres_problems({}, o),
				bold: true
			},
			{ ul: f.problems.map((p) => p.text), margin: [0, 2, 0, 8] }
		);
	const figures: [string, string][] = [
		[m.finres_required({}, o), bs(r.totals.required)],
		[m.finres_funding({}, o), bs(r.totals.funding)],
		[
			r.totals.balance >= 0 ? m.finres_left_over({}, o) : m.finres_missing({}, o),
			bs(Math.abs(r.totals.balance))
		],
		...r.loans.map((l): [string, string] => [
			m.finres_loan_payment({ lender: l.lender }, o),
			bs(l.payment)
		]),
		[
			m.finres_breakeven_units({}, o),
			r.breakEven.units === null ? '—' : `${num(r.breakEven.units)} ${unitWord(f, o)}`
		],
		[m.finres_breakeven_bs({}, o), bs(r.breakEven.bs)],
		[m.finres_npv({ rate: num(f.discountRatePercent) }, o), bs(r.npv)],
		[m.finres_irr({}, o), r.irr === null ? '—' : `${num(r.irr * 100, 1)} %`],
		[
			m.finres_payback({}, o),
			r.paybackMonths === null
				? m.finres_not_reached({}, o)
				: m.finres_months({ months: r.paybackMonths }, o)
		]
	];
	out.push({
		table: { widths: ['*', 'auto'], body: figures.map(([k, v]) => [k, { text: v, bold: true }]) },
		layout: 'lightHorizontalLines',
		margin: [0, 0, 0, 10]
	});
	if (f.cashChart)
		out.push({ svg: f.cashChart, width: 400, alignment: 'center', margin: [0, 0, 0, 6] });
	if (f.breakEvenChart)
		out.push({ svg: f.breakEvenChart, width: 400, alignment: 'center', margin: [0, 0, 0, 6] });
	if (r.cashflow.length) {
		out.push({ text: m.finres_cash_title({}, o), style: 'h3' });
		out.push({
			table: {
				headerRows: 1,
				widths: ['auto', '*', '*', '*'],
				body: [
					[
						m.finres_month({}, o),
						m.finres_money_in({}, o),
						m.finres_money_out({}, o),
						m.finres_closing({}, o)
					].map((t) => ({ text: t, style: 'th' })),
					...r.cashflow.map((c) => [
						String(c.month),
						bs(c.inflows.total),
						bs(c.outflows.total),
						{ text: bs(c.closing), bold: c.negative, color: c.negative ? '#b91c1c' : undefined }
					])
				]
			},
			layout: 'lightHorizontalLines'
		});
	}
	if (r.incomeStatement.length) {
		out.push({ text: m.finres_income_title({}, o), style: 'h3' });
		const rows: [string, (y: (typeof r.incomeStatement)[number]) => number][] = [
			[m.finres_sales({}, o), (y) => y.sales],
			[m.finres_deductions({}, o), (y) => y.deductions],
			[m.finres_variable_costs({}, o), (y) => y.variableCosts],
			[m.finres_fixed_costs({}, o), (y) => y.fixedCosts],
			[m.finres_depreciation({}, o), (y) => y.depreciation],
			[m.finres_interest({}, o), (y) => y.interest],
			[m.finres_tax({}, o), (y) => y.tax],
			[m.finres_net_surplus({}, o), (y) => y.netSurplus]
		];
		out.push(
			{ text: m.finres_amounts_bs({}, o), fontSize: 8, color: '#555555' },
			{
				table: {
					headerRows: 1,
					widths: ['*', ...r.incomeStatement.map(() => 'auto' as const)],
					body: [
						['', ...r.incomeStatement.map((y) => m.finres_year({ year: y.year }, o))].map((t) => ({
							text: t,
							style: 'th'
						})),
						...rows.map(([label, pick]) => [
							label,
							...r.incomeStatement.map((y) => ({
								text: num(Math.round(pick(y) / 100), 0),
								alignment: 'right' as const
							}))
						])
					]
				},
				layout: 'lightHorizontalLines',
				fontSize: 8
			}
		);
	}
	return out;
}
