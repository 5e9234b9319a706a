import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FINANCE_SECTION_KEY } from '../../src/lib/domain/finance/from-section';
import { getCurriculum } from '../../src/lib/server/curriculum/get-curriculum';
import type { Curriculum } from '../../src/lib/server/curriculum/schema';
import type { Db, DbHandle } from '../../src/lib/server/db/client';
import { getSection } from '../../src/lib/server/workbook/get-section';
import { saveWorkbookSection } from '../../src/lib/server/workbook/save-workbook-section';
import { llallaguaTyped } from '../fixtures/finance-typed';
import { createTestDb } from '../helpers/db';
import { makeTeamWorld } from '../helpers/runs';

let handle: DbHandle;
let db: Db;
let curriculum: Curriculum;
let world: Awaited<ReturnType<typeof makeTeamWorld>>;
const deps = () => ({ db, curriculum });

beforeAll(async () => {
	handle = await createTestDb();
	db = handle.db;
	curriculum = await getCurriculum();
	world = await makeTeamWorld(db, 3);
});
afterAll(() => handle.close());

const save = (values: Record<string, string | string[]>, revision: number) =>
	saveWorkbookSection(deps(), world.actors[0]!, {
		teamId: world.team.id,
		sectionKey: FINANCE_SECTION_KEY,
		values,
		revision: String(revision),
		clientId: randomUUID()
	});

describe('the financial plan page works the model out on what the team saved', () => {
	it('shows nothing to work out before the team enters figures, and no figures on other sections', async () => {
		const empty = await getSection(
			deps(),
			world.actors[0]!,
			world.team.id,
			FINANCE_SECTION_KEY,
			'es'
		);
		expect(empty.finance).toBeNull();
		const other = await getSection(
			deps(),
			world.actors[0]!,
			world.team.id,
			'action-plan.header',
			'es'
		);
		expect(other.finance).toBeUndefined();
		const decision = await getSection(
			deps(),
			world.actors[0]!,
			world.team.id,
			'feasibility.decision',
			'es'
		);
		expect(decision.financeSummary).toBeNull();
	});

	it('says in plain words what blocks the figures, in the reader’s language', async () => {
		expect(
			await save(
				{
					'f.investments.0.item': 'Jig',
					'f.investments.0.amount': '240000',
					'f.fixedCosts.0.item': 'Sueldos',
					'f.fixedCosts.0.amountPerMonth': '14800',
					'f.breakEven': 'Todavía no sabemos.'
				},
				0
			)
		).toEqual({ status: 'saved', revision: 1 });
		const es = await getSection(deps(), world.actors[0]!, world.team.id, FINANCE_SECTION_KEY, 'es');
		expect(es.finance?.problems).toContainEqual({
			severity: 'error',
			text: expect.stringMatching(/venta/i)
		});
		expect(es.finance?.cashChart).toBeNull();
		const en = await getSection(deps(), world.lead, world.team.id, FINANCE_SECTION_KEY, 'en');
		expect(en.finance?.problems[0]?.text).toMatch(/sell|sale/i);
		const decision = await getSection(
			deps(),
			world.lead,
			world.team.id,
			'feasibility.decision',
			'en'
		);
		expect(decision.financeSummary).toMatchObject({
			blocking: [expect.stringMatching(/sell|sale/i)]
		});
	});

	it('works out the Llallagua tin plant from the typed form: funding, loan, break-even, NPV and chart', async () => {
		expect(await save(llallaguaTyped, 1)).toEqual({ status: 'saved', revision: 2 });
		const page = await getSection(
			deps(),
			world.facilitator,
			world.team.id,
			FINANCE_SECTION_KEY,
			'es'
		);
		const f = page.finance!;
		expect(f.problems.filter((p) => p.severity === 'error')).toEqual([]);
		expect(f.result.totals).toMatchObject({
			required: 80_000_000,
			funding: 80_700_000,
			balance: 700_000
		});
		expect(f.result.loan.payment).toBe(1_428_497);
		expect(f.result.cashflow).toHaveLength(12);
		// The climb 25-50-75-100 % from month 4 sells less in year 1 than the example's 40-60-80.
		expect(f.result.cashflow.slice(0, 3).every((c) => c.inflows.sales === 0)).toBe(true);
		expect(f.result.cashflow[3]!.inflows.sales).toBeGreaterThan(0);
		expect(f.result.breakEven.units).toBeCloseTo(1.12, 2);
		expect(f.capacityUnits).toBe(2.4);
		expect(f.breakEvenPercent).toBeCloseTo(46.7, 1);
		expect(f.result.npv).toBeGreaterThan(0);
		expect(f.result.irr).toBeGreaterThan(0.3);
		// That slower climb leaves the cash below zero in months 4 and 5 and year 1 at a loss:
		// warnings beside the figures, and no surplus to share out.
		expect(f.result.problems.map((p) => p.code)).toEqual(['cash_negative', 'no_surplus']);
		expect(f.problems[0]).toEqual({ severity: 'warning', text: expect.stringContaining('4, 5') });
		expect(f.result.distribution).toBeNull();
		expect(f.result.incomeStatement[1]!.netSurplus).toBeGreaterThan(0);
		expect(f.cashChart).toMatch(/^<svg[\s\S]*<title>Saldo de caja al final de cada mes<\/title>/);
		expect(f.breakEvenChart).toMatch(/^<svg[\s\S]*<title>Ingresos y costos de un mes<\/title>/);
		// At full capacity a month leaves what each unit leaves times the units past break-even.
		const full = f.breakEvenPoints.at(-1)!;
		expect(full.units).toBe(2.4);
		const margin = (full.income - full.costs) / (full.units - f.result.breakEven.units!);
		const first = f.breakEvenPoints[0]!;
		expect(first).toMatchObject({ units: 0, income: 0 });
		// (break-even is kept to two decimals: within 1 %)
		expect(Math.abs(margin * f.result.breakEven.units! - first.costs) / first.costs).toBeLessThan(
			0.01
		);
	});

	it('shows its headline figures where the feasibility study judges the finances, from the same model', async () => {
		for (const key of ['feasibility.finances', 'feasibility.decision']) {
			const page = await getSection(deps(), world.lead, world.team.id, key, 'es');
			const s = page.financeSummary!;
			const full = (await getSection(deps(), world.lead, world.team.id, FINANCE_SECTION_KEY, 'es'))
				.finance!;
			expect(s).toEqual({
				balance: 700_000,
				npv: full.result.npv,
				irr: full.result.irr,
				paybackMonths: full.result.paybackMonths,
				breakEvenPercent: full.breakEvenPercent,
				discountRatePercent: full.discountRatePercent,
				// The slow climb leaves months 4 and 5 below zero: the first is named.
				firstMonthBelowZero: 4,
				blocking: [],
				warnings: 2
			});
		}
		const market = await getSection(deps(), world.lead, world.team.id, 'feasibility.market', 'es');
		expect(market.financeSummary).toBeUndefined();
	});

	it('is not shown to someone outside the team’s scope', async () => {
		const outsider = await makeTeamWorld(db, 1);
		await expect(
			getSection(deps(), outsider.actors[0]!, world.team.id, FINANCE_SECTION_KEY, 'es')
		).rejects.toMatchObject({ code: 'forbidden' });
	});
});
