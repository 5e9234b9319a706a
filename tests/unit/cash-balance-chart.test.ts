import { describe, expect, it } from 'vitest';
import { cashBalanceChart } from '../../src/lib/server/charts/cash-balance-chart';

const labels = (locale: 'es' | 'en') => ({
	locale,
	title: 'Saldo de caja al final de cada mes',
	description: 'Saldo al cierre de cada mes del año 1, en bolivianos.',
	belowZero: 'Mes con saldo negativo'
});
const texts = (svg: string) => [...svg.matchAll(/<text[^>]*>([^<]*)<\/text>/g)].map((t) => t[1]);

describe('the cash balance chart', () => {
	it('labels the axis in whole bolivianos as written in Bolivia, thousands marks intact', () => {
		const svg = cashBalanceChart({
			months: [1, 2, 3].map((i) => ({ label: String(i), closing: i * 40_000_000 })),
			labels: labels('es')
		});
		expect(svg).toMatch(/^<svg xmlns="http:\/\/www.w3.org\/2000\/svg" role="img"/);
		expect(svg).toContain('<title>Saldo de caja al final de cada mes</title>');
		expect(texts(svg)).toEqual(expect.arrayContaining(['Bs 0', 'Bs 400.000', 'Bs 1.200.000']));
		// Coordinates are rounded to one decimal to keep the page light.
		expect(svg).not.toMatch(/="[^"]*\d\.\d{2,}/);
	});

	it('marks a month below zero by a cross and a legend as well as colour, and says so in words', () => {
		const svg = cashBalanceChart({
			months: [
				{ label: '1', closing: 5_000_00 },
				{ label: '2', closing: -1_250_00 }
			],
			labels: labels('en')
		});
		expect(texts(svg)).toContain('Mes con saldo negativo');
		expect(svg).toContain('Mes con saldo negativo: 2 (Bs −1,250).');
		expect(svg).toContain('#c0392b');
	});
});
