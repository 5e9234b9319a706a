import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import {
	FINANCE_SECTION_KEY,
	financeInputFromSection,
	hasFinanceInputs,
	rampFromStart
} from '../../src/lib/domain/finance/from-section';
import { financeInputFromJson } from '../../src/lib/domain/finance/json-input';
import { computeFinance } from '../../src/lib/domain/finance/model';
import { parseValues } from '../../src/lib/domain/workbook-values';
import { loadCurriculum } from '../../src/lib/server/curriculum/load-curriculum';
import type { Curriculum } from '../../src/lib/server/curriculum/schema';
import { llallaguaTyped as typed } from '../fixtures/finance-typed';

let c: Curriculum;
beforeAll(async () => {
	c = await loadCurriculum(resolve('content'));
});

describe('rampFromStart', () => {
	it('sells nothing before the start month, then climbs in equal steps to full capacity', () => {
		expect(rampFromStart(4, 4)).toEqual([0, 0, 0, 25, 50, 75, 100, 100, 100, 100, 100, 100]);
		expect(rampFromStart(1, 3)).toEqual([
			33.33, 66.67, 100, 100, 100, 100, 100, 100, 100, 100, 100, 100
		]);
	});
	it('treats a missing or odd start and ramp as full capacity from the first month', () => {
		expect(rampFromStart(0, 0)).toEqual(Array(12).fill(100));
		expect(rampFromStart(-3, -1)).toEqual(Array(12).fill(100));
		expect(rampFromStart(13, 1)).toEqual(Array(12).fill(0));
		expect(rampFromStart(99, 1)).toEqual(Array(12).fill(0));
	});
});

describe('financeInputFromSection', () => {
	it('reads what the workbook form saves into the same model the JSON example builds', () => {
		const fields = c.section(FINANCE_SECTION_KEY)!.fields;
		const parsed = parseValues(fields, typed, { personIds: [] });
		expect(parsed.ok).toBe(true);
		if (!parsed.ok) return;
		const fromForm = financeInputFromSection(parsed.data);

		const json = JSON.parse(readFileSync(resolve('docs/finance-example.json'), 'utf8'));
		json.rampUpPercent = [0, 0, 0, 25, 50, 75, 100, 100, 100, 100, 100, 100];
		const fromJson = financeInputFromJson(json);
		expect(fromJson.ok).toBe(true);
		if (!fromJson.ok) return;
		expect(fromForm).toEqual(fromJson.input);

		const r = computeFinance(fromForm);
		expect(r.problems.filter((p) => p.severity === 'error')).toEqual([]);
		expect(r.totals.required).toBe(80_000_000);
		expect(r.totals.funding).toBe(80_700_000);
		expect(r.loan.payment).toBe(1_428_497);
	});

	it('leaves the discount rate at 12 % and an unnamed row with its number when they are empty', () => {
		const input = financeInputFromSection({
			investments: [{ amount: 100_00 }],
			products: [{ unitsPerMonth: 2, price: 50_00 }]
		});
		expect(input.discountRatePercent).toBe(12);
		expect(input.investments[0]).toEqual({
			item: '#1',
			amount: 100_00,
			month: 1,
			usefulLifeYears: 0
		});
		expect(input.products[0]).toMatchObject({ name: '#1', kind: 'unit', unitPrice: 50_00 });
		expect(input.rampUpPercent).toEqual(Array(12).fill(100));
	});

	it('ignores values of the wrong shape rather than failing', () => {
		const input = financeInputFromSection({
			investments: 'x' as never,
			workingCapital: 'abc',
			loans: [null as never, { principal: 'lots' }]
		});
		expect(input.investments).toEqual([]);
		expect(input.workingCapital).toBe(0);
		expect(input.loans).toEqual([
			{ lender: '#1', principal: 0, annualRatePercent: 0, termMonths: 0, graceMonths: 0 }
		]);
	});

	it('knows when the team has entered nothing the model can use', () => {
		expect(hasFinanceInputs(null)).toBe(false);
		expect(hasFinanceInputs({ breakEven: 'todavía no' })).toBe(false);
		expect(hasFinanceInputs({ fixedCosts: [{ item: 'Sueldos', amountPerMonth: 1 }] })).toBe(true);
	});
});
