import { describe, expect, it } from 'vitest';
import { breakEvenChart, breakEvenPoints } from '../../src/lib/server/charts/break-even-chart';

const labels = {
	locale: 'es' as const,
	title: 'Ingresos y costos de un mes',
	description: 'Ingresos y costos de un mes según la cantidad vendida.',
	income: 'Ingresos',
	costs: 'Costos',
	breakEven: 'Equilibrio',
	capacity: 'Plena marcha',
	unit: 't'
};
const texts = (svg: string) => [...svg.matchAll(/<text[^>]*>([^<]*)<\/text>/g)].map((t) => t[1]);
// 30 t a month at most; each tonne leaves Bs 5.000 after deductions and costs Bs 2.000 to make;
// Bs 60.000 of fixed costs a month: break-even at 20 t.
const plant = {
	netPricePerUnit: 500_000,
	variableCostPerUnit: 200_000,
	fixedPerMonth: 6_000_000,
	capacityUnits: 30,
	breakEvenUnits: 20
};

describe('the break-even chart', () => {
	it('gives income and costs at 0, ¼, ½, ¾ and full capacity, losing below break-even and gaining above', () => {
		const points = breakEvenPoints(plant);
		expect(points.map((p) => p.units)).toEqual([0, 7.5, 15, 22.5, 30]);
		expect(points[0]).toEqual({ units: 0, income: 0, costs: 6_000_000 });
		expect(points[4]).toEqual({ units: 30, income: 15_000_000, costs: 12_000_000 });
		const results = points.map((p) => p.income - p.costs);
		expect(results.slice(0, 3).every((r) => r < 0)).toBe(true);
		expect(results.slice(3).every((r) => r > 0)).toBe(true);
	});

	it('names both lines, break-even and full capacity in words, and draws costs dashed', () => {
		const svg = breakEvenChart(plant, labels);
		expect(svg).toMatch(/^<svg xmlns="http:\/\/www.w3.org\/2000\/svg" role="img"/);
		expect(svg).toContain('<title>Ingresos y costos de un mes</title>');
		expect(texts(svg)).toEqual(
			expect.arrayContaining(['Ingresos', 'Costos', 'Equilibrio', 'Plena marcha', 't'])
		);
		expect(texts(svg)).toEqual(expect.arrayContaining(['Bs 0', 'Bs 150.000']));
		expect(svg).toMatch(/stroke-dasharray="6,4"/);
		expect(svg).not.toMatch(/="[^"]*\d\.\d{2,}/);
	});

	it('marks no break-even when income never meets costs, and reaches past a break-even beyond capacity', () => {
		const none = breakEvenChart({ ...plant, breakEvenUnits: null }, labels);
		expect(texts(none)).not.toContain('Equilibrio');
		expect(texts(none)).toContain('Plena marcha');
		const beyond = breakEvenChart(
			{ ...plant, fixedPerMonth: 12_000_000, breakEvenUnits: 40 },
			labels
		);
		// The axis runs to 48 t (40 × 1.2), so the crossing is on the chart.
		expect(texts(beyond)).toEqual(expect.arrayContaining(['Equilibrio', '40']));
	});
});
