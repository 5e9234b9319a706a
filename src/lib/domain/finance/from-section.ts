import type { SectionData, CellValue } from '../workbook-values';
import type { FinanceInput, Product } from './types';

// The financial-plan section of the workbook (content/workbook.yaml, business-plan.financial)
// → the model's inputs. Money there is already centavos and numbers plain; an empty field is 0,
// except the discount rate (12 %) and the month sales start (1).

export const FINANCE_SECTION_KEY = 'business-plan.financial';
export const DEFAULT_DISCOUNT_RATE = 12;

type Row = Record<string, CellValue>;

const rows = (data: SectionData, id: string): Row[] => {
	const v = data[id];
	return Array.isArray(v)
		? (v as unknown[]).filter((r): r is Row => !!r && typeof r === 'object')
		: [];
};
const num = (v: unknown, fallback = 0): number =>
	typeof v === 'number' && Number.isFinite(v) ? v : fallback;
const str = (v: unknown): string => (typeof v === 'string' ? v : '');
const clamp = (n: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, n));

/**
 * Share of full capacity in each month of year 1: nothing before the month sales start, then a
 * straight climb over `rampUpMonths` months (0 or 1: full from the first month of sales).
 */
export function rampFromStart(salesStartMonth: number, rampUpMonths: number): number[] {
	const start = clamp(Math.round(salesStartMonth) || 1, 1, 13);
	const ramp = Math.max(1, Math.round(rampUpMonths) || 1);
	return Array.from({ length: 12 }, (_, i) => {
		const month = i + 1;
		if (month < start) return 0;
		const k = month - start + 1;
		return Math.min(100, Math.round((k / ramp) * 10000) / 100);
	});
}

/** Whether the team has written anything the model can use: any investment, sale or cost. */
export function hasFinanceInputs(data: SectionData | null): boolean {
	if (!data) return false;
	return ['investments', 'minerals', 'products', 'fixedCosts', 'loans'].some(
		(id) => rows(data, id).length > 0
	);
}

export function financeInputFromSection(data: SectionData): FinanceInput {
	const minerals: Product[] = rows(data, 'minerals').map((r, i) => ({
		name: str(r.name) || `#${i + 1}`,
		kind: 'mineral',
		unit: str(r.unit),
		unitsPerMonth: num(r.unitsPerMonth),
		gradePercent: num(r.gradePercent),
		finePriceUsd: num(r.finePriceUsd),
		exchangeRate: num(r.exchangeRate),
		unitPrice: 0,
		variableCostPerUnit: num(r.variableCost),
		growthPercent: num(r.growthPercent)
	}));
	const products: Product[] = rows(data, 'products').map((r, i) => ({
		name: str(r.name) || `#${i + 1}`,
		kind: 'unit',
		unit: str(r.unit),
		unitsPerMonth: num(r.unitsPerMonth),
		gradePercent: 0,
		finePriceUsd: 0,
		exchangeRate: 0,
		unitPrice: num(r.price),
		variableCostPerUnit: num(r.variableCost),
		growthPercent: num(r.growthPercent)
	}));
	return {
		investments: rows(data, 'investments').map((r, i) => ({
			item: str(r.item) || `#${i + 1}`,
			amount: num(r.amount),
			month: num(r.month, 1),
			usefulLifeYears: num(r.usefulLife)
		})),
		workingCapital: num(data.workingCapital),
		contributions: {
			members: num(data.members),
			amountPerMember: num(data.contributionPerMember)
		},
		loans: rows(data, 'loans').map((r, i) => ({
			lender: str(r.lender) || `#${i + 1}`,
			principal: num(r.principal),
			annualRatePercent: num(r.ratePercent),
			termMonths: num(r.termMonths),
			graceMonths: num(r.graceMonths)
		})),
		grants: rows(data, 'grants').map((r, i) => ({
			source: str(r.source) || `#${i + 1}`,
			amount: num(r.amount)
		})),
		products: [...minerals, ...products],
		rampUpPercent: rampFromStart(num(data.salesStartMonth, 1), num(data.rampUpMonths, 1)),
		fixedCosts: rows(data, 'fixedCosts').map((r, i) => ({
			item: str(r.item) || `#${i + 1}`,
			amountPerMonth: num(r.amountPerMonth)
		})),
		deductions: {
			royaltyPercent: num(data.royaltyPercent),
			healthFundPercent: num(data.healthFundPercent),
			federationPercent: num(data.federationPercent),
			otherPercent: num(data.otherDeductionsPercent)
		},
		taxRatePercent: num(data.taxRatePercent),
		discountRatePercent: num(data.discountRatePercent, DEFAULT_DISCOUNT_RATE),
		distribution: {
			reservesPercent: num(data.reservesPercent),
			educationPercent: num(data.educationPercent),
			socialPercent: num(data.socialPercent),
			returnPercent: num(data.returnPercent)
		}
	};
}
