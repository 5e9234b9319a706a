import { IRR, NPV, PMT } from '@formulajs/formulajs';

// The spreadsheet formulas from formulajs, made safe: its errors come back as Error values (or
// NaN/Infinity), never exceptions, so every answer is checked and turned into null.

const finite = (v: unknown): number | null =>
	typeof v === 'number' && Number.isFinite(v) ? v : null;

/** Instalment of a loan (positive), French system: rate per period, number of periods. */
export function payment(ratePerPeriod: number, periods: number, principal: number): number | null {
	if (periods <= 0) return null;
	if (ratePerPeriod === 0) return principal / periods;
	return finite(PMT(ratePerPeriod, periods, -principal));
}

/**
 * Net present value of flows[0] (now, not discounted) and flows[1..] (end of each period).
 * Excel's and formulajs's NPV discount from period 1, so the flow of period 0 is added apart.
 */
export function netPresentValue(rate: number, flows: readonly number[]): number | null {
	if (rate <= -1 || !flows.length) return null;
	const [now = 0, ...later] = flows;
	if (!later.length) return now;
	const v = finite(NPV(rate, ...later));
	return v === null ? null : now + v;
}

/**
 * Internal rate of return, or null when there is none: flows that never change sign (nothing
 * invested, or never paid back) or that the iteration cannot settle.
 */
export function internalRate(flows: readonly number[]): number | null {
	const hasNegative = flows.some((f) => f < 0);
	const hasPositive = flows.some((f) => f > 0);
	if (!hasNegative || !hasPositive) return null;
	const v = finite(IRR([...flows], 0.1));
	if (v === null || v <= -1 || v > 100) return null;
	// formulajs stops after a fixed number of steps: keep the answer only if it really zeroes NPV.
	const check = netPresentValue(v, flows);
	const scale = Math.max(...flows.map(Math.abs));
	return check !== null && Math.abs(check) <= scale * 1e-6 ? v : null;
}
