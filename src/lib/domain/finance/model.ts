import { internalRate, netPresentValue, payment } from './formulas';
import type {
	CashMonth,
	FinanceInput,
	FinanceProblem,
	FinanceResult,
	IncomeYear,
	LoanResult,
	LoanRow,
	Product,
	ProductFigures,
	SensitivityRow
} from './types';

/**
 * The cooperative's financial model: from what the group knows (investments, funding, products,
 * costs, deductions, rates) to the loan schedules, a 12-month cash flow, 5 years of income
 * statements, break-even, NPV, IRR, payback, sensitivity and the year-1 surplus distribution.
 * Pure and deterministic; money in integer centavos (each monthly line rounded to the centavo).
 * Impossible input never yields NaN or Infinity: the figure is null and a problem says why.
 */

export const YEARS = 5;
export const SENSITIVITY_STEPS = [-20, -10, 10, 20] as const;
const MONTHS = 12;

const round = (n: number) => Math.round(n);
const sum = (ns: readonly number[]) => ns.reduce((a, b) => a + b, 0);
const pct = (p: number) => p / 100;

/** Gross price of one unit in centavos. */
export function unitPrice(p: Product): number {
	if (p.kind === 'mineral')
		return round(pct(p.gradePercent) * p.finePriceUsd * p.exchangeRate * 100);
	return p.unitPrice;
}

function deductionShare(input: FinanceInput, p: Product): number {
	if (p.kind !== 'mineral') return 0;
	const d = input.deductions;
	return pct(d.royaltyPercent + d.healthFundPercent + d.federationPercent + d.otherPercent);
}

function productFigures(input: FinanceInput): ProductFigures[] {
	return input.products.map((p) => {
		const price = unitPrice(p);
		const net = round(price * (1 - deductionShare(input, p)));
		return {
			name: p.name,
			unit: p.unit,
			unitPrice: price,
			netUnitPrice: net,
			variableCostPerUnit: p.variableCostPerUnit,
			marginPerUnit: net - p.variableCostPerUnit
		};
	});
}

/** Months 1..term: interest only during grace, then the French instalment; the last one clears. */
export function loanSchedule(
	principal: number,
	annualRatePercent: number,
	termMonths: number,
	graceMonths: number
): { payment: number; rows: LoanRow[] } | null {
	const repaying = termMonths - graceMonths;
	if (!Number.isInteger(termMonths) || !Number.isInteger(graceMonths) || repaying <= 0) return null;
	const r = pct(annualRatePercent) / MONTHS;
	const instalment = payment(r, repaying, principal);
	if (instalment === null) return null;
	const fixed = round(instalment);
	const rows: LoanRow[] = [];
	let balance = principal;
	for (let month = 1; month <= termMonths; month++) {
		const interest = round(balance * r);
		const inGrace = month <= graceMonths;
		const last = month === termMonths;
		const principalPaid = inGrace ? 0 : last ? balance : Math.min(balance, fixed - interest);
		const pay = interest + principalPaid;
		rows.push({
			month,
			opening: balance,
			payment: pay,
			interest,
			principal: principalPaid,
			closing: balance - principalPaid
		});
		balance -= principalPaid;
	}
	return { payment: fixed, rows };
}

interface Check {
	problems: FinanceProblem[];
	blocked: boolean;
}

function checkInput(input: FinanceInput): Check {
	const problems: FinanceProblem[] = [];
	const error = (code: FinanceProblem['code'], params: FinanceProblem['params'] = {}) =>
		problems.push({ code, severity: 'error', params });
	const negative = (field: string, value: number, name = '') => {
		if (value < 0) error('negative_value', { field, name });
	};
	// A row without a name is named by its place in the list, so the sentence still points at it.
	const nameOf = (label: string, i: number) => label.trim() || String(i + 1);
	input.investments.forEach((inv, i) => {
		const name = nameOf(inv.item, i);
		negative('investment', inv.amount, name);
		negative('usefulLife', inv.usefulLifeYears, name);
		if (!Number.isInteger(inv.month) || inv.month < 1 || inv.month > MONTHS)
			error('month_range', { name, month: inv.month });
	});
	negative('workingCapital', input.workingCapital);
	negative('members', input.contributions.members);
	negative('contribution', input.contributions.amountPerMember);
	input.grants.forEach((g, i) => negative('grant', g.amount, nameOf(g.source, i)));
	input.loans.forEach((l, i) => {
		const name = nameOf(l.lender, i);
		negative('principal', l.principal, name);
		if (l.annualRatePercent < 0 || l.annualRatePercent > 200)
			error('loan_rate', { name, rate: l.annualRatePercent });
		if (!Number.isInteger(l.termMonths) || l.termMonths <= 0 || l.termMonths > 600)
			error('loan_term', { name, term: l.termMonths });
		else if (!Number.isInteger(l.graceMonths) || l.graceMonths < 0 || l.graceMonths >= l.termMonths)
			error('loan_grace', { name, grace: l.graceMonths, term: l.termMonths });
	});
	input.products.forEach((p, i) => {
		const name = nameOf(p.name, i);
		negative('units', p.unitsPerMonth, name);
		negative('price', unitPrice(p), name);
		negative('variableCost', p.variableCostPerUnit, name);
		if (p.growthPercent <= -100) error('negative_value', { field: 'growth', name });
	});
	input.fixedCosts.forEach((f, i) => negative('fixedCost', f.amountPerMonth, nameOf(f.item, i)));
	input.rampUpPercent.forEach((r) => negative('rampUp', r));
	const d = input.deductions;
	for (const [k, v] of Object.entries(d)) negative(k, v);
	if (d.royaltyPercent + d.healthFundPercent + d.federationPercent + d.otherPercent >= 100)
		error('negative_value', { field: 'deductions', name: '' });
	negative('taxRate', input.taxRatePercent);
	if (input.discountRatePercent <= -100 || input.discountRatePercent > 200)
		error('discount_rate', { rate: input.discountRatePercent });
	if (!input.products.some((p) => p.unitsPerMonth > 0 && unitPrice(p) > 0)) error('no_sales');
	return { problems, blocked: problems.length > 0 };
}

/** Units sold of each product in each month of year 1. */
function yearOneUnits(input: FinanceInput): number[][] {
	return input.products.map((p) =>
		Array.from({ length: MONTHS }, (_, m) => p.unitsPerMonth * pct(input.rampUpPercent[m] ?? 100))
	);
}

/** Units sold of a product in a year: year 1 with its ramp-up, then growth on full capacity. */
function unitsInYear(input: FinanceInput, p: Product, i: number, year: number): number {
	if (year === 1) return sum(yearOneUnits(input)[i]!);
	return p.unitsPerMonth * MONTHS * (1 + pct(p.growthPercent)) ** (year - 1);
}

interface Operating {
	sales: number;
	deductions: number;
	variableCosts: number;
	fixedCosts: number;
}

function operatingForUnits(
	input: FinanceInput,
	unitsByProduct: readonly number[],
	months: number
): Operating {
	let sales = 0;
	let deductions = 0;
	let variableCosts = 0;
	input.products.forEach((p, i) => {
		const units = unitsByProduct[i] ?? 0;
		const gross = round(units * unitPrice(p));
		sales += gross;
		deductions += round(gross * deductionShare(input, p));
		variableCosts += round(units * p.variableCostPerUnit);
	});
	const fixedCosts = months * sum(input.fixedCosts.map((f) => f.amountPerMonth));
	return { sales, deductions, variableCosts, fixedCosts };
}

const operatingCash = (o: Operating) => o.sales - o.deductions - o.variableCosts - o.fixedCosts;

function depreciationInYear(input: FinanceInput, year: number): number {
	return sum(
		input.investments.map((inv) =>
			inv.usefulLifeYears > 0 && year <= Math.ceil(inv.usefulLifeYears)
				? round(inv.amount / inv.usefulLifeYears)
				: 0
		)
	);
}

/** Break-even per month with the products' mix at full capacity. */
function breakEven(input: FinanceInput): { units: number | null; bs: number | null } {
	const total = sum(input.products.map((p) => p.unitsPerMonth));
	if (total <= 0) return { units: null, bs: null };
	const figures = productFigures(input);
	let margin = 0;
	let price = 0;
	input.products.forEach((p, i) => {
		const w = p.unitsPerMonth / total;
		margin += w * figures[i]!.marginPerUnit;
		price += w * figures[i]!.unitPrice;
	});
	if (margin <= 0) return { units: null, bs: null };
	const fixed = sum(input.fixedCosts.map((f) => f.amountPerMonth));
	const units = Math.round((fixed / margin) * 100) / 100;
	return { units, bs: round((fixed / margin) * price) };
}

interface Valuation {
	projectFlows: number[];
	npv: number | null;
	irr: number | null;
	paybackMonths: number | null;
	years: Operating[];
}

function valuation(input: FinanceInput): Valuation {
	const investment = sum(input.investments.map((i) => i.amount));
	const start = -(investment + input.workingCapital);
	const years: Operating[] = [];
	const flows = [start];
	const taxOn = (o: Operating, year: number) =>
		round(
			pct(input.taxRatePercent) * Math.max(0, operatingCash(o) - depreciationInYear(input, year))
		);
	for (let year = 1; year <= YEARS; year++) {
		const units = input.products.map((p, i) => unitsInYear(input, p, i, year));
		const o = operatingForUnits(input, units, MONTHS);
		years.push(o);
		flows.push(operatingCash(o) - taxOn(o, year));
	}
	const npv = netPresentValue(pct(input.discountRatePercent), flows);
	const irr = internalRate(flows);

	// Payback: month by month in year 1 (ramp-up), then each later year spread over its months.
	let cumulative = start;
	let paybackMonths: number | null = start >= 0 ? 0 : null;
	const firstYear = yearOneUnits(input);
	const taxYearOne = flows[1]! - operatingCash(years[0]!);
	for (let m = 0; m < MONTHS * YEARS && paybackMonths === null; m++) {
		const year = Math.floor(m / MONTHS) + 1;
		cumulative +=
			year === 1
				? operatingCash(
						operatingForUnits(
							input,
							firstYear.map((u) => u[m]!),
							1
						)
					) +
					taxYearOne / MONTHS
				: flows[year]! / MONTHS;
		if (cumulative >= 0) paybackMonths = m + 1;
	}
	return {
		projectFlows: flows.map(round),
		npv: npv === null ? null : round(npv),
		irr,
		paybackMonths,
		years
	};
}

function loans(input: FinanceInput): LoanResult[] {
	return input.loans.map((l) => {
		const s = loanSchedule(l.principal, l.annualRatePercent, l.termMonths, l.graceMonths);
		const rows = s?.rows ?? [];
		return {
			lender: l.lender,
			payment: s?.payment ?? 0,
			totalInterest: sum(rows.map((r) => r.interest)),
			schedule: rows
		};
	});
}

function cashflow(input: FinanceInput, loanResults: LoanResult[]): CashMonth[] {
	const units = yearOneUnits(input);
	const contributions = input.contributions.members * input.contributions.amountPerMember;
	const loanMoney = sum(input.loans.map((l) => l.principal));
	const grants = sum(input.grants.map((g) => g.amount));
	const months: CashMonth[] = [];
	let opening = 0;
	for (let m = 1; m <= MONTHS; m++) {
		const o = operatingForUnits(
			input,
			units.map((u) => u[m - 1]!),
			1
		);
		// Funding arrives at the start, in month 1, before anything is bought.
		const inflows = {
			sales: o.sales,
			contributions: m === 1 ? contributions : 0,
			loans: m === 1 ? loanMoney : 0,
			grants: m === 1 ? grants : 0,
			total: 0
		};
		inflows.total = inflows.sales + inflows.contributions + inflows.loans + inflows.grants;
		const outflows = {
			investment: sum(input.investments.filter((i) => i.month === m).map((i) => i.amount)),
			variableCosts: o.variableCosts,
			fixedCosts: o.fixedCosts,
			deductions: o.deductions,
			loanPayments: sum(loanResults.map((l) => l.schedule[m - 1]?.payment ?? 0)),
			total: 0
		};
		outflows.total =
			outflows.investment +
			outflows.variableCosts +
			outflows.fixedCosts +
			outflows.deductions +
			outflows.loanPayments;
		const closing = opening + inflows.total - outflows.total;
		months.push({ month: m, opening, inflows, outflows, closing, negative: closing < 0 });
		opening = closing;
	}
	return months;
}

function incomeStatement(
	input: FinanceInput,
	years: Operating[],
	loanResults: LoanResult[]
): IncomeYear[] {
	return years.map((o, i) => {
		const year = i + 1;
		const depreciation = depreciationInYear(input, year);
		const interest = sum(
			loanResults.flatMap((l) =>
				l.schedule.filter((r) => Math.ceil(r.month / MONTHS) === year).map((r) => r.interest)
			)
		);
		const surplusBeforeTax = operatingCash(o) - depreciation - interest;
		const tax = round(pct(input.taxRatePercent) * Math.max(0, surplusBeforeTax));
		return {
			year,
			...o,
			depreciation,
			interest,
			surplusBeforeTax,
			tax,
			netSurplus: surplusBeforeTax - tax
		};
	});
}

function scaled(
	input: FinanceInput,
	variable: SensitivityRow['variable'],
	change: number
): FinanceInput {
	const f = 1 + pct(change);
	return {
		...input,
		products: input.products.map((p) =>
			variable === 'price'
				? { ...p, unitPrice: round(p.unitPrice * f), finePriceUsd: p.finePriceUsd * f }
				: variable === 'volume'
					? { ...p, unitsPerMonth: p.unitsPerMonth * f }
					: { ...p, variableCostPerUnit: round(p.variableCostPerUnit * f) }
		)
	};
}

function sensitivity(input: FinanceInput): SensitivityRow[] {
	const rows: SensitivityRow[] = [];
	for (const variable of ['price', 'volume', 'variableCost'] as const) {
		for (const changePercent of SENSITIVITY_STEPS) {
			const s = scaled(input, variable, changePercent);
			const v = valuation(s);
			rows.push({
				variable,
				changePercent,
				npv: v.npv,
				irr: v.irr,
				breakEvenUnits: breakEven(s).units
			});
		}
	}
	return rows;
}

const emptyResult = (problems: FinanceProblem[]): FinanceResult => ({
	problems,
	totals: {
		investment: 0,
		workingCapital: 0,
		required: 0,
		contributions: 0,
		loans: 0,
		grants: 0,
		funding: 0,
		balance: 0
	},
	products: [],
	loans: [],
	loan: { payment: 0 },
	cashflow: [],
	incomeStatement: [],
	breakEven: { units: null, bs: null },
	projectFlows: [],
	npv: null,
	irr: null,
	paybackMonths: null,
	sensitivity: [],
	distribution: null
});

export function computeFinance(input: FinanceInput): FinanceResult {
	const check = checkInput(input);
	if (check.blocked) return emptyResult(check.problems);
	const problems = check.problems;
	const warn = (code: FinanceProblem['code'], params: FinanceProblem['params'] = {}) =>
		problems.push({ code, severity: 'warning', params });

	const products = productFigures(input);
	for (const p of products)
		if (p.marginPerUnit <= 0)
			warn('price_below_cost', {
				name: p.name,
				price: p.netUnitPrice,
				cost: p.variableCostPerUnit
			});

	const investment = sum(input.investments.map((i) => i.amount));
	const contributions = input.contributions.members * input.contributions.amountPerMember;
	const loanMoney = sum(input.loans.map((l) => l.principal));
	const grants = sum(input.grants.map((g) => g.amount));
	const required = investment + input.workingCapital;
	const funding = contributions + loanMoney + grants;
	if (funding < required) warn('funding_gap', { missing: required - funding });

	const loanResults = loans(input);
	const flow = cashflow(input, loanResults);
	const negativeMonths = flow.filter((m) => m.negative).map((m) => m.month);
	if (negativeMonths.length) warn('cash_negative', { months: negativeMonths.join(', ') });

	const be = breakEven(input);
	if (be.units === null) warn('no_margin');

	const v = valuation(input);
	if (required <= 0) warn('no_investment');
	else if (v.irr === null) warn('irr_none');

	const income = incomeStatement(input, v.years, loanResults);
	const d = input.distribution;
	const shares = d.reservesPercent + d.educationPercent + d.socialPercent + d.returnPercent;
	let distribution: FinanceResult['distribution'] = null;
	const surplus = income[0]?.netSurplus ?? 0;
	if (shares === 0) distribution = null;
	else if (Math.abs(shares - 100) > 1e-9) warn('distribution_total', { total: shares });
	else if (surplus <= 0) warn('no_surplus', { surplus });
	else {
		const part = (p: number) => round(surplus * pct(p));
		const reserves = part(d.reservesPercent);
		const education = part(d.educationPercent);
		const social = part(d.socialPercent);
		// The return to members takes the centavos the rounding leaves, so the parts add up.
		distribution = {
			surplus,
			reserves,
			education,
			social,
			returnToMembers: surplus - reserves - education - social
		};
	}

	return {
		problems,
		totals: {
			investment,
			workingCapital: input.workingCapital,
			required,
			contributions,
			loans: loanMoney,
			grants,
			funding,
			balance: funding - required
		},
		products,
		loans: loanResults,
		loan: { payment: sum(loanResults.map((l) => l.payment)) },
		cashflow: flow,
		incomeStatement: income,
		breakEven: be,
		projectFlows: v.projectFlows,
		npv: v.npv,
		irr: v.irr,
		paybackMonths: v.paybackMonths,
		sensitivity: sensitivity(input),
		distribution
	};
}
