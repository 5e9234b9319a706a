// `npm run -s minka -- finance FILE.json --json`, run as a script would, on the documented
// example; each figure is checked against arithmetic done here, not against the model's own code.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cliRunner } from '../helpers/cli';
import { afterAll, describe, expect, it } from 'vitest';

const dir = mkdtempSync(join(tmpdir(), 'minka-finance-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const minka = cliRunner();

interface Out {
	currency: string;
	loan: { payment: number };
	cashflow: {
		month: number;
		opening: number;
		closing: number;
		negative: boolean;
		inflows: { total: number };
		outflows: { total: number };
	}[];
	breakEven: { units: number; bs: number };
	projectFlows: number[];
	npv: number;
	irr: number;
	paybackMonths: number;
	sensitivity: { variable: string; changePercent: number; npv: number | null }[];
	problems: { code: string; severity: string; message: string }[];
}

describe('minka finance', { timeout: 400_000 }, () => {
	it('computes the Llallagua example: loan, cash flow, break-even, NPV, IRR, sensitivity', async () => {
		const r = await minka('finance', 'docs/finance-example.json', '--json');
		expect(r.stderr).toBe('');
		expect(r.code).toBe(0);
		const out = JSON.parse(r.stdout) as Out;
		expect(out.currency).toBe('BOB');

		// Bs 600.000 at 11,5 % a year, 60 months of which 6 of grace: 54 French instalments.
		const i = 0.115 / 12;
		const pmt = (600_000 * i) / (1 - (1 + i) ** -54);
		expect(out.loan.payment).toBeCloseTo(pmt, 2);

		expect(out.cashflow).toHaveLength(12);
		expect(out.cashflow[0]!.opening).toBe(0);
		for (const [n, m] of out.cashflow.entries()) {
			expect(m.month).toBe(n + 1);
			expect(m.closing).toBeCloseTo(m.opening + m.inflows.total - m.outflows.total, 2);
			if (n > 0) expect(m.opening).toBe(out.cashflow[n - 1]!.closing);
			expect(m.negative).toBe(m.closing < 0);
		}

		// 42 % × US$ 30.000 × 6,96 = Bs 87.696 a tonne; 8,8 % withheld; Bs 52.000 variable cost.
		const margin = 87_696 * (1 - 0.088) - 52_000;
		const fixed = 14_800 + 3_100 + 5_200 + 2_600 + 4_500 + 1_200;
		expect(out.breakEven.units).toBeCloseTo(fixed / margin, 2);
		expect(out.breakEven.bs).toBeCloseTo((fixed / margin) * 87_696, -1);

		// Year 0 is minus the investments and working capital; NPV at 12 %, year 0 undiscounted.
		expect(out.projectFlows).toHaveLength(6);
		expect(out.projectFlows[0]).toBe(
			-(185_000 + 240_000 + 135_000 + 78_000 + 24_000 + 18_000 + 120_000)
		);
		const npvAt = (rate: number) =>
			out.projectFlows.reduce((acc, f, year) => acc + f / (1 + rate) ** year, 0);
		expect(out.npv).toBeCloseTo(npvAt(0.12), 1);
		expect(out.npv).toBeGreaterThan(0);
		expect(Math.abs(npvAt(out.irr))).toBeLessThan(1);
		expect(out.irr).toBeGreaterThan(0.12);

		// Payback: the cumulated flows turn positive within the five years, after year 1.
		expect(out.paybackMonths).toBeGreaterThan(12);
		expect(out.paybackMonths).toBeLessThanOrEqual(60);

		expect(out.sensitivity).toHaveLength(12);
		const npvOf = (variable: string, change: number) =>
			out.sensitivity.find((s) => s.variable === variable && s.changePercent === change)!.npv!;
		expect(npvOf('price', -20)).toBeLessThan(npvOf('price', -10));
		expect(npvOf('price', -10)).toBeLessThan(out.npv);
		expect(npvOf('price', 10)).toBeGreaterThan(out.npv);
		expect(npvOf('variableCost', 10)).toBeLessThan(out.npv);
		expect(npvOf('volume', 20)).toBeGreaterThan(npvOf('volume', 10));
		expect(out.problems.filter((p) => p.severity === 'error')).toEqual([]);
	});

	it('explains impossible input in plain words, without NaN or Infinity', async () => {
		const file = join(dir, 'bad.json');
		writeFileSync(
			file,
			JSON.stringify({
				products: [{ name: 'Plata', unitsPerMonth: 0, unitPrice: 10 }],
				loans: [
					{ lender: 'Cooperativa de ahorro', principal: 1000, annualRatePercent: 9, termMonths: -6 }
				]
			})
		);
		const r = await minka('finance', file, '--json', '--lang', 'es');
		expect(r.code).toBe(1);
		expect(r.stdout).not.toMatch(/NaN|Infinity/);
		const out = JSON.parse(r.stdout) as Out;
		expect(out.npv).toBeNull();
		expect(out.problems.map((p) => p.code).sort()).toEqual(['loan_term', 'no_sales']);
		expect(out.problems.find((p) => p.code === 'loan_term')!.message).toContain(
			'Préstamo Cooperativa de ahorro: el plazo debe ser un número entero de meses'
		);
	});

	it('refuses a file that is not the format, naming the key', async () => {
		const typo = join(dir, 'typo.json');
		writeFileSync(typo, JSON.stringify({ products: [], workingCapitol: 5 }));
		const r = await minka('finance', typo, '--json');
		expect(r.code).toBe(1);
		expect(r.stdout).toBe('');
		expect(r.stderr).toContain('workingCapitol');

		const broken = join(dir, 'broken.json');
		writeFileSync(broken, '{"products": [');
		const b = await minka('finance', broken);
		expect(b.code).toBe(1);
		expect(b.stderr).toMatch(/^Cannot read the model's inputs/);

		const big = join(dir, 'big.json');
		writeFileSync(big, `{"about": "${'x'.repeat(1024 * 1024)}"}`);
		const g = await minka('finance', big);
		expect(g.code).toBe(1);
		expect(g.stderr).toContain('at most 1048576');
	});
});
