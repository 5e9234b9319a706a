import * as Plot from '@observablehq/plot';
import { axisBs, chartDocument, finishSvg, type ChartLocale } from './svg';

export interface CashBalanceLabels {
	locale: ChartLocale;
	/** "Saldo de caja al final de cada mes". */
	title: string;
	/** What the chart shows, read by screen readers: "Saldo al cierre de cada mes del año 1, en bolivianos." */
	description: string;
	/** Legend for the months below zero: "Mes con saldo negativo". */
	belowZero: string;
}

export interface CashBalanceInput {
	/** 12 months in order; `closing` in centavos. */
	months: readonly { label: string; closing: number }[];
	labels: CashBalanceLabels;
}

const POSITIVE = '#2f6f9f';
const NEGATIVE = '#c0392b';

/**
 * Closing cash balance per month as bars. A month below zero is red AND carries a cross at the
 * end of its bar, and the legend says so, so it is not told by colour alone (nor lost in grey print).
 */
export function cashBalanceChart({ months, labels }: CashBalanceInput): string {
	const { locale } = labels;
	const data = months.map((m, i) => ({
		i,
		label: m.label,
		bs: m.closing / 100,
		low: m.closing < 0
	}));
	const low = data.filter((d) => d.low);
	const svg = Plot.plot({
		document: chartDocument(),
		width: 360,
		height: 240,
		marginLeft: 70,
		marginTop: low.length ? 28 : 16,
		marginBottom: 28,
		style: { fontFamily: 'Roboto, sans-serif', fontSize: '10px' },
		x: { type: 'band', domain: data.map((d) => d.label), label: null, tickSize: 0, padding: 0.2 },
		y: {
			label: null,
			grid: true,
			ticks: 5,
			tickFormat: (v: number) => axisBs(v, locale),
			nice: true
		},
		marks: [
			Plot.barY(data, { x: 'label', y: 'bs', fill: (d) => (d.low ? NEGATIVE : POSITIVE) }),
			Plot.dot(low, {
				x: 'label',
				y: 'bs',
				symbol: 'times',
				r: 3.5,
				stroke: '#fff',
				strokeWidth: 1.5,
				dy: 4
			}),
			Plot.ruleY([0], { stroke: '#222' }),
			...(low.length
				? [
						Plot.dot([0], {
							frameAnchor: 'top-left',
							dx: 6,
							dy: -14,
							symbol: 'square',
							r: 5,
							fill: NEGATIVE
						}),
						Plot.dot([0], {
							frameAnchor: 'top-left',
							dx: 6,
							dy: -14,
							symbol: 'times',
							r: 3,
							stroke: '#fff',
							strokeWidth: 1.5
						}),
						Plot.text([labels.belowZero], {
							frameAnchor: 'top-left',
							dx: 16,
							dy: -14,
							textAnchor: 'start'
						})
					]
				: [])
		]
	}) as SVGSVGElement;
	const lowText = low.length
		? ` ${labels.belowZero}: ${low.map((d) => `${d.label} (${axisBs(d.bs, locale)})`).join(', ')}.`
		: '';
	return finishSvg(svg, labels.title, labels.description + lowText);
}
