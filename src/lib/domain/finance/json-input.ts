import { z } from 'zod';
import type { FinanceInput, FinanceResult } from './types';

/**
 * The model's inputs as a JSON file (docs/finance.md): amounts in bolivianos as plain numbers
 * (50000 or 1613.36), percentages as numbers (10 = 10 %). Everything but the products is
 * optional. Bounded: at most 200 rows per list, amounts up to Bs 10,000 million.
 */

const MAX_ROWS = 200;
const MAX_BS = 10_000_000_000;
const bs = z.number().finite().min(-MAX_BS).max(MAX_BS);
const num = z.number().finite().min(-1e12).max(1e12);
const label = z.string().max(200).default('');
const list = <T extends z.ZodType>(item: T) => z.array(item).max(MAX_ROWS).default([]);

const schema = z.strictObject({
	about: z.string().max(2000).optional(),
	investments: list(
		z.strictObject({
			item: label,
			amount: bs,
			month: num.default(1),
			usefulLifeYears: num.default(0)
		})
	),
	workingCapital: bs.default(0),
	contributions: z
		.object({ members: num.default(0), amountPerMember: bs.default(0) })
		.default({ members: 0, amountPerMember: 0 }),
	loans: list(
		z.strictObject({
			lender: label,
			principal: bs,
			annualRatePercent: num,
			termMonths: num,
			graceMonths: num.default(0)
		})
	),
	grants: list(z.strictObject({ source: label, amount: bs })),
	products: list(
		z.strictObject({
			name: label,
			kind: z.enum(['mineral', 'unit']).default('unit'),
			unit: z.string().max(40).default(''),
			unitsPerMonth: num,
			gradePercent: num.default(0),
			finePriceUsd: num.default(0),
			exchangeRate: num.default(0),
			unitPrice: bs.default(0),
			variableCostPerUnit: bs.default(0),
			growthPercent: num.default(0)
		})
	),
	rampUpPercent: z.array(num).max(12).default([]),
	fixedCosts: list(z.strictObject({ item: label, amountPerMonth: bs })),
	deductions: z
		.object({
			royaltyPercent: num.default(0),
			healthFundPercent: num.default(0),
			federationPercent: num.default(0),
			otherPercent: num.default(0)
		})
		.default({ royaltyPercent: 0, healthFundPercent: 0, federationPercent: 0, otherPercent: 0 }),
	taxRatePercent: num.default(0),
	discountRatePercent: num.default(12),
	distribution: z
		.object({
			reservesPercent: num.default(0),
			educationPercent: num.default(0),
			socialPercent: num.default(0),
			returnPercent: num.default(0)
		})
		.default({ reservesPercent: 0, educationPercent: 0, socialPercent: 0, returnPercent: 0 })
});

const centavos = (n: number) => Math.round(n * 100);

export type JsonInputResult =
	{ ok: true; input: FinanceInput } | { ok: false; errors: { path: string; message: string }[] };

export function financeInputFromJson(value: unknown): JsonInputResult {
	const parsed = schema.safeParse(value);
	if (!parsed.success)
		return {
			ok: false,
			errors: parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message }))
		};
	const j = parsed.data;
	const ramp = Array.from({ length: 12 }, (_, m) => j.rampUpPercent[m] ?? 100);
	return {
		ok: true,
		input: {
			investments: j.investments.map((i) => ({ ...i, amount: centavos(i.amount) })),
			workingCapital: centavos(j.workingCapital),
			contributions: {
				members: j.contributions.members,
				amountPerMember: centavos(j.contributions.amountPerMember)
			},
			loans: j.loans.map((l) => ({ ...l, principal: centavos(l.principal) })),
			grants: j.grants.map((g) => ({ ...g, amount: centavos(g.amount) })),
			products: j.products.map((p) => ({
				...p,
				unitPrice: centavos(p.unitPrice),
				variableCostPerUnit: centavos(p.variableCostPerUnit)
			})),
			rampUpPercent: ramp,
			fixedCosts: j.fixedCosts.map((f) => ({ ...f, amountPerMonth: centavos(f.amountPerMonth) })),
			deductions: j.deductions,
			taxRatePercent: j.taxRatePercent,
			discountRatePercent: j.discountRatePercent,
			distribution: j.distribution
		}
	};
}

/** Keys whose numbers are centavos, turned back into bolivianos for the JSON output. */
const MONEY_KEYS = new Set([
	'investment',
	'workingCapital',
	'required',
	'contributions',
	'loans',
	'grants',
	'funding',
	'balance',
	'unitPrice',
	'netUnitPrice',
	'variableCostPerUnit',
	'marginPerUnit',
	'payment',
	'totalInterest',
	'opening',
	'interest',
	'principal',
	'closing',
	'sales',
	'total',
	'variableCosts',
	'fixedCosts',
	'deductions',
	'loanPayments',
	'depreciation',
	'surplusBeforeTax',
	'tax',
	'netSurplus',
	'bs',
	'npv',
	'surplus',
	'reserves',
	'education',
	'social',
	'returnToMembers',
	'missing',
	'price',
	'cost'
]);

function toBs(value: unknown, key: string): unknown {
	if (typeof value === 'number') return MONEY_KEYS.has(key) ? value / 100 : value;
	if (Array.isArray(value))
		return key === 'projectFlows' ? value.map((v) => v / 100) : value.map((v) => toBs(v, ''));
	if (value && typeof value === 'object')
		return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, toBs(v, k)]));
	return value;
}

/** The result for the command line: money in bolivianos (1613.36), IRR as a fraction. */
export function resultInBolivianos(result: FinanceResult): unknown {
	return { currency: 'BOB', ...(toBs(result, '') as object) };
}
