import { describe, expect, it } from 'vitest';
import { groupActivities, objectiveKey } from '../../src/lib/domain/plan/action-plan-groups';

const row = (activity: string, objective: string, budget: number | string = 0) => ({
	objective,
	activity,
	budget
});

describe('Action Plan activities grouped by objective', () => {
	it('groups in the order objectives first appear, each with the sum of its budgets', () => {
		const groups = groupActivities(
			[
				row('Comprar la chancadora', 'Instalar la planta', 5_000_000),
				row('Curso de seguridad', 'Trabajo seguro', 30_000),
				row('Conectar la luz', 'Instalar la planta', 1_250_050),
				row('Inscribir en la Caja', 'Trabajo seguro', 120_000)
			],
			'',
			'Sin objetivo'
		);
		expect(groups.map((g) => g.objective)).toEqual(['Instalar la planta', 'Trabajo seguro']);
		expect(groups.map((g) => g.rows.map((r) => r.activity))).toEqual([
			['Comprar la chancadora', 'Conectar la luz'],
			['Curso de seguridad', 'Inscribir en la Caja']
		]);
		expect(groups.map((g) => g.subtotal)).toEqual([6_250_050, 150_000]);
	});

	it('matches objectives written with other spaces, capitals or accents, and shows the first spelling', () => {
		const groups = groupActivities(
			[
				row('A', '  Trabajo  seguro con seguro social ', 100),
				row('B', 'trabajo seguro con SEGURO SOCIAL', 200),
				row('C', 'Trábajo seguro con seguro social', 300)
			],
			'',
			'Sin objetivo'
		);
		expect(groups).toHaveLength(1);
		expect(groups[0]!.objective).toBe('Trabajo  seguro con seguro social');
		expect(groups[0]!.subtotal).toBe(600);
		expect(objectiveKey('  Planta  de FLOTACIÓN ')).toBe(objectiveKey('planta de flotacion'));
	});

	it("puts rows without an objective under the plan's objective, the same group as rows that name it", () => {
		const groups = groupActivities(
			[row('A', '', 100), row('B', 'Otra meta', 50), row('C', 'mejorar la venta del zinc', 10)],
			' Mejorar la venta del zinc ',
			'Sin objetivo'
		);
		expect(groups.map((g) => [g.objective, g.rows.length, g.subtotal])).toEqual([
			['Mejorar la venta del zinc', 2, 110],
			['Otra meta', 1, 50]
		]);
	});

	it('uses the word for "no objective" when the plan has none written, and leaves blank rows out', () => {
		const groups = groupActivities(
			[
				row('A', '', 100),
				{ objective: '', activity: '  ', budget: '' },
				row('B', '', 'not a number')
			],
			'   ',
			'No objective'
		);
		expect(groups).toEqual([
			{
				objective: 'No objective',
				rows: [row('A', '', 100), row('B', '', 'not a number')],
				subtotal: 100
			}
		]);
		expect(groupActivities([], 'x', 'y')).toEqual([]);
	});
});
