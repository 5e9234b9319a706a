import { describe, expect, it } from 'vitest';
import { internalRate, netPresentValue, payment } from '../../src/lib/domain/finance/formulas';
import { computeFinance, loanSchedule, unitPrice } from '../../src/lib/domain/finance/model';
import type { FinanceInput, FinanceResult, Product } from '../../src/lib/domain/finance/types';

const bs = (n: number) => Math.round(n * 100);

const plain = (over: Partial<Product> = {}): Product => ({
	name: 'Servicio',
	kind: 'unit',
	unit: 'mes',
	unitsPerMonth: 1,
	gradePercent: 0,
	finePriceUsd: 0,
	exchangeRate: 0,
	unitPrice: bs(2500),
	variableCostPerUnit: 0,
	growthPercent: 0,
	...over
});

/** Bs 100.000 invested, Bs 30.000 a year for 5 years, nothing else: the textbook case. */
const textbook = (over: Partial<FinanceInput> = {}): FinanceInput => ({
	investments: [{ item: 'Planta', amount: bs(100_000), month: 1, usefulLifeYears: 0 }],
	workingCapital: 0,
	contributions: { members: 0, amountPerMember: 0 },
	loans: [],
	grants: [],
	products: [plain()],
	rampUpPercent: Array(12).fill(100),
	fixedCosts: [],
	deductions: { royaltyPercent: 0, healthFundPercent: 0, federationPercent: 0, otherPercent: 0 },
	taxRatePercent: 0,
	discountRatePercent: 10,
	distribution: { reservesPercent: 0, educationPercent: 0, socialPercent: 0, returnPercent: 0 },
	...over
});

const codes = (r: FinanceResult) => r.problems.map((p) => p.code);

/** Every number anywhere in the result is finite (no NaN or Infinity reaches a page). */
function allFinite(value: unknown): boolean {
	if (typeof value === 'number') return Number.isFinite(value);
	if (Array.isArray(value)) return value.every(allFinite);
	if (value && typeof value === 'object') return Object.values(value).every(allFinite);
	return true;
}

describe('spreadsheet formulas', () => {
	it('gives the French instalment of Bs 50.000 at 10 % over 36 months', () => {
		expect(payment(0.1 / 12, 36, 50_000)).toBeCloseTo(1613.3594, 3);
		expect(payment(0, 10, 1000)).toBe(100);
		expect(payment(0.01, 0, 1000)).toBeNull();
	});

	it('discounts period 0 apart from the later periods', () => {
		expect(netPresentValue(0.1, [-100_000, 30_000, 30_000, 30_000, 30_000, 30_000])).toBeCloseTo(
			13_723.6,
			1
		);
		expect(netPresentValue(0.1, [-100])).toBe(-100);
		expect(netPresentValue(-1, [-100, 50])).toBeNull();
	});

	it('finds the IRR or says there is none', () => {
		expect(internalRate([-100_000, 30_000, 30_000, 30_000, 30_000, 30_000])).toBeCloseTo(
			0.15238,
			4
		);
		expect(internalRate([-100, -50])).toBeNull();
		expect(internalRate([100, 50])).toBeNull();
	});
});

describe('loan schedule', () => {
	it('pays Bs 1.613,36 a month and clears the loan on the last month', () => {
		const s = loanSchedule(bs(50_000), 10, 36, 0)!;
		expect(s.payment).toBe(161_336);
		expect(s.rows).toHaveLength(36);
		expect(s.rows[0]).toMatchObject({ opening: 5_000_000, interest: 41_667, principal: 119_669 });
		expect(s.rows.at(-1)!.closing).toBe(0);
		expect(s.rows.reduce((a, r) => a + r.principal, 0)).toBe(5_000_000);
		// The last instalment absorbs the rounding: within a few centavos of the others.
		expect(Math.abs(s.rows.at(-1)!.payment - 161_336)).toBeLessThan(50);
	});

	it('charges interest only during the grace months', () => {
		const s = loanSchedule(bs(12_000), 12, 12, 3)!;
		expect(s.rows.slice(0, 3).map((r) => [r.interest, r.principal])).toEqual([
			[12_000, 0],
			[12_000, 0],
			[12_000, 0]
		]);
		expect(s.payment).toBe(Math.round(payment(0.01, 9, 1_200_000)!));
		expect(s.rows.at(-1)!.closing).toBe(0);
	});

	it('refuses a term that leaves nothing to repay in', () => {
		expect(loanSchedule(100_000, 10, 6, 6)).toBeNull();
		expect(loanSchedule(100_000, 10, -6, 0)).toBeNull();
	});
});

describe('computeFinance', () => {
	it('values the textbook project at NPV 13.723,60 and IRR 15,24 %', () => {
		const r = computeFinance(textbook());
		expect(r.projectFlows).toEqual([-bs(100_000), ...Array(5).fill(bs(30_000))]);
		expect(r.npv).toBe(bs(13_723.6));
		expect(r.irr).toBeCloseTo(0.15238, 4);
		expect(r.paybackMonths).toBe(40);
		expect(allFinite(r)).toBe(true);
	});

	it('prices a mineral sale by grade, fine price and exchange rate, less the deductions', () => {
		const tin: Product = plain({
			name: 'Concentrado de estaño',
			kind: 'mineral',
			unit: 't',
			unitsPerMonth: 4,
			gradePercent: 45,
			finePriceUsd: 30_000,
			exchangeRate: 6.96,
			unitPrice: 0,
			variableCostPerUnit: bs(20_000)
		});
		// 0,45 × 30.000 USD × 6,96 = Bs 93.960 per tonne of concentrate.
		expect(unitPrice(tin)).toBe(bs(93_960));
		const r = computeFinance(
			textbook({
				products: [tin],
				deductions: {
					royaltyPercent: 5,
					healthFundPercent: 1.8,
					federationPercent: 1,
					otherPercent: 0
				},
				fixedCosts: [{ item: 'Sueldos', amountPerMonth: bs(50_000) }]
			})
		);
		const p = r.products[0]!;
		expect(p.netUnitPrice).toBe(bs(93_960 * (1 - 0.078)));
		expect(p.marginPerUnit).toBe(p.netUnitPrice - bs(20_000));
		const month = r.cashflow[1]!;
		expect(month.inflows.sales).toBe(4 * bs(93_960));
		expect(month.outflows.deductions).toBe(Math.round(4 * bs(93_960) * 0.078));
		// Break-even: fixed costs over the margin per tonne.
		expect(r.breakEven.units).toBeCloseTo(bs(50_000) / p.marginPerUnit, 2);
		expect(r.breakEven.bs).toBe(Math.round((bs(50_000) / p.marginPerUnit) * bs(93_960)));
	});

	it('builds a 12-month cash flow with funding in month 1 and flags months below zero', () => {
		const r = computeFinance(
			textbook({
				investments: [
					{ item: 'Planta', amount: bs(100_000), month: 1, usefulLifeYears: 10 },
					{ item: 'Volqueta', amount: bs(60_000), month: 3, usefulLifeYears: 5 }
				],
				contributions: { members: 40, amountPerMember: bs(2_000) },
				loans: [
					{
						lender: 'FNDR',
						principal: bs(50_000),
						annualRatePercent: 10,
						termMonths: 36,
						graceMonths: 0
					}
				],
				rampUpPercent: [0, 0, 50, 50, 100, 100, 100, 100, 100, 100, 100, 100]
			})
		);
		expect(r.cashflow).toHaveLength(12);
		const [m1, m2, m3] = r.cashflow;
		expect(m1!.inflows).toMatchObject({ contributions: bs(80_000), loans: bs(50_000), sales: 0 });
		expect(m1!.closing).toBe(bs(80_000 + 50_000 - 100_000 - 1_613.36));
		expect(m2!.opening).toBe(m1!.closing);
		expect(m3!.outflows.investment).toBe(bs(60_000));
		expect(m3!.inflows.sales).toBe(bs(1_250));
		expect(m3!.negative).toBe(true);
		const negative = r.cashflow.filter((m) => m.negative).map((m) => m.month);
		expect(negative.length).toBeGreaterThan(0);
		expect(r.problems).toContainEqual({
			code: 'cash_negative',
			severity: 'warning',
			params: { months: negative.join(', ') }
		});
		expect(r.problems.find((p) => p.code === 'funding_gap')!.params.missing).toBe(bs(30_000));
		// Depreciation and interest enter the income statement, not the project's cash flows.
		expect(r.incomeStatement[0]!.depreciation).toBe(bs(10_000 + 12_000));
		expect(r.incomeStatement[0]!.interest).toBeGreaterThan(0);
		expect(r.projectFlows[0]).toBe(-bs(160_000));
	});

	it('grows volume from year 2 and taxes only a positive surplus', () => {
		const r = computeFinance(
			textbook({ products: [plain({ growthPercent: 10 })], taxRatePercent: 25 })
		);
		const sales = r.incomeStatement.map((y) => y.sales);
		expect(sales[0]).toBe(bs(30_000));
		expect(sales[1]).toBe(bs(33_000));
		expect(sales[4]).toBe(Math.round(bs(30_000) * 1.1 ** 4));
		expect(r.incomeStatement[0]!.tax).toBe(bs(7_500));
		expect(r.projectFlows[1]).toBe(bs(22_500));
	});

	it('moves NPV, IRR and break-even the right way in the sensitivity table', () => {
		const r = computeFinance(
			textbook({
				products: [
					plain({ unitsPerMonth: 10, unitPrice: bs(1_000), variableCostPerUnit: bs(400) })
				],
				fixedCosts: [{ item: 'Alquiler', amountPerMonth: bs(3_000) }]
			})
		);
		expect(r.sensitivity).toHaveLength(12);
		const row = (variable: string, change: number) =>
			r.sensitivity.find((s) => s.variable === variable && s.changePercent === change)!;
		expect(row('price', 20).npv!).toBeGreaterThan(r.npv!);
		expect(row('price', -20).npv!).toBeLessThan(r.npv!);
		expect(row('volume', 10).npv!).toBeGreaterThan(r.npv!);
		expect(row('variableCost', 20).npv!).toBeLessThan(r.npv!);
		// Break-even: 3.000 / (1.000 − 400) = 5 units; at +20 % price 3.000 / 800 = 3,75.
		expect(r.breakEven.units).toBe(5);
		expect(row('price', 20).breakEvenUnits).toBe(3.75);
		expect(row('volume', 20).breakEvenUnits).toBe(5);
	});

	it('shares the year-1 surplus by the percentages set, adding up to the centavo', () => {
		const r = computeFinance(
			textbook({
				distribution: {
					reservesPercent: 30,
					educationPercent: 5,
					socialPercent: 5,
					returnPercent: 60
				}
			})
		);
		const d = r.distribution!;
		expect(d.surplus).toBe(bs(30_000));
		expect(d.reserves).toBe(bs(9_000));
		expect(d.reserves + d.education + d.social + d.returnToMembers).toBe(d.surplus);
		const wrong = computeFinance(
			textbook({
				distribution: {
					reservesPercent: 30,
					educationPercent: 5,
					socialPercent: 5,
					returnPercent: 50
				}
			})
		);
		expect(wrong.distribution).toBeNull();
		expect(codes(wrong)).toContain('distribution_total');
	});

	it('explains impossible input instead of computing NaN or Infinity', () => {
		const cases: [Partial<FinanceInput>, string][] = [
			[{ products: [plain({ unitsPerMonth: 0 })] }, 'no_sales'],
			[
				{
					loans: [
						{
							lender: 'Banco',
							principal: bs(1000),
							annualRatePercent: 10,
							termMonths: -12,
							graceMonths: 0
						}
					]
				},
				'loan_term'
			],
			[
				{
					loans: [
						{
							lender: 'Banco',
							principal: bs(1000),
							annualRatePercent: 10,
							termMonths: 12,
							graceMonths: 12
						}
					]
				},
				'loan_grace'
			],
			[
				{ investments: [{ item: 'X', amount: bs(10), month: 13, usefulLifeYears: 0 }] },
				'month_range'
			],
			[{ discountRatePercent: -100 }, 'discount_rate']
		];
		for (const [over, code] of cases) {
			const r = computeFinance(textbook(over));
			expect(codes(r)).toContain(code);
			expect(r.problems.find((p) => p.code === code)!.severity).toBe('error');
			expect(r.npv).toBeNull();
			expect(allFinite(r)).toBe(true);
		}
	});

	it('warns when the price does not cover the variable cost and there is no IRR', () => {
		const r = computeFinance(
			textbook({ products: [plain({ unitPrice: bs(100), variableCostPerUnit: bs(150) })] })
		);
		expect(codes(r)).toEqual(expect.arrayContaining(['price_below_cost', 'no_margin', 'irr_none']));
		expect(r.breakEven).toEqual({ units: null, bs: null });
		expect(r.irr).toBeNull();
		expect(r.paybackMonths).toBeNull();
		expect(r.npv).toBeLessThan(0);
		expect(allFinite(r)).toBe(true);
	});
});
