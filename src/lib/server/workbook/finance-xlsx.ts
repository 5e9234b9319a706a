import ExcelJS from 'exceljs';
import type { FinanceInput } from '../../domain/finance/types';
import { m } from '../../paraglide/messages.js';
import type { Locale } from '../curriculum/schema';

/**
 * The financial model as a spreadsheet an analyst can change: the group's figures on an inputs
 * sheet (yellow cells), and every result as a live formula over them — funding, loan instalments
 * (PMT), the 12-month cash flow, 5 years of flows, NPV, IRR and break-even. Amounts in Bs.
 * Formulas stay within what every spreadsheet reads (no array formulas, no names): helper
 * columns carry each product's price, deduction and margin per unit.
 */
export async function financeXlsx(
	input: FinanceInput,
	locale: Locale,
	title: string
): Promise<Buffer> {
	const o = { locale };
	const wb = new ExcelJS.Workbook();
	wb.creator = 'Minka';
	wb.title = title;
	const inputs = wb.addWorksheet(m.finxlsx_inputs_sheet({}, o));
	const months = wb.addWorksheet(m.finxlsx_cash_sheet({}, o));
	const years = wb.addWorksheet(m.finxlsx_years_sheet({}, o));
	const results = wb.addWorksheet(m.finxlsx_results_sheet({}, o));
	const I = `'${inputs.name}'!`;
	const C = `'${months.name}'!`;
	const Y = `'${years.name}'!`;
	const bs = (c: number) => c / 100;
	const money = '#,##0.00';
	const editable = (cell: ExcelJS.Cell) => {
		cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFFFF3B0' } };
	};
	const put = (
		ws: ExcelJS.Worksheet,
		addr: string,
		value: string | number | { formula: string },
		opts: { edit?: boolean; fmt?: string; bold?: boolean } = {}
	) => {
		const cell = ws.getCell(addr);
		cell.value = value as ExcelJS.CellValue;
		if (opts.edit) editable(cell);
		if (opts.fmt) cell.numFmt = opts.fmt;
		if (opts.bold) cell.font = { bold: true };
		return cell;
	};
	const heading = (ws: ExcelJS.Worksheet, row: number, text: string) => {
		put(ws, `A${row}`, text, { bold: true });
	};
	const header = (ws: ExcelJS.Worksheet, row: number, labels: string[]) =>
		labels.forEach((l, i) => put(ws, `${col(i)}${row}`, l, { bold: true }));
	/** First and last row of a block, at least one row so every range is valid. */
	const span = (start: number, n: number) => [start, start + Math.max(n, 1) - 1] as const;

	// ---- Inputs ----
	inputs.getColumn(1).width = 34;
	for (let i = 2; i <= 16; i++) inputs.getColumn(i).width = 14;
	put(inputs, 'A1', title, { bold: true });
	put(inputs, 'A2', m.finxlsx_note({}, o));
	let r = 4;
	heading(inputs, r++, m.finres_investment({}, o));
	header(inputs, r++, [
		m.finxlsx_item({}, o),
		m.finxlsx_amount({}, o),
		m.finres_month({}, o),
		m.finxlsx_life({}, o)
	]);
	const [inv0, inv1] = span(r, input.investments.length);
	input.investments.forEach((v, i) => {
		const row = inv0 + i;
		put(inputs, `A${row}`, v.item, { edit: true });
		put(inputs, `B${row}`, bs(v.amount), { edit: true, fmt: money });
		put(inputs, `C${row}`, v.month, { edit: true });
		put(inputs, `D${row}`, v.usefulLifeYears, { edit: true });
	});
	r = inv1 + 1;
	put(inputs, `A${r}`, m.finres_investment({}, o), { bold: true });
	const investment = `${I}B${r}`;
	put(inputs, `B${r++}`, { formula: `SUM(B${inv0}:B${inv1})` }, { fmt: money, bold: true });
	put(inputs, `A${r}`, m.finres_working_capital({}, o));
	const workingCapital = `${I}B${r}`;
	put(inputs, `B${r++}`, bs(input.workingCapital), { edit: true, fmt: money });
	r++;

	heading(inputs, r++, m.finres_contributions({}, o));
	put(inputs, `A${r}`, m.finxlsx_members({}, o));
	put(inputs, `B${r++}`, input.contributions.members, { edit: true });
	put(inputs, `A${r}`, m.finxlsx_per_member({}, o));
	put(inputs, `B${r++}`, bs(input.contributions.amountPerMember), { edit: true, fmt: money });
	put(inputs, `A${r}`, m.finres_contributions({}, o), { bold: true });
	const contributions = `${I}B${r}`;
	put(inputs, `B${r}`, { formula: `B${r - 2}*B${r - 1}` }, { fmt: money, bold: true });
	r += 2;

	heading(inputs, r++, m.finres_loans({}, o));
	header(inputs, r++, [
		m.finxlsx_lender({}, o),
		m.finxlsx_principal({}, o),
		m.finxlsx_rate({}, o),
		m.finxlsx_term({}, o),
		m.finxlsx_grace({}, o),
		m.finxlsx_payment({}, o)
	]);
	const [loan0, loan1] = span(r, input.loans.length);
	input.loans.forEach((l, i) => {
		const row = loan0 + i;
		put(inputs, `A${row}`, l.lender, { edit: true });
		put(inputs, `B${row}`, bs(l.principal), { edit: true, fmt: money });
		put(inputs, `C${row}`, l.annualRatePercent, { edit: true });
		put(inputs, `D${row}`, l.termMonths, { edit: true });
		put(inputs, `E${row}`, l.graceMonths, { edit: true });
		// French system after the grace months: PMT on what is left of the term.
		put(
			inputs,
			`F${row}`,
			{ formula: `IF(D${row}-E${row}>0,PMT(C${row}/100/12,D${row}-E${row},0-B${row}),0)` },
			{ fmt: money }
		);
	});
	r = loan1 + 1;
	const loansTotal = `SUM(${I}B${loan0}:B${loan1})`;
	r++;

	heading(inputs, r++, m.finres_grants({}, o));
	header(inputs, r++, [m.finxlsx_source({}, o), m.finxlsx_amount({}, o)]);
	const [grant0, grant1] = span(r, input.grants.length);
	input.grants.forEach((g, i) => {
		put(inputs, `A${grant0 + i}`, g.source, { edit: true });
		put(inputs, `B${grant0 + i}`, bs(g.amount), { edit: true, fmt: money });
	});
	r = grant1 + 2;
	const grantsTotal = `SUM(${I}B${grant0}:B${grant1})`;

	heading(inputs, r++, m.finres_deductions({}, o));
	const d = input.deductions;
	const deductionRows: [string, number][] = [
		[m.finxlsx_royalty({}, o), d.royaltyPercent],
		[m.finxlsx_health({}, o), d.healthFundPercent],
		[m.finxlsx_federation({}, o), d.federationPercent],
		[m.finxlsx_other({}, o), d.otherPercent]
	];
	const ded0 = r;
	for (const [label, v] of deductionRows) {
		put(inputs, `A${r}`, label);
		put(inputs, `B${r++}`, v, { edit: true });
	}
	put(inputs, `A${r}`, m.finres_deductions({}, o), { bold: true });
	const deductionsTotal = `$B$${r}`;
	put(inputs, `B${r++}`, { formula: `SUM(B${ded0}:B${r - 2})` }, { bold: true });
	r++;

	heading(inputs, r++, m.finxlsx_products_title({}, o));
	header(inputs, r++, [
		m.finxlsx_product({}, o),
		m.finxlsx_unit({}, o),
		m.finxlsx_kind({}, o),
		m.finxlsx_units_month({}, o),
		m.finxlsx_grade({}, o),
		m.finxlsx_fine_price({}, o),
		m.finxlsx_exchange({}, o),
		m.finxlsx_plain_price({}, o),
		m.finres_price({}, o),
		m.finres_variable_cost({}, o),
		m.finxlsx_deduction_unit({}, o),
		m.finres_margin({}, o),
		m.finxlsx_growth({}, o)
	]);
	const [prod0, prod1] = span(r, input.products.length);
	input.products.forEach((p, i) => {
		const row = prod0 + i;
		put(inputs, `A${row}`, p.name, { edit: true });
		put(inputs, `B${row}`, p.unit, { edit: true });
		put(inputs, `C${row}`, p.kind === 'mineral' ? 'mineral' : 'unit', { edit: true });
		put(inputs, `D${row}`, p.unitsPerMonth, { edit: true });
		put(inputs, `E${row}`, p.gradePercent, { edit: true });
		put(inputs, `F${row}`, p.finePriceUsd, { edit: true });
		put(inputs, `G${row}`, p.exchangeRate, { edit: true });
		put(inputs, `H${row}`, bs(p.unitPrice), { edit: true, fmt: money });
		// A mineral's price per unit: grade × price of the fine content × exchange rate.
		put(
			inputs,
			`I${row}`,
			{ formula: `IF(C${row}="mineral",E${row}/100*F${row}*G${row},H${row})` },
			{ fmt: money }
		);
		put(inputs, `J${row}`, bs(p.variableCostPerUnit), { edit: true, fmt: money });
		// Royalty and the other deductions apply to mineral sales only.
		put(
			inputs,
			`K${row}`,
			{ formula: `IF(C${row}="mineral",I${row}*${deductionsTotal}/100,0)` },
			{ fmt: money }
		);
		put(inputs, `L${row}`, { formula: `I${row}-K${row}-J${row}` }, { fmt: money });
		put(inputs, `M${row}`, p.growthPercent, { edit: true });
	});
	r = prod1 + 2;
	const P = (c: string) => `${I}$${c}$${prod0}:$${c}$${prod1}`;

	heading(inputs, r++, m.finxlsx_ramp({}, o));
	header(
		inputs,
		r++,
		Array.from({ length: 12 }, (_, i) => String(i + 1))
	);
	const rampRow = r;
	for (let i = 0; i < 12; i++)
		put(inputs, `${col(i)}${r}`, input.rampUpPercent[i] ?? 100, { edit: true });
	r += 2;

	heading(inputs, r++, m.finres_fixed_costs({}, o));
	const [fix0, fix1] = span(r, input.fixedCosts.length);
	input.fixedCosts.forEach((f, i) => {
		put(inputs, `A${fix0 + i}`, f.item, { edit: true });
		put(inputs, `B${fix0 + i}`, bs(f.amountPerMonth), { edit: true, fmt: money });
	});
	r = fix1 + 1;
	put(inputs, `A${r}`, m.finres_fixed_costs({}, o), { bold: true });
	const fixedTotal = `${I}$B$${r}`;
	put(inputs, `B${r}`, { formula: `SUM(B${fix0}:B${fix1})` }, { fmt: money, bold: true });
	r += 2;

	heading(inputs, r++, m.finxlsx_rates_title({}, o));
	put(inputs, `A${r}`, m.finxlsx_tax_rate({}, o));
	const taxRate = `${I}$B$${r}`;
	put(inputs, `B${r++}`, input.taxRatePercent, { edit: true });
	put(inputs, `A${r}`, m.finxlsx_discount_rate({}, o));
	const discountRate = `${I}$B$${r}`;
	put(inputs, `B${r}`, input.discountRatePercent, { edit: true });

	// ---- 12 months: units of each product, loan payments, the cash flow ----
	months.getColumn(1).width = 34;
	for (let i = 2; i <= 13; i++) months.getColumn(i).width = 13;
	put(months, 'A1', m.finres_cash_title({}, o), { bold: true });
	header(months, 2, [
		m.finres_month({}, o),
		...Array.from({ length: 12 }, (_, i) => String(i + 1))
	]);
	const mc = (i: number) => col(i + 1); // month i (0-based) → column B..M
	let k = 3;
	const units0 = k;
	input.products.forEach((p, i) => {
		put(months, `A${k}`, `${m.finxlsx_units_of({}, o)} ${p.name}`);
		for (let j = 0; j < 12; j++)
			put(months, `${mc(j)}${k}`, {
				formula: `${I}$D$${prod0 + i}*${I}${col(j)}$${rampRow}/100`
			});
		k++;
	});
	const units1 = Math.max(k - 1, units0);
	if (!input.products.length) k++;
	const loanPay0 = k;
	input.loans.forEach((l, i) => {
		const row = loan0 + i;
		put(months, `A${k}`, `${m.finxlsx_payment({}, o)}: ${l.lender}`);
		for (let j = 0; j < 12; j++) {
			const month = j + 1;
			// Interest only in the grace months, then the instalment until the term ends.
			put(
				months,
				`${mc(j)}${k}`,
				{
					formula: `IF(${month}<=${I}$E$${row},${I}$B$${row}*${I}$C$${row}/100/12,IF(${month}<=${I}$D$${row},${I}$F$${row},0))`
				},
				{ fmt: money }
			);
		}
		k++;
	});
	const loanPay1 = Math.max(k - 1, loanPay0);
	if (!input.loans.length) k++;
	k++;
	const lines: [string, (c: string, j: number) => string][] = [
		[m.finres_sales({}, o), (c) => `SUMPRODUCT(${c}${units0}:${c}${units1},${P('I')})`],
		[
			m.finxlsx_funding_in({}, o),
			(_c, j) => (j === 0 ? `${contributions}+${loansTotal}+${grantsTotal}` : '0')
		],
		[
			m.finres_investment({}, o),
			(_c, j) => `SUMIF(${I}$C$${inv0}:$C$${inv1},${j + 1},${I}$B$${inv0}:$B$${inv1})`
		],
		[m.finres_deductions({}, o), (c) => `SUMPRODUCT(${c}${units0}:${c}${units1},${P('K')})`],
		[m.finres_variable_costs({}, o), (c) => `SUMPRODUCT(${c}${units0}:${c}${units1},${P('J')})`],
		[m.finres_fixed_costs({}, o), () => fixedTotal],
		[m.finxlsx_loan_payments({}, o), (c) => `SUM(${c}${loanPay0}:${c}${loanPay1})`]
	];
	const line: Record<string, number> = {};
	for (const [label, f] of lines) {
		line[label] = k;
		put(months, `A${k}`, label);
		for (let j = 0; j < 12; j++)
			put(months, `${mc(j)}${k}`, { formula: f(mc(j), j) }, { fmt: money });
		k++;
	}
	const [sales, funding, inv, ded, vc, fc, lp] = lines.map(([label]) => line[label]!);
	const openingRow = k;
	const closingRow = k + 1;
	put(months, `A${openingRow}`, m.finxlsx_opening({}, o));
	put(months, `A${closingRow}`, m.finres_closing({}, o), { bold: true });
	for (let j = 0; j < 12; j++) {
		const c = mc(j);
		put(months, `${c}${openingRow}`, j === 0 ? 0 : { formula: `${mc(j - 1)}${closingRow}` }, {
			fmt: money
		});
		put(
			months,
			`${c}${closingRow}`,
			{
				formula: `${c}${openingRow}+${c}${sales}+${c}${funding}-${c}${inv}-${c}${ded}-${c}${vc}-${c}${fc}-${c}${lp}`
			},
			{ fmt: money, bold: true }
		);
	}

	// ---- 5 years: units, depreciation, the project's flows ----
	years.getColumn(1).width = 34;
	for (let i = 2; i <= 8; i++) years.getColumn(i).width = 15;
	put(years, 'A1', m.finres_income_title({}, o), { bold: true });
	header(years, 2, [
		'',
		m.finres_year({ year: 0 }, o),
		...Array.from({ length: 5 }, (_, i) => m.finres_year({ year: i + 1 }, o))
	]);
	const yc = (y: number) => col(y + 1); // year y (0..5) → column B..G
	let q = 3;
	const yu0 = q;
	input.products.forEach((p, i) => {
		const row = prod0 + i;
		put(years, `A${q}`, `${m.finxlsx_units_of({}, o)} ${p.name}`);
		for (let y = 1; y <= 5; y++)
			put(years, `${yc(y)}${q}`, {
				formula:
					y === 1
						? `SUM(${C}B${units0 + i}:M${units0 + i})`
						: `${I}$D$${row}*12*(1+${I}$M$${row}/100)^${y - 1}`
			});
		q++;
	});
	const yu1 = Math.max(q - 1, yu0);
	if (!input.products.length) q++;
	const dep0 = q;
	input.investments.forEach((v, i) => {
		const row = inv0 + i;
		put(years, `A${q}`, `${m.finres_depreciation({}, o)}: ${v.item}`);
		for (let y = 1; y <= 5; y++)
			put(
				years,
				`${yc(y)}${q}`,
				{
					formula: `IF(AND(${I}$D$${row}>0,${y}<=ROUNDUP(${I}$D$${row},0)),${I}$B$${row}/${I}$D$${row},0)`
				},
				{ fmt: money }
			);
		q++;
	});
	const dep1 = Math.max(q - 1, dep0);
	if (!input.investments.length) q++;
	q++;
	const yl = {
		sales: q,
		ded: q + 1,
		vc: q + 2,
		fc: q + 3,
		op: q + 4,
		dep: q + 5,
		tax: q + 6,
		flow: q + 7
	};
	const yLabels: [number, string][] = [
		[yl.sales, m.finres_sales({}, o)],
		[yl.ded, m.finres_deductions({}, o)],
		[yl.vc, m.finres_variable_costs({}, o)],
		[yl.fc, m.finres_fixed_costs({}, o)],
		[yl.op, m.finxlsx_operating({}, o)],
		[yl.dep, m.finres_depreciation({}, o)],
		[yl.tax, m.finres_tax({}, o)],
		[yl.flow, m.finxlsx_flow({}, o)]
	];
	for (const [row, label] of yLabels) put(years, `A${row}`, label, { bold: row === yl.flow });
	// Year 0: what is spent before selling (investment and working capital); financing left out.
	put(years, `B${yl.flow}`, { formula: `0-(${investment}+${workingCapital})` }, { fmt: money });
	for (let y = 1; y <= 5; y++) {
		const c = yc(y);
		const u = `${c}${yu0}:${c}${yu1}`;
		const f: [number, string][] = [
			[yl.sales, `SUMPRODUCT(${u},${P('I')})`],
			[yl.ded, `SUMPRODUCT(${u},${P('K')})`],
			[yl.vc, `SUMPRODUCT(${u},${P('J')})`],
			[yl.fc, `12*${fixedTotal}`],
			[yl.op, `${c}${yl.sales}-${c}${yl.ded}-${c}${yl.vc}-${c}${yl.fc}`],
			[yl.dep, `SUM(${c}${dep0}:${c}${dep1})`],
			[yl.tax, `${taxRate}/100*MAX(0,${c}${yl.op}-${c}${yl.dep})`],
			[yl.flow, `${c}${yl.op}-${c}${yl.tax}`]
		];
		for (const [row, formula] of f)
			put(years, `${c}${row}`, { formula }, { fmt: money, bold: row === yl.flow });
	}

	// ---- Results ----
	results.getColumn(1).width = 44;
	results.getColumn(2).width = 18;
	put(results, 'A1', title, { bold: true });
	put(results, 'A2', m.finxlsx_results_note({}, o));
	const year0 = `${Y}B${yl.flow}`;
	const later = `${Y}C${yl.flow}:G${yl.flow}`;
	const unitsSum = `SUM(${P('D')})`;
	const resultRows: [string, string, string?][] = [
		[m.finres_required({}, o), `${investment}+${workingCapital}`, money],
		[m.finres_funding({}, o), `${contributions}+${loansTotal}+${grantsTotal}`, money],
		[m.finxlsx_balance({}, o), 'B4-B3', money],
		[m.finxlsx_payment_total({}, o), `SUM(${I}F${loan0}:F${loan1})`, money],
		[
			m.finres_breakeven_units({}, o),
			`IF(${unitsSum}>0,${fixedTotal}/(SUMPRODUCT(${P('D')},${P('L')})/${unitsSum}),0)`,
			'#,##0.00'
		],
		[
			m.finres_breakeven_bs({}, o),
			`IF(${unitsSum}>0,B7*SUMPRODUCT(${P('D')},${P('I')})/${unitsSum},0)`,
			money
		],
		[
			m.finres_npv({ rate: String(input.discountRatePercent) }, o),
			`${year0}+NPV(${discountRate}/100,${later})`,
			money
		],
		[m.finres_irr({}, o), `IRR(${Y}B${yl.flow}:G${yl.flow})`, '0.0%'],
		[m.finxlsx_closing_12({}, o), `${C}M${closingRow}`, money]
	];
	resultRows.forEach(([label, formula, fmt], i) => {
		put(results, `A${i + 3}`, label);
		put(results, `B${i + 3}`, { formula }, { fmt, bold: true });
	});
	wb.worksheets.forEach((ws) => (ws.views = [{ state: 'frozen', ySplit: 0, xSplit: 1 }]));
	wb.views = [
		{ x: 0, y: 0, width: 10000, height: 20000, firstSheet: 0, activeTab: 3, visibility: 'visible' }
	];
	return Buffer.from(await wb.xlsx.writeBuffer());
}

/** Column letter of a 0-based index (A..Z, enough for these sheets). */
function col(i: number): string {
	return String.fromCharCode(65 + i);
}
