// The report packs on the small world of the indicator tests: the workbook and the PDF hold the
// numbers getIndicators gives for the same actor and filters, the open-data CSV names nobody and
// hides small cells, and a focal point's packs hold their federation only.
import { writeFileSync } from 'node:fs';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ReportFilters } from '../../src/lib/domain/reports/filters';
import type { Indicators } from '../../src/lib/domain/reports/indicators';
import type { Actor } from '../../src/lib/server/access/guard';
import { getCurriculum } from '../../src/lib/server/curriculum/get-curriculum';
import type { Curriculum } from '../../src/lib/server/curriculum/schema';
import type { DbHandle } from '../../src/lib/server/db/client';
import { liveAttendance, liveSession, person } from '../../src/lib/server/db/schema';
import { isAppError } from '../../src/lib/server/errors';
import { getIndicators } from '../../src/lib/server/reports/get-indicators';
import { getPublicCsv } from '../../src/lib/server/reports/get-public-csv';
import { getReportPack } from '../../src/lib/server/reports/get-report-pack';
import { renderReportPdf } from '../../src/lib/server/reports/report-pdf';
import { renderReportXlsx } from '../../src/lib/server/reports/report-xlsx';
import { makeActor } from '../factories/org';
import { pdfText } from '../helpers/pdf-text';
import { createTestDb } from '../helpers/db';
import { buildReportWorld, reportNow as now, type ReportWorld } from '../helpers/report-world';

let h: DbHandle;
let curriculum: Curriculum;
let w: ReportWorld;
let coordinator: Actor;
let focal: Actor;
const generatedAt = new Date('2026-10-16T15:00:00Z');

beforeAll(async () => {
	h = await createTestDb();
	curriculum = await getCurriculum();
	w = await buildReportWorld(h.db);
	coordinator = await makeActor(h.db, 'coordinator');
	focal = await makeActor(h.db, 'federation_focal_point', { federationId: w.fedA.id });
	// One live session held in cohort 1, two of its members present.
	const [live] = await h.db
		.insert(liveSession)
		.values({
			cohortId: w.c1.id,
			clientId: crypto.randomUUID(),
			title: 'Preguntas',
			startsAt: new Date('2026-10-10T23:00:00Z'),
			durationMinutes: 60,
			meetingUrl: 'https://meet.example.org/p'
		})
		.returning();
	await h.db.insert(liveAttendance).values([
		{ sessionId: live!.id, personId: w.a1.id },
		{ sessionId: live!.id, personId: w.a2.id }
	]);
}, 120_000);
afterAll(async () => h?.close());

const deps = () => ({ db: h.db, curriculum });
const indicators = (actor: Actor, filters: ReportFilters = {}) =>
	getIndicators(deps(), actor, filters, { now });
const pack = (actor: Actor | null, filters: ReportFilters = {}, locale: 'es' | 'en' = 'es') =>
	getReportPack(deps(), actor, filters, locale, generatedAt, { now });
const csv = (actor: Actor | null, filters: ReportFilters = {}) =>
	getPublicCsv(deps(), actor, filters, { now });

async function xlsx(actor: Actor, filters: ReportFilters = {}, locale: 'es' | 'en' = 'es') {
	const wb = new ExcelJS.Workbook();
	await wb.xlsx.load(
		(await renderReportXlsx(await pack(actor, filters, locale))) as unknown as ArrayBuffer
	);
	return wb;
}

/** A sheet's rows below its title and header: first cell → the other cells. */
function sheetRows(ws: ExcelJS.Worksheet): Record<string, unknown[]> {
	const out: Record<string, unknown[]> = {};
	ws.eachRow((row, n) => {
		if (n <= 2) return;
		const values = (row.values as unknown[]).slice(1);
		out[String(values[0])] = values.slice(1);
	});
	return out;
}

/** The CSV's data rows as "indicator|course|breakdown|group" → people. */
function csvCells(text: string): Map<string, string> {
	const [head, ...lines] = text
		.replace(/^\uFEFF/, '')
		.trim()
		.split('\r\n');
	expect(head).toBe('as_of,indicator,course,breakdown,group,people');
	const out = new Map<string, string>();
	for (const l of lines) {
		const [asOf, indicator, course, breakdown, group, people] = l.split(',');
		expect(asOf).toBe('2026-10-15');
		out.set(`${indicator}|${course}|${breakdown}|${group}`, people!);
	}
	return out;
}

describe('the workbook', () => {
	let wb: ExcelJS.Workbook;
	let r: Indicators;
	beforeAll(async () => {
		const filters = { programmeId: w.prog.id };
		wb = await xlsx(coordinator, filters);
		r = await indicators(coordinator, filters);
	});

	it('opens with the filters, the scope and the dates in words', () => {
		const first = wb.worksheets[0]!;
		expect(first.name).toBe('Filtros');
		const lines = first
			.getSheetValues()
			.slice(3)
			.map((row) => (row as unknown[]).slice(1).join(' = '));
		expect(lines).toEqual([
			'Lo que usted puede ver = Todo el programa',
			'Filtros = Programa: Programa',
			'Datos al = 15 de octubre de 2026',
			'Hecho el = 16 de octubre de 2026'
		]);
		expect(first.getRow(2).font?.bold).toBe(true);
		expect(first.views[0]).toMatchObject({ state: 'frozen', ySplit: 2 });
	});

	it('has a sheet per table with the numbers of getIndicators, stored as numbers', () => {
		expect(wb.worksheets.map((s) => s.name)).toEqual([
			'Filtros',
			'Resumen',
			'Por sexo',
			'Por federación',
			'Por edad',
			'Por departamento',
			'Cursos terminados',
			'Asistencia por sesión',
			'Sesiones en vivo',
			'Avance de los grupos',
			'Pruebas antes y después',
			'Planes de las cooperativas',
			'Decisión del estudio de fact',
			'Veredictos por área',
			'Cuadernos por estado de cada',
			'Participación de las mujeres',
			'Seguimiento por ronda',
			'Cooperativas atrasadas'
		]);
		// Follow-up: rounds as the indicators count them, money in bolivianos.
		expect(sheetRows(wb.getWorksheet('Seguimiento por ronda')!)).toEqual(
			Object.fromEntries(
				r.followUp.rounds.map((x) => [
					x.label,
					[x.dueOn, x.cooperatives, x.late, x.items, x.byStatus.done, x.spent / 100, x.budget / 100]
				])
			)
		);
		expect(sheetRows(wb.getWorksheet('Seguimiento por ronda')!)['Primera']).toEqual([
			'2026-10-01',
			2,
			1,
			4,
			1,
			1850,
			3900
		]);
		expect(Object.keys(sheetRows(wb.getWorksheet('Cooperativas atrasadas')!))).toEqual([
			'Cooperativa Uno',
			'Cooperativa Tres'
		]);
		const figs = [r.enrolled, r.active, r.droppedOut, r.completed];
		const sex = wb.getWorksheet('Por sexo')!;
		expect(sex.getRow(2).font?.bold).toBe(true);
		expect(sex.views[0]).toMatchObject({ state: 'frozen', ySplit: 2 });
		expect(sheetRows(sex)).toEqual({
			Mujeres: figs.map((b) => b.bySex.F),
			Hombres: figs.map((b) => b.bySex.M),
			Total: figs.map((b) => b.total)
		});
		expect(sheetRows(sex)['Mujeres']).toEqual([5, 2, 1, 1]);
		expect(typeof sex.getCell('B3').value).toBe('number');
		expect(sex.getCell('B3').numFmt).toBe('#,##0');
		expect(sheetRows(wb.getWorksheet('Por federación')!)).toEqual({
			FEDA: figs.map((b) => b.byFederation['FEDA']),
			FEDB: figs.map((b) => b.byFederation['FEDB'])
		});
		expect(sheetRows(wb.getWorksheet('Por departamento')!)['Oruro']).toEqual(
			figs.map((b) => b.byDepartment['OR'])
		);
		expect(sheetRows(wb.getWorksheet('Por edad')!)['Sin dato']).toEqual(
			figs.map((b) => b.byAgeBand.unknown)
		);
		// Attendance: the rate is the page's percentage, as a number with a percent format.
		const att = wb.getWorksheet('Asistencia por sesión')!;
		const first = Object.values(sheetRows(att))[0]!;
		const a = r.attendance[0]!;
		expect(first).toEqual([
			a.runs,
			a.present.total,
			a.expected.total,
			a.rate,
			a.present.F,
			a.expected.F,
			a.present.M,
			a.expected.M
		]);
		expect(first[3]).toBe(83.3);
		expect(att.getCell('E3').numFmt).toBe('0.0" %"');
		// Live sessions: present and expected by sex, as the page counts them.
		expect(r.live.sessions).toBe(1);
		expect(r.live.present.total).toBe(2);
		expect(sheetRows(wb.getWorksheet('Sesiones en vivo')!)).toEqual({
			Mujeres: [r.live.present.F, r.live.expected.F, expect.any(Number)],
			Hombres: [r.live.present.M, r.live.expected.M, expect.any(Number)],
			Total: [2, r.live.expected.total, r.live.rate]
		});
		const tests = sheetRows(wb.getWorksheet('Pruebas antes y después')!);
		const k = r.knowledgeGain[0]!;
		expect(Object.values(tests)[0]).toEqual([
			k.pre.all.average,
			k.pre.all.n,
			k.post.all.average,
			k.post.all.n,
			k.gain.all.average,
			k.gain.all.n
		]);
		expect(Object.values(sheetRows(wb.getWorksheet('Planes de las cooperativas')!))[0]).toEqual([
			3, 1, 1, 1
		]);
		const part = sheetRows(wb.getWorksheet('Participación de las mujeres')!);
		expect(part['Cargos en los órganos de gobierno']).toEqual([3, 1, 4, 75]);
		const grid = sheetRows(wb.getWorksheet('Avance de los grupos')!);
		expect(grid['Equipo Dos']!.slice(2, 4)).toEqual([4, 5]);
		expect(grid['Equipo Dos']!.at(-1)).toBe('en curso');
	});

	it('says, as the page does, how many teams the grid leaves out', async () => {
		const p = await getReportPack(deps(), coordinator, {}, 'es', generatedAt, {
			now,
			teamLimit: 2
		});
		const wb = new ExcelJS.Workbook();
		await wb.xlsx.load((await renderReportXlsx(p)) as unknown as ArrayBuffer);
		const grid = Object.keys(sheetRows(wb.getWorksheet('Avance de los grupos')!));
		expect(grid).toEqual(['Equipo Dos', 'Equipo Uno', 'Y 1 grupos más.']);
	});

	it('speaks English to an English reader', async () => {
		const en = await xlsx(coordinator, { sex: 'F' }, 'en');
		expect(en.worksheets[0]!.name).toBe('Filters');
		expect(JSON.stringify(en.worksheets[0]!.getSheetValues())).toContain('Sex: Women');
		expect(sheetRows(en.getWorksheet('By sex')!)['Women']![0]).toBe(5);
	});
});

describe('the PDF summary', () => {
	it('has the title, the filters, the key figures, the charts and page numbers', async () => {
		const p = await pack(coordinator, { programmeId: w.prog.id, department: 'PT' });
		const pdf = await renderReportPdf(p);
		if (process.env.REPORT_PDF_OUT) writeFileSync(process.env.REPORT_PDF_OUT, pdf);
		expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
		const text = await pdfText(pdf);
		const flat = text.replace(/\s+/g, ' ');
		expect(flat).toContain('Informe del programa');
		expect(flat).toContain('Todo el programa');
		expect(flat).toContain('Programa: Programa');
		expect(flat).toContain('Departamento: Potosí');
		expect(flat).toContain('Datos al 15 de octubre de 2026');
		// Potosí: the five of Cooperativa Uno (FEDA); three completed, one dropped out.
		const r = p.dashboard.indicators;
		expect(r.enrolled.total).toBe(5);
		// The four cards side by side: the figures, then their names.
		expect(flat).toContain('5 2 1 3 Inscritos Activos (14 días) Dejaron el curso Terminaron');
		expect(flat).toContain('3 mujeres · 2 hombres');
		// The charts' own words (SVG text), and their tables.
		expect(flat).toContain('Mujeres · Inscritos');
		expect(flat).toContain('Por federación');
		expect(flat).toContain('Participación de las mujeres');
		expect(flat).toMatch(/Página 1 de \d/);
		expect(flat).not.toContain('FEDB');
	});
});

describe('the open-data CSV', () => {
	it('names nobody: no names, CI or phone of anyone in the world', async () => {
		const text = await csv(coordinator);
		expect(text.startsWith('\uFEFF')).toBe(true);
		const people = await h.db.select().from(person);
		expect(people.length).toBeGreaterThanOrEqual(9);
		for (const p of people) {
			for (const s of [p.givenNames, p.surnames, p.ciNumber, p.phone, p.id])
				if (s) expect(text, `${s} must not be in the CSV`).not.toContain(s);
			// Each word of a name alone, too (say "Quispe").
			for (const word of `${p.givenNames} ${p.surnames}`.split(/\s+/))
				if (word.length > 3) expect(text).not.toContain(word);
		}
		// Aggregates only: a few rows per breakdown, never one per person.
		expect(text.split('\r\n').length).toBeLessThan(120);
	});

	it('hides cells of 1 to 4 people and a complement where one alone would be hidden', async () => {
		const c = csvCells(await csv(coordinator));
		// Enrolled 9: women 5, men 4 → men hidden, women hidden with them; the total kept.
		expect(c.get('enrolled||total|')).toBe('9');
		expect(c.get('enrolled||sex|M')).toBe('<5');
		expect(c.get('enrolled||sex|F')).toBe('x');
		// FEDA 7 and FEDB 2; Potosí 5, Oruro 2, La Paz 2.
		expect(c.get('enrolled||federation|FEDB')).toBe('<5');
		expect(c.get('enrolled||federation|FEDA')).toBe('x');
		expect(c.get('enrolled||department|PT')).toBe('5');
		expect(c.get('enrolled||department|OR')).toBe('<5');
		expect(c.get('enrolled||department|LP')).toBe('<5');
		expect(c.get('enrolled||age_band|60+')).toBe('<5');
		expect(c.get('enrolled||age_band|35-44')).toBe('<5');
		// Three completed, one dropped out: the totals hidden; zeros shown.
		expect(c.get('completed||total|')).toBe('<5');
		expect(c.get('completed|think-coop|total|')).toBe('<5');
		expect(c.get('completed||federation|FEDB')).toBe('0');
		expect(c.get('dropped_out||sex|M')).toBe('0');
		// No count of 1 to 4 anywhere.
		expect([...c.values()].filter((v) => /^[1-4]$/.test(v))).toEqual([]);
	});

	it('follows the filters', async () => {
		const c = csvCells(await csv(coordinator, { federationId: w.fedB.id }));
		expect(c.get('enrolled||total|')).toBe('<5');
		expect([...c.keys()].some((k) => k.includes('FEDA'))).toBe(false);
	});
});

describe('scope', () => {
	it("a focal point's packs hold their federation only, even asking for another", async () => {
		const r = await indicators(focal);
		expect(r.enrolled.total).toBe(7);
		const wb = await xlsx(focal);
		expect(JSON.stringify(wb.worksheets[0]!.getSheetValues())).toContain('Federación: FEDA');
		expect(sheetRows(wb.getWorksheet('Por federación')!)).toEqual({ FEDA: [7, 3, 1, 3] });
		expect(sheetRows(wb.getWorksheet('Resumen')!)['Inscritos']).toEqual([7, 4, 3]);
		for (const ws of wb.worksheets)
			expect(JSON.stringify(ws.getSheetValues()), ws.name).not.toMatch(
				/FEDB|Cooperativa Tres|Equipo Tres/
			);
		const text = await pdfText(await renderReportPdf(await pack(focal)));
		expect(text).not.toMatch(/FEDB|Cooperativa Tres/);
		expect(text.replace(/\s+/g, ' ')).toContain('7 3 1 3 Inscritos');
		const c = csvCells(await csv(focal));
		expect(c.get('enrolled||total|')).toBe('7');
		expect([...c.keys()].some((k) => k.includes('FEDB'))).toBe(false);

		// Asking for the other federation finds nothing, never its figures.
		const other = { federationId: w.fedB.id };
		const elsewhere = await xlsx(focal, other);
		expect(sheetRows(elsewhere.getWorksheet('Resumen')!)['Inscritos']).toEqual([0, 0, 0]);
		expect(JSON.stringify(elsewhere.worksheets[0]!.getSheetValues())).toContain(
			'Federación: (no encontrado)'
		);
		expect(csvCells(await csv(focal, other)).get('enrolled||total|')).toBe('0');
	});

	it('a participant, or nobody, gets no pack at all', async () => {
		const member = await makeActor(h.db, 'participant', { personId: w.a1.id });
		for (const actor of [member, null]) {
			for (const run of [() => pack(actor), () => csv(actor)]) {
				const e = await run().catch((x: unknown) => x);
				expect(isAppError(e)).toBe(true);
			}
		}
	});
});
