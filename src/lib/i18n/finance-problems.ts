// Relative imports: the command line (`minka finance`) uses this too, outside Vite.
import { m } from '../paraglide/messages.js';
import { formatMoney } from '../domain/workbook-values';
import type { FinanceProblem } from '../domain/finance/types';

type Locale = 'es' | 'en';

const fieldLabels: Record<string, (i: object, o: { locale: Locale }) => string> = {
	investment: m.finfield_investment,
	usefulLife: m.finfield_usefulLife,
	workingCapital: m.finfield_workingCapital,
	members: m.finfield_members,
	contribution: m.finfield_contribution,
	grant: m.finfield_grant,
	principal: m.finfield_principal,
	units: m.finfield_units,
	price: m.finfield_price,
	variableCost: m.finfield_variableCost,
	growth: m.finfield_growth,
	fixedCost: m.finfield_fixedCost,
	rampUp: m.finfield_rampUp,
	royaltyPercent: m.finfield_royaltyPercent,
	healthFundPercent: m.finfield_healthFundPercent,
	federationPercent: m.finfield_federationPercent,
	otherPercent: m.finfield_otherPercent,
	deductions: m.finfield_deductions,
	taxRate: m.finfield_taxRate
};

/** A problem of the financial model → one plain sentence in the given language. */
export function financeProblemText(problem: FinanceProblem, locale: Locale): string {
	const o = { locale };
	const p = problem.params;
	const text = (k: string) => String(p[k] ?? '');
	const money = (k: string) => formatMoney(Number(p[k] ?? 0), locale);
	const name = text('name');
	switch (problem.code) {
		case 'no_sales':
			return m.finprob_no_sales({}, o);
		case 'price_below_cost':
			return m.finprob_price_below_cost({ name, price: money('price'), cost: money('cost') }, o);
		case 'no_margin':
			return m.finprob_no_margin({}, o);
		case 'loan_term':
			return m.finprob_loan_term({ name, term: text('term') }, o);
		case 'loan_grace':
			return m.finprob_loan_grace({ name, grace: text('grace'), term: text('term') }, o);
		case 'loan_rate':
			return m.finprob_loan_rate({ name, rate: text('rate') }, o);
		case 'negative_value': {
			const label = fieldLabels[text('field')]?.({}, o) ?? text('field');
			return m.finprob_negative_value({ field: label, name: name ? ` (${name})` : '' }, o);
		}
		case 'month_range':
			return m.finprob_month_range({ name, month: text('month') }, o);
		case 'discount_rate':
			return m.finprob_discount_rate({ rate: text('rate') }, o);
		case 'irr_none':
			return m.finprob_irr_none({}, o);
		case 'no_investment':
			return m.finprob_no_investment({}, o);
		case 'funding_gap':
			return m.finprob_funding_gap({ missing: money('missing') }, o);
		case 'cash_negative':
			return m.finprob_cash_negative({ months: text('months') }, o);
		case 'distribution_total':
			return m.finprob_distribution_total({ total: text('total') }, o);
		case 'no_surplus':
			return m.finprob_no_surplus({ surplus: money('surplus') }, o);
	}
}
