import { computeFinance } from '../../domain/finance/model';
import { financeInputFromSection, hasFinanceInputs } from '../../domain/finance/from-section';
import type { FinanceResult } from '../../domain/finance/types';
import type { SectionData } from '../../domain/workbook-values';
import { financeProblemText } from '../../i18n/finance-problems';
import { m } from '../../paraglide/messages.js';
import { breakEvenChart, breakEvenPoints, type BreakEvenPoint } from '../charts/break-even-chart';
import { cashBalanceChart } from '../charts/cash-balance-chart';
import type { Locale } from '../curriculum/schema';

/** What the financial-plan page shows under the form: the model worked out on the saved data. */
export interface FinanceView {
	result: FinanceResult;
	problems: { severity: 'error' | 'warning'; text: string }[];
	/** Units the cooperative can sell a month at full capacity, all products together. */
	capacityUnits: number;
	/** Break-even as a share of that capacity, in %; null when there is no break-even. */
	breakEvenPercent: number | null;
	discountRatePercent: number;
	/** Server-drawn SVG of the closing cash of each month; null when nothing was worked out. */
	cashChart: string | null;
	/** Income and costs of a month against the units sold (SVG), and the numbers beside it. */
	breakEvenChart: string | null;
	breakEvenPoints: BreakEvenPoint[];
}

/** The saved financial-plan section → its figures, or null while the team has entered nothing. */
export function financeView(data: SectionData | null, locale: Locale): FinanceView | null {
	if (!data || !hasFinanceInputs(data)) return null;
	const input = financeInputFromSection(data);
	const result = computeFinance(input);
	const o = { locale };
	const capacityUnits = input.products.reduce((s, p) => s + p.unitsPerMonth, 0);
	const be = result.breakEven.units;
	// One average unit with the products' mix, as the model's break-even uses.
	const mix = (f: (p: (typeof result.products)[number]) => number) =>
		capacityUnits > 0
			? result.products.reduce(
					(s, p, i) => s + f(p) * (input.products[i]!.unitsPerMonth / capacityUnits),
					0
				)
			: 0;
	const breakEven = {
		netPricePerUnit: mix((p) => p.netUnitPrice),
		variableCostPerUnit: mix((p) => p.variableCostPerUnit),
		fixedPerMonth: input.fixedCosts.reduce((s, f) => s + f.amountPerMonth, 0),
		capacityUnits,
		breakEvenUnits: be
	};
	const drawn = capacityUnits > 0 && result.products.length > 0;
	return {
		result,
		breakEvenChart: drawn
			? breakEvenChart(breakEven, {
					locale,
					title: m.finres_be_chart_title({}, o),
					description: m.finres_be_chart_desc({}, o),
					income: m.finres_be_income({}, o),
					costs: m.finres_be_costs({}, o),
					breakEven: m.finres_be_point({}, o),
					capacity: m.finres_be_capacity({}, o),
					unit: unitName(input.products) ?? m.finres_units_word({}, o)
				})
			: null,
		breakEvenPoints: drawn ? breakEvenPoints(breakEven) : [],
		problems: result.problems.map((p) => ({
			severity: p.severity,
			text: financeProblemText(p, locale)
		})),
		capacityUnits,
		breakEvenPercent: shareOf(be, capacityUnits),
		discountRatePercent: input.discountRatePercent,
		cashChart: result.cashflow.length
			? cashBalanceChart({
					months: result.cashflow.map((c) => ({ label: String(c.month), closing: c.closing })),
					labels: {
						locale,
						title: m.finres_chart_title({}, o),
						description: m.finres_chart_desc({}, o),
						belowZero: m.finres_chart_below({}, o)
					}
				})
			: null
	};
}

/** The headline figures of the financial plan, shown where the feasibility study judges it. */
export interface FinanceSummary {
	/** Funding minus what is required; below zero, money is missing. */
	balance: number;
	npv: number | null;
	irr: number | null;
	paybackMonths: number | null;
	breakEvenPercent: number | null;
	discountRatePercent: number;
	/** The first month whose closing cash is below zero, if any. */
	firstMonthBelowZero: number | null;
	/** Problems that stop the figures from being worked out (the figures are then left out). */
	blocking: string[];
	warnings: number;
}

/** The saved financial-plan section → its headline figures, or null while nothing is entered. */
export function financeSummary(data: SectionData | null, locale: Locale): FinanceSummary | null {
	if (!data || !hasFinanceInputs(data)) return null;
	const input = financeInputFromSection(data);
	const r = computeFinance(input);
	const capacity = input.products.reduce((s, p) => s + p.unitsPerMonth, 0);
	const be = r.breakEven.units;
	return {
		balance: r.totals.balance,
		npv: r.npv,
		irr: r.irr,
		paybackMonths: r.paybackMonths,
		breakEvenPercent: shareOf(be, capacity),
		discountRatePercent: input.discountRatePercent,
		firstMonthBelowZero: r.cashflow.find((c) => c.closing < 0)?.month ?? null,
		blocking: r.problems
			.filter((p) => p.severity === 'error')
			.map((p) => financeProblemText(p, locale)),
		warnings: r.problems.filter((p) => p.severity === 'warning').length
	};
}

/** Break-even as a share of capacity, in % with one decimal; null when there is none. */
function shareOf(breakEven: number | null, capacity: number): number | null {
	return breakEven !== null && capacity > 0 ? Math.round((breakEven / capacity) * 1000) / 10 : null;
}

/** The unit every product is sold in ("t"), or null when they differ or none is named. */
function unitName(products: readonly { unit?: string }[]): string | null {
	const units = new Set(products.map((p) => p.unit).filter(Boolean));
	return units.size === 1 ? [...units][0]! : null;
}
