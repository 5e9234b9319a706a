import { resolve } from 'node:path';
import ExcelJS from 'exceljs';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadCurriculum } from '../../src/lib/server/curriculum/load-curriculum';
import type { Curriculum } from '../../src/lib/server/curriculum/schema';
import {
	actionPlanXlsx,
	type ActionPlanXlsxInput
} from '../../src/lib/server/workbook/action-plan-xlsx';

let c: Curriculum;
beforeAll(async () => {
	c = await loadCurriculum(resolve('content'));
});

const row = (over: Record<string, string | number>) => ({
	objective: '',
	activity: 'Actividad',
	responsible: 'p1',
	startDate: '2026-03-01',
	endDate: '2026-04-30',
	budget: 0,
	inKind: '',
	indicator: 'Indicador',
	baseline: 'Nada',
	target: 'Meta',
	verification: 'Acta',
	status: 'planned',
	...over
});

const input = (over: Partial<ActionPlanXlsxInput> = {}): ActionPlanXlsxInput => ({
	cooperative: 'Cerro Rico Unificada',
	header: { problem: 'Vendemos mineral sin procesar.', objective: 'Instalar la planta' },
	activities: {
		activities: [
			row({ activity: 'Aprobar el plan', budget: 50_000, startDate: '2026-01-15' }),
			row({
				objective: 'Trabajo seguro',
				activity: 'Curso de seguridad',
				responsible: 'p2',
				budget: 120_050,
				status: 'in-progress'
			}),
			row({ objective: 'instalar la PLANTA', activity: 'Pedir el crédito', budget: 200_000 }),
			row({ objective: 'Trabajo seguro', activity: 'Inscribir en la Caja', responsible: 'gone' })
		]
	},
	crossCutting: { issues: ['osh', 'social-security'], notes: 'No usamos mercurio.' },
	names: new Map([
		['p1', 'Rosa Condori'],
		['p2', 'Juan Mamani']
	]),
	sections: {
		activities: c.section('action-plan.activities')!,
		crossCutting: c.section('action-plan.cross-cutting')!
	},
	...over
});

async function open(buf: Buffer) {
	const wb = new ExcelJS.Workbook();
	await wb.xlsx.load(buf as unknown as ArrayBuffer);
	return wb;
}

/** Row numbers whose first cell reads `text` (exactly or as a prefix). */
function rowsStarting(ws: ExcelJS.Worksheet, text: string): number[] {
	const out: number[] = [];
	ws.eachRow((r, n) => {
		if (String(r.getCell(1).value ?? '').startsWith(text)) out.push(n);
	});
	return out;
}

describe('the Action Plan as a spreadsheet', () => {
	it('lists activities by objective, with SUM subtotals per group and a total of the subtotals', async () => {
		const wb = await open(await actionPlanXlsx(input(), 'es'));
		const ws = wb.getWorksheet('Plan de Acción')!;
		expect(ws.getCell('A1').value).toBe('Plan de Acción — Cerro Rico Unificada');
		expect(ws.getCell('A2').value).toBe('Problema: Vendemos mineral sin procesar.');
		expect(ws.getCell('A3').value).toBe('Objetivo: Instalar la planta');
		expect(ws.getRow(5).values).toEqual([
			undefined,
			'Actividad',
			'Responsable',
			'Fecha de inicio',
			'Fecha de fin',
			'Presupuesto (Bs)',
			'Aporte en especie',
			'Indicador',
			'Línea de base (cómo estamos hoy)',
			'Meta',
			'Medio de verificación',
			'Estado'
		]);
		expect(ws.views[0]).toMatchObject({ state: 'frozen', ySplit: 5 });

		const groups = rowsStarting(ws, 'Objetivo: ').filter((n) => n > 5);
		expect(groups.map((n) => ws.getCell(n, 1).value)).toEqual([
			'Objetivo: Instalar la planta',
			'Objetivo: Trabajo seguro'
		]);
		// The empty objective and "instalar la PLANTA" are the plan's one objective.
		const [g1, g2] = groups as [number, number];
		expect([ws.getCell(g1 + 1, 1).value, ws.getCell(g1 + 2, 1).value]).toEqual([
			'Aprobar el plan',
			'Pedir el crédito'
		]);
		expect([ws.getCell(g2 + 1, 1).value, ws.getCell(g2 + 2, 1).value]).toEqual([
			'Curso de seguridad',
			'Inscribir en la Caja'
		]);

		const subs = rowsStarting(ws, 'Subtotal del objetivo');
		expect(subs).toEqual([g1 + 3, g2 + 3]);
		const budgetOf = (n: number) => ws.getCell(`E${n}`).value;
		expect(budgetOf(subs[0]!)).toEqual({
			formula: `SUM(E${g1 + 1}:E${g1 + 2})`,
			result: 2_500
		});
		expect(budgetOf(subs[1]!)).toEqual({
			formula: `SUM(E${g2 + 1}:E${g2 + 2})`,
			result: 1_200.5
		});
		// Each subtotal's result is the sum of the budget cells its formula adds up.
		for (const s of subs) {
			const f = budgetOf(s) as { formula: string; result: number };
			const [, a, b] = /SUM\(E(\d+):E(\d+)\)/.exec(f.formula)!.map(Number);
			let sum = 0;
			for (let n = a!; n <= b!; n++) sum += Number(ws.getCell(`E${n}`).value ?? 0);
			expect(f.result).toBeCloseTo(sum, 2);
			expect(ws.getCell(`E${s}`).numFmt).toBe('#,##0.00');
		}
		const [total] = rowsStarting(ws, 'Total del plan');
		expect(budgetOf(total!)).toEqual({
			formula: `SUM(E${subs[0]},E${subs[1]})`,
			result: 3_700.5
		});

		// Names, real dates, budgets as numbers in Bs, status in words.
		expect(ws.getCell(g1 + 1, 2).value).toBe('Rosa Condori');
		expect(ws.getCell(g2 + 1, 2).value).toBe('Juan Mamani');
		expect(ws.getCell(g2 + 2, 2).value).toBeNull();
		const start = ws.getCell(g1 + 1, 3).value;
		expect(start).toBeInstanceOf(Date);
		expect((start as Date).toISOString().slice(0, 10)).toBe('2026-01-15');
		expect(ws.getCell(g1 + 1, 4).value).toBeInstanceOf(Date);
		expect(ws.getCell(g1 + 1, 5).value).toBe(500);
		expect(ws.getCell(g1 + 1, 5).numFmt).toBe('#,##0.00');
		expect(ws.getCell(g1 + 1, 8).value).toBe('Nada');
		expect(ws.getCell(g1 + 1, 11).value).toBe('Planificada');
		expect(ws.getCell(g2 + 1, 11).value).toBe('En marcha');
		expect(ws.getCell(g1 + 1, 1).alignment?.wrapText).toBe(true);

		const cc = wb.getWorksheet('Temas transversales')!;
		const ticks = new Map<string, string>();
		cc.eachRow((r, n) => {
			if (n > 3 && r.getCell(2).value)
				ticks.set(String(r.getCell(1).value), String(r.getCell(2).value));
		});
		expect(ticks.get('Seguridad y salud en el trabajo')).toBe('Sí');
		expect(ticks.get('Mercurio')).toBe('No');
		expect(ticks.get('Seguridad social')).toBe('Sí');
		expect(rowsStarting(cc, 'No usamos mercurio.')).toHaveLength(1);
	});

	it('speaks English to an English reader, and says "No objective" when the plan has none', async () => {
		const wb = await open(
			await actionPlanXlsx(
				input({
					header: null,
					activities: { activities: [row({ activity: 'Buy helmets', budget: 10_000 })] }
				}),
				'en'
			)
		);
		const ws = wb.getWorksheet('Action Plan')!;
		expect(ws.getCell('A1').value).toBe('Action Plan — Cerro Rico Unificada');
		expect(ws.getCell('A3').value).toBe('Objective: —');
		expect(ws.getCell('A6').value).toBe('Objective: No objective');
		expect(ws.getCell('A7').value).toBe('Buy helmets');
		expect(ws.getCell('K7').value).toBe('Planned');
		expect(ws.getCell('E5').value).toBe('Budget (Bs)');
		expect(ws.getCell('A8').value).toBe('Subtotal of the objective');
		expect(ws.getCell('E8').value).toEqual({ formula: 'SUM(E7:E7)', result: 100 });
		expect(wb.getWorksheet('Cross-cutting issues')!.getCell('B4').value).toBe('Yes');
	});
});
