import * as Plot from '@observablehq/plot';
import { axisNumber, chartDocument, finishSvg, type ChartLocale } from './svg';

export interface ReportBarLabels {
	locale: ChartLocale;
	title: string;
	/** What the chart shows, read by screen readers; the figures follow it. */
	description: string;
}

export interface ReportBarInput {
	/** Groups top to bottom (women, men; or federations), each with one bar per series. */
	groups: readonly { label: string; values: readonly number[] }[];
	/** The series' names in order (enrolled, completed), written beside each bar. */
	series: readonly string[];
	labels: ReportBarLabels;
}

const COLOURS = ['#2f6f9f', '#b45309', '#047857'];

/**
 * Horizontal bars, one row per group and series. Each bar is named in words on its row and
 * carries its number at its end, so nothing is told by colour alone; the description lists every
 * figure, and the page shows the same numbers in a table beside the chart.
 */
export function reportBarChart({ groups, series, labels }: ReportBarInput): string {
	const { locale } = labels;
	const data = groups.flatMap((g, gi) =>
		series.map((s, si) => ({
			row: `${gi}:${si}`,
			name: si === 0 ? `${g.label} · ${s}` : s,
			value: g.values[si] ?? 0,
			si
		}))
	);
	const rows = data.map((d) => d.row);
	const names = new Map(data.map((d) => [d.row, d.name]));
	const max = Math.max(1, ...data.map((d) => d.value));
	const svg = Plot.plot({
		document: chartDocument(),
		width: 360,
		height: 24 + data.length * 22,
		marginLeft: 150,
		marginRight: 36,
		marginTop: 8,
		marginBottom: 20,
		style: { fontFamily: 'Roboto, sans-serif', fontSize: '11px' },
		x: {
			domain: [0, max],
			label: null,
			ticks: Math.min(4, max),
			tickFormat: (v: number) => axisNumber(v, locale),
			grid: true
		},
		y: {
			domain: rows,
			label: null,
			tickSize: 0,
			padding: 0.2,
			tickFormat: (r: string) => names.get(r) ?? ''
		},
		marks: [
			Plot.barX(data, { x: 'value', y: 'row', fill: (d) => COLOURS[d.si % COLOURS.length] }),
			Plot.text(data, {
				x: 'value',
				y: 'row',
				text: (d) => axisNumber(d.value, locale),
				textAnchor: 'start',
				dx: 4
			}),
			Plot.ruleX([0], { stroke: '#222' })
		]
	}) as SVGSVGElement;
	const figures = groups
		.map(
			(g) =>
				`${g.label}: ${series.map((s, i) => `${s} ${axisNumber(g.values[i] ?? 0, locale)}`).join(', ')}`
		)
		.join('; ');
	return finishSvg(svg, labels.title, `${labels.description} ${figures}.`);
}
