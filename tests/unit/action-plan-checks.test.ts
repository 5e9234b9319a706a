import { describe, expect, it } from 'vitest';
import {
	checkActionPlan,
	missingCrossCutting,
	type ActionPlanInput
} from '../../src/lib/domain/plan/action-plan-checks';
import { planCheckText } from '../../src/lib/i18n/plan-checks';
import { overwriteGetLocale } from '../../src/lib/paraglide/runtime';

const row = (over: Record<string, string | number> = {}) => ({
	activity: 'Comprar cascos y botas',
	responsible: 'p1',
	startDate: '2026-03-01',
	endDate: '2026-04-30',
	budget: 500_000,
	indicator: 'Socios con equipo de protección',
	target: '40 socios, 10 mujeres',
	verification: 'Lista firmada',
	status: 'planned',
	...over
});

const clean = (over: Partial<ActionPlanInput> = {}): ActionPlanInput => ({
	activities: [
		row(),
		row({ activity: 'Curso de primeros auxilios', responsible: 'p2', budget: 300_000 })
	],
	activePersonIds: new Set(['p1', 'p2']),
	availableCentavos: 2_000_000,
	crossCutting: {
		issues: ['osh', 'mercury', 'child-labour', 'social-security', 'women'],
		notes: ''
	},
	...over
});

const codes = (input: ActionPlanInput) => checkActionPlan(input).map((p) => `${p.code}@${p.path}`);

describe('checkActionPlan', () => {
	it('finds no problem in a clean plan', () => {
		expect(checkActionPlan(clean())).toEqual([]);
	});

	it('flags an end date before the start date on that row', () => {
		const input = clean({
			activities: [row(), row({ startDate: '2026-05-10', endDate: '2026-05-01' })]
		});
		expect(checkActionPlan(input)).toEqual([
			{
				code: 'end_before_start',
				path: 'activities.1.endDate',
				params: { row: 2, start: '2026-05-10', end: '2026-05-01' }
			}
		]);
	});

	it('accepts an activity of one day', () => {
		expect(codes(clean({ activities: [row({ endDate: '2026-03-01' })] }))).toEqual([]);
	});

	it('flags missing or unreadable dates', () => {
		const input = clean({ activities: [row({ startDate: '', endDate: 'pronto' })] });
		expect(codes(input)).toEqual([
			'missing_start@activities.0.startDate',
			'missing_end@activities.0.endDate'
		]);
	});

	it('flags a budget total above what the financial plan can pay, on the total', () => {
		const [p, ...rest] = checkActionPlan(clean({ availableCentavos: 500_000 }));
		expect(rest).toEqual([]);
		expect(p).toEqual({
			code: 'budget_above_available',
			path: 'activities.budgetTotal',
			params: { total: 800_000, available: 500_000, over: 300_000 }
		});
	});

	it('accepts a total exactly equal to what can be paid, and skips the check without an amount', () => {
		expect(codes(clean({ availableCentavos: 800_000 }))).toEqual([]);
		expect(codes(clean({ availableCentavos: null }))).toEqual([]);
		expect(codes(clean({ availableCentavos: undefined }))).toEqual([]);
	});

	it('flags a responsible person who left the cooperative', () => {
		expect(checkActionPlan(clean({ activePersonIds: new Set(['p1']) }))).toEqual([
			{
				code: 'responsible_left',
				path: 'activities.1.responsible',
				params: { row: 2, personId: 'p2' }
			}
		]);
	});

	it('flags a row with no indicator or no target', () => {
		const input = clean({ activities: [row({ indicator: '  ', target: '' }), row()] });
		expect(codes(input)).toEqual([
			'missing_indicator@activities.0.indicator',
			'missing_target@activities.0.target'
		]);
	});

	it('ignores rows nobody has written in yet', () => {
		const input = clean({ activities: [row(), { activity: '', budget: '' } as never] });
		expect(codes(input)).toEqual([]);
	});

	it('flags cross-cutting commitments neither ticked nor explained', () => {
		const input = clean({ crossCutting: { issues: ['osh', 'women'], notes: '' } });
		expect(checkActionPlan(input)).toEqual([
			{
				code: 'cross_cutting_missing',
				path: 'cross-cutting.issues',
				params: { issues: 'social-security,child-labour,mercury', count: 3 }
			}
		]);
		expect(missingCrossCutting(null)).toHaveLength(5);
	});

	it('accepts unticked commitments when the notes explain them', () => {
		const input = clean({
			crossCutting: { issues: ['osh'], notes: 'No usamos mercurio: somos mineros de estaño.' }
		});
		expect(codes(input)).toEqual([]);
	});
});

describe('planCheckText', () => {
	const problems = checkActionPlan(
		clean({
			activities: [
				row({
					startDate: '2026-05-10',
					endDate: '2026-05-01',
					responsible: 'gone',
					indicator: '',
					target: ''
				}),
				row({ startDate: '', endDate: '' })
			],
			availableCentavos: 600_000,
			crossCutting: { issues: [], notes: '' }
		})
	);

	it('gives every code a sentence in Spanish and English', () => {
		expect(new Set(problems.map((p) => p.code)).size).toBe(8);
		for (const locale of ['es', 'en'] as const) {
			overwriteGetLocale(() => locale);
			for (const p of problems) {
				const text = planCheckText(p, (id) => (id === 'gone' ? 'Juana Quispe' : undefined));
				expect(text).not.toMatch(/undefined|NaN|\{|plancheck_/);
				expect(text.length).toBeGreaterThan(30);
			}
		}
	});

	it('puts the row, the names and the money in the sentence', () => {
		overwriteGetLocale(() => 'es');
		const byCode = (code: string) => {
			const found = problems.find((p) => p.code === code);
			if (!found) throw new Error(`no problem with code ${code}`);
			return found;
		};
		expect(planCheckText(byCode('end_before_start'))).toContain('Actividad 1');
		expect(planCheckText(byCode('responsible_left'), () => 'Juana Quispe')).toContain(
			'Juana Quispe'
		);
		expect(planCheckText(byCode('budget_above_available'))).toContain('Bs 10.000');
		expect(planCheckText(byCode('budget_above_available'))).toContain('Bs 6.000');
		expect(planCheckText(byCode('cross_cutting_missing'))).toContain('mujeres en la dirigencia');
		overwriteGetLocale(() => 'en');
		expect(planCheckText(byCode('budget_above_available'))).toContain('Bs 4,000');
		expect(planCheckText(byCode('cross_cutting_missing'))).toContain('mercury');
	});
});
