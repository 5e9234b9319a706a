// The financial model's inputs and results. Money is integer centavos everywhere (Bs 1 = 100);
// percentages are plain numbers (10 means 10 %); rates and IRR as fractions only where noted.

export interface Investment {
	item: string;
	amount: number;
	/** Month of year 1 in which it is paid, 1–12. */
	month: number;
	/** Years over which it wears out; 0 for what does not (land, a licence that lasts). */
	usefulLifeYears: number;
}

export interface Loan {
	lender: string;
	principal: number;
	annualRatePercent: number;
	/** Whole term including the grace months. */
	termMonths: number;
	/** Months at the start in which only interest is paid. */
	graceMonths: number;
}

export interface Grant {
	source: string;
	amount: number;
}

/**
 * What the cooperative sells. A mineral sale is priced as grade × price of the fine content ×
 * exchange rate per unit of concentrate (a tonne of tin concentrate, a gram of gold); anything
 * else at its price per unit. Deductions (royalty, health fund, dues) apply to mineral sales only.
 */
export interface Product {
	name: string;
	kind: 'mineral' | 'unit';
	/** Name of the unit sold: "t", "g", "saco". Shown only. */
	unit: string;
	/** Units sold per month at full capacity. */
	unitsPerMonth: number;
	/** Mineral: fine content of the concentrate, in %. */
	gradePercent: number;
	/** Mineral: price of one fine unit in US dollars (per fine tonne of tin, per fine gram of gold). */
	finePriceUsd: number;
	/** Mineral: bolivianos per dollar. */
	exchangeRate: number;
	/** Plain product: price per unit. */
	unitPrice: number;
	variableCostPerUnit: number;
	/** Growth of units sold each year from year 2 to year 5, in %. */
	growthPercent: number;
}

export interface FixedCost {
	item: string;
	amountPerMonth: number;
}

export interface Deductions {
	/** Regalía minera (Ley 535): its rate depends on the mineral and its price. */
	royaltyPercent: number;
	healthFundPercent: number;
	federationPercent: number;
	otherPercent: number;
}

export interface Distribution {
	reservesPercent: number;
	educationPercent: number;
	socialPercent: number;
	/** Returned to members in proportion to their work. */
	returnPercent: number;
}

export interface FinanceInput {
	investments: Investment[];
	workingCapital: number;
	contributions: { members: number; amountPerMember: number };
	loans: Loan[];
	grants: Grant[];
	products: Product[];
	/** Share of full capacity sold in each month of year 1, in % (12 values). */
	rampUpPercent: number[];
	fixedCosts: FixedCost[];
	deductions: Deductions;
	taxRatePercent: number;
	discountRatePercent: number;
	distribution: Distribution;
}

export type FinanceProblemCode =
	| 'no_sales'
	| 'price_below_cost'
	| 'no_margin'
	| 'loan_term'
	| 'loan_grace'
	| 'loan_rate'
	| 'negative_value'
	| 'month_range'
	| 'discount_rate'
	| 'irr_none'
	| 'no_investment'
	| 'funding_gap'
	| 'cash_negative'
	| 'distribution_total'
	| 'no_surplus';

export interface FinanceProblem {
	code: FinanceProblemCode;
	/** Blocking problems leave figures out (null); the others are warnings beside the figures. */
	severity: 'error' | 'warning';
	params: Record<string, string | number>;
}

export interface LoanRow {
	month: number;
	opening: number;
	payment: number;
	interest: number;
	principal: number;
	closing: number;
}

export interface LoanResult {
	lender: string;
	/** The monthly instalment after the grace months (French system). */
	payment: number;
	totalInterest: number;
	schedule: LoanRow[];
}

export interface CashMonth {
	month: number;
	opening: number;
	inflows: { sales: number; contributions: number; loans: number; grants: number; total: number };
	outflows: {
		investment: number;
		variableCosts: number;
		fixedCosts: number;
		deductions: number;
		loanPayments: number;
		total: number;
	};
	closing: number;
	negative: boolean;
}

export interface IncomeYear {
	year: number;
	sales: number;
	deductions: number;
	variableCosts: number;
	fixedCosts: number;
	depreciation: number;
	interest: number;
	surplusBeforeTax: number;
	tax: number;
	netSurplus: number;
}

export interface ProductFigures {
	name: string;
	unit: string;
	/** Gross price per unit, and what is left after the deductions. */
	unitPrice: number;
	netUnitPrice: number;
	variableCostPerUnit: number;
	marginPerUnit: number;
}

export interface SensitivityRow {
	variable: 'price' | 'volume' | 'variableCost';
	changePercent: number;
	npv: number | null;
	irr: number | null;
	breakEvenUnits: number | null;
}

export interface FinanceResult {
	problems: FinanceProblem[];
	totals: {
		investment: number;
		workingCapital: number;
		/** Investment plus working capital: what the funding must cover. */
		required: number;
		contributions: number;
		loans: number;
		grants: number;
		funding: number;
		/** Funding minus what is required; below zero, money is missing. */
		balance: number;
	};
	products: ProductFigures[];
	loans: LoanResult[];
	/** All loans' monthly instalments after grace, added up. */
	loan: { payment: number };
	cashflow: CashMonth[];
	incomeStatement: IncomeYear[];
	/** Per month at full capacity, with the sales mix of the products. */
	breakEven: { units: number | null; bs: number | null };
	/** Year 0 (− investment and working capital) to year 5; financing left out. */
	projectFlows: number[];
	npv: number | null;
	/** A fraction: 0.1524 is 15.24 %. */
	irr: number | null;
	paybackMonths: number | null;
	sensitivity: SensitivityRow[];
	distribution: {
		surplus: number;
		reserves: number;
		education: number;
		social: number;
		returnToMembers: number;
	} | null;
}
