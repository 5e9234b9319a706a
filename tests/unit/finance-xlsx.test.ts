import { describe, expect, it } from 'vitest';
import { financeInputFromSection } from '../../src/lib/domain/finance/from-section';
import { computeFinance } from '../../src/lib/domain/finance/model';
import type { FinanceInput } from '../../src/lib/domain/finance/types';
import type { SectionData } from '../../src/lib/domain/workbook-values';
import { demoFinancialPlan } from '../../src/lib/server/db/seed-demo-finance';
import { financeXlsx } from '../../src/lib/server/workbook/finance-xlsx';
import { openSheetFormulas } from '../helpers/xlsx-eval';

const input = financeInputFromSection(demoFinancialPlan() as SectionData);

async function sheet(i: FinanceInput, locale: 'es' | 'en' = 'es') {
	return openSheetFormulas(await financeXlsx(i, locale, 'Plan financiero — Cerro Rico'));
}

describe('the financial model as a spreadsheet with live formulas', () => {
	it("gives the same figures as Minka's model, to the centavos each line is rounded to", async () => {
		const r = computeFinance(input);
		const x = await sheet(input);
		const res = 'Resultados';
		const num = (label: string) => Number(x.get(res, x.find(res, label)));
		expect(num('Hace falta')).toBeCloseTo(r.totals.required / 100, 2);
		expect(num('Tenemos')).toBeCloseTo(r.totals.funding / 100, 2);
		expect(num('Cuotas de cada mes de todos los préstamos')).toBeCloseTo(r.loan.payment / 100, 1);
		expect(num('Cantidad mínima que deben vender cada mes')).toBeCloseTo(r.breakEven.units!, 1);
		expect(Math.abs(num('Ventas mínimas de cada mes') - r.breakEven.bs! / 100)).toBeLessThan(5);
		expect(Math.abs(num('Valor actual neto (VAN) en 5 años, al 12 %') - r.npv! / 100)).toBeLessThan(
			50
		);
		expect(num('Tasa interna de retorno (TIR)')).toBeCloseTo(r.irr!, 3);
		expect(
			Math.abs(num('Saldo de caja al final del mes 12') - r.cashflow[11]!.closing / 100)
		).toBeLessThan(50);
		// The inputs are values to change, the results formulas.
		const inputs = x.workbook.getWorksheet('Datos')!;
		expect(typeof inputs.getCell(x.find('Datos', 'Capital de trabajo')).value).toBe('number');
		const npvCell = x.workbook
			.getWorksheet(res)!
			.getCell(x.find(res, 'Tasa interna de retorno (TIR)'));
		expect(npvCell.value).toMatchObject({ formula: expect.stringMatching(/^IRR\(/) });
	});

	it('recomputes when an analyst changes an input: a lower zinc price lowers the NPV as the model says', async () => {
		const x = await sheet(input);
		const res = 'Resultados';
		const npvAt = () =>
			Number(x.get(res, x.find(res, 'Valor actual neto (VAN) en 5 años, al 12 %')));
		const before = npvAt();
		// The zinc price sits in column F of the products' first row.
		const productRow = Number(x.find('Datos', 'Concentrado de zinc').slice(1));
		x.set('Datos', `F${productRow}`, 2_240);
		const lower = computeFinance({
			...input,
			products: input.products.map((p) => ({ ...p, finePriceUsd: 2_240 }))
		});
		expect(npvAt()).toBeLessThan(before);
		expect(Math.abs(npvAt() - lower.npv! / 100)).toBeLessThan(50);
	});

	it('speaks English to an English reader', async () => {
		const x = await sheet(input, 'en');
		expect(x.workbook.worksheets.map((w) => w.name)).toEqual([
			'Inputs',
			'Cash 12 months',
			'5 years',
			'Results'
		]);
		expect(
			Number(x.get('Results', x.find('Results', 'Monthly instalments of all loans')))
		).toBeGreaterThan(0);
	});
});
