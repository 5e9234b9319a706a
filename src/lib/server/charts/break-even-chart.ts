import * as Plot from '@observablehq/plot';
import { axisBs, axisNumber, chartDocument, finishSvg, type ChartLocale } from './svg';

export interface BreakEvenLabels {
	locale: ChartLocale;
	/** "Punto de equilibrio de cada mes". */
	title: string;
	/** What the chart shows, read by screen readers. */
	description: string;
	/** Line names: "Ingresos" and "Costos". */
	income: string;
	costs: string;
	/** "Equilibrio" and "Plena marcha", written beside their vertical rules. */
	breakEven: string;
	capacity: string;
	/** The unit sold ("t"), under the horizontal axis. */
	unit: string;
}

export interface BreakEvenPoint {
	units: number;
	/** Income after deductions and total costs of a month, in centavos. */
	income: number;
	costs: number;
}

export interface BreakEvenInput {
	/** Per unit, in centavos: the net price (after royalty and deductions) and the variable cost. */
	netPricePerUnit: number;
	variableCostPerUnit: number;
	/** Fixed costs of a month, in centavos. */
	fixedPerMonth: number;
	/** Units a month at full capacity, and where income meets costs (null when it never does). */
	capacityUnits: number;
	breakEvenUnits: number | null;
}

/** Income and costs of a month at 0, ¼, ½, ¾ and full capacity: the numbers beside the chart. */
export function breakEvenPoints(input: BreakEvenInput): BreakEvenPoint[] {
	return [0, 0.25, 0.5, 0.75, 1].map((share) => {
		const units = Math.round(input.capacityUnits * share * 100) / 100;
		return {
			units,
			income: Math.round(units * input.netPricePerUnit),
			costs: Math.round(input.fixedPerMonth + units * input.variableCostPerUnit)
		};
	});
}

const INCOME = '#2f6f9f';
const COSTS = '#a04000';

/**
 * Income and costs of a month against the units sold, from nothing to a little past full capacity
 * (or past break-even when it lies beyond). Costs are dashed and each line is named at its end, so
 * the two are not told apart by colour alone; break-even and full capacity are marked and named.
 */
export function breakEvenChart(input: BreakEvenInput, labels: BreakEvenLabels): string {
	const { locale } = labels;
	const be = input.breakEvenUnits;
	const end = Math.max(input.capacityUnits, be ?? 0) * 1.2 || 1;
	const steps = 24;
	const rows = Array.from({ length: steps + 1 }, (_, i) => {
		const units = (end * i) / steps;
		return {
			units,
			income: (units * input.netPricePerUnit) / 100,
			costs: (input.fixedPerMonth + units * input.variableCostPerUnit) / 100
		};
	});
	const last = rows.at(-1)!;
	// The higher line's name goes above its end, the lower one's below: they never overlap.
	const incomeAbove = last.income >= last.costs;
	const rules = [
		...(be !== null ? [{ x: be, text: labels.breakEven }] : []),
		{ x: input.capacityUnits, text: labels.capacity }
	];
	const svg = Plot.plot({
		document: chartDocument(),
		width: 360,
		height: 240,
		marginLeft: 70,
		marginRight: 56,
		marginTop: 24,
		marginBottom: 32,
		style: { fontFamily: 'Roboto, sans-serif', fontSize: '10px' },
		x: {
			label: labels.unit,
			labelAnchor: 'right',
			labelOffset: 28,
			labelArrow: 'none',
			ticks: 5,
			tickFormat: (v: number) => axisNumber(v, locale),
			domain: [0, end]
		},
		y: {
			label: null,
			grid: true,
			ticks: 5,
			tickFormat: (v: number) => axisBs(v, locale),
			nice: true,
			zero: true
		},
		marks: [
			Plot.ruleX(rules, { x: 'x', stroke: '#555', strokeDasharray: '2,3' }),
			Plot.text(rules, {
				x: 'x',
				text: 'text',
				frameAnchor: 'top',
				dy: -10,
				textAnchor: 'middle'
			}),
			Plot.line(rows, { x: 'units', y: 'income', stroke: INCOME, strokeWidth: 2 }),
			Plot.line(rows, {
				x: 'units',
				y: 'costs',
				stroke: COSTS,
				strokeWidth: 2,
				strokeDasharray: '6,4'
			}),
			Plot.text([last], {
				x: 'units',
				y: 'income',
				text: () => labels.income,
				textAnchor: 'start',
				dx: 4,
				dy: incomeAbove ? -6 : 8,
				fill: INCOME
			}),
			Plot.text([last], {
				x: 'units',
				y: 'costs',
				text: () => labels.costs,
				textAnchor: 'start',
				dx: 4,
				dy: incomeAbove ? 8 : -6,
				fill: COSTS
			})
		]
	}) as SVGSVGElement;
	return finishSvg(svg, labels.title, labels.description);
}
