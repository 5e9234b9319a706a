import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../../src/lib/server/access/guard';
import { getCurriculum } from '../../src/lib/server/curriculum/get-curriculum';
import type { Curriculum, Field, Locale } from '../../src/lib/server/curriculum/schema';
import { pdfmake } from '../../src/lib/server/pdf/pdfmake';
import {
	blankWorksheetsDefinition,
	PORTRAIT_COLUMNS_MAX,
	TABLE_ROWS_MIN
} from '../../src/lib/server/workbook/blank-worksheets-pdf';
import {
	courseWorkbookParts,
	getBlankWorksheets
} from '../../src/lib/server/workbook/get-blank-worksheets';

let curriculum: Curriculum;
let socia: Actor;

async function pdfText(pdf: Buffer): Promise<string> {
	const dir = mkdtempSync(join(tmpdir(), 'minka-blank-'));
	try {
		writeFileSync(join(dir, 'blank.pdf'), pdf);
		const { stdout } = await promisify(execFile)(
			'pdftotext',
			['-layout', join(dir, 'blank.pdf'), '-'],
			{ maxBuffer: 20 * 1024 * 1024 }
		);
		return stdout;
	} finally {
		rmSync(dir, { recursive: true, force: true });
	}
}

/** Words as one line: labels wrap at the page's edge. */
const flat = (s: string) => s.replace(/\s+/g, ' ');
const pages = (text: string) => text.split('\f').filter((p) => p.trim());

beforeAll(async () => {
	curriculum = await getCurriculum();
	// Signed in with no role at all: the sheets hold no one's data.
	socia = { userId: randomUUID(), personId: null, grants: [] };
});

const texts: Partial<Record<Locale, string>> = {};
async function whole(locale: Locale): Promise<string> {
	texts[locale] ??= await pdfText(
		(await getBlankWorksheets({ curriculum }, socia, { locale })).pdf
	);
	return texts[locale];
}

describe('blank worksheets as PDF', () => {
	it.each(['es', 'en'] as const)(
		'in %s: the cover, every part and section, every field with its room, page numbers',
		async (locale) => {
			const text = await whole(locale);
			const words = flat(text);
			const es = locale === 'es';
			expect(words).toContain(
				es ? 'Hojas de trabajo para llenar a mano' : 'Worksheets to fill in by hand'
			);
			expect(words).toContain(
				es
					? 'pasa lo escrito al cuaderno de la cooperativa en Minka'
					: "types what you wrote into the cooperative's workbook in Minka"
			);
			expect(words).toContain(es ? 'Organización Internacional del Trabajo (OIT)' : '(ILO)');

			const sections = curriculum.workbook.parts.flatMap((p) => p.sections);
			for (const part of curriculum.workbook.parts) expect(words).toContain(part.title[locale]);
			// Each section's page opens with its title and a line for the cooperative and the date.
			for (const s of sections) expect(words).toContain(s.title[locale]);
			const coop = es ? 'Cooperativa: ____' : 'Cooperative: ____';
			expect(text.split(coop).length - 1).toBe(sections.length);
			// And its part and section name at the top of every page after the contents.
			for (const s of sections)
				expect(words).toContain(`${s.partTitle[locale]} · ${s.title[locale]}`);

			const fields = sections.flatMap((s) => s.fields);
			for (const f of fields) expect(words).toContain(flat(f.label[locale]));
			const choices = fields.filter((f) => f.type === 'choice');
			const one = es ? 'Marquen una.' : 'Mark one.';
			const many = es ? 'Marquen las que correspondan.' : 'Mark all that apply.';
			expect(text.split(one).length - 1).toBe(choices.filter((f) => !f.multiple).length);
			expect(text.split(many).length - 1).toBe(choices.filter((f) => f.multiple).length);
			// Every option of every choice, each on its own line after its box.
			const lines = text.split('\n').map((l) => l.trim());
			for (const f of choices)
				for (const o of f.options!)
					expect(
						lines.some((l) => l.startsWith(o.label[locale])),
						o.label[locale]
					).toBe(true);
			// Money in bolivianos; dates as day, month, year.
			expect(text).toMatch(/\bBs\b/);
			expect(words).toContain(es ? '____ / ____ / ________ día / mes / año' : 'day / month / year');

			const n = pages(text).length;
			expect(n).toBeGreaterThan(sections.length);
			for (const p of [1, 2, n])
				expect(words).toContain(es ? `Página ${p} de ${n}` : `Page ${p} of ${n}`);
		},
		60_000
	);

	it('prints table columns as headers over empty ruled rows; wide ones on landscape pages', async () => {
		const text = await whole('es');
		const decision = pages(text).find((p) => p.includes('Lo que vamos a cambiar'))!;
		expect(decision).toMatch(/Cambio\s+Responsable\s+¿Para cuándo\?/);
		// The Action Plan's activities: twelve columns, their headers (wrapped) on one landscape page.
		const activities = pages(text).find((p) => p.includes('Actividades del plan'))!;
		expect(flat(activities)).toMatch(
			/Objetivo al\s+Actividad\s+Responsable\s+Fecha de\s+Fecha de fin\s+Presupuesto/
		);
		expect(flat(activities)).toMatch(/Línea de\s+Meta\s+Medio de\s+Estado/);
		expect(flat(activities)).toContain(
			'Escriban una de estas: Planificada / En marcha / Terminada.'
		);

		const def = blankWorksheetsDefinition(curriculum.workbook, 'es');
		const json = JSON.stringify(def.content);
		const tables = curriculum.workbook.parts
			.flatMap((p) => p.sections)
			.flatMap((s) => s.fields)
			.filter((f): f is Field & { columns: Field[] } => f.type === 'table');
		// Header row plus max(minRows, 5) empty rows, every table.
		const bodies = [...json.matchAll(/"body":\[\[(.*?)\]\]/g)].length;
		expect(bodies).toBeGreaterThanOrEqual(tables.length);
		const content = def.content as { section: unknown; pageOrientation?: string }[];
		const landscape = content.filter((c) => c.pageOrientation === 'landscape').length;
		expect(landscape).toBe(tables.filter((t) => t.columns.length > PORTRAIT_COLUMNS_MAX).length);
		const rowsOf = (label: string) => {
			const t = JSON.stringify(content).split(`"text":"${label}","style":"th"`)[1]!;
			return (t.split('"table"')[0]!.match(/\],\[/g) ?? []).length;
		};
		expect(rowsOf('Cambio')).toBe(TABLE_ROWS_MIN);
		// The sales forecast asks for 12 rows: one per month.
		const forecast = tables.find((t) => t.id === 'salesForecast')!;
		expect(rowsOf(forecast.columns[0]!.label.es)).toBe(forecast.minRows);
	});

	it('gives each type of field its room: a name line, numbers to circle, a box with its unit', async () => {
		const text = (l: string): Record<Locale, string> => ({ es: l, en: l });
		const field = (id: string, type: Field['type'], more: Partial<Field> = {}): Field => ({
			id,
			type,
			label: text(`Campo ${id}`),
			required: false,
			multiline: false,
			multiple: false,
			...more
		});
		const workbook = {
			parts: [
				{
					id: 'p',
					title: text('Parte de prueba'),
					sections: [
						{
							key: 'p.s',
							part: 'p',
							section: 's',
							partTitle: text('Parte de prueba'),
							title: text('Sección de prueba'),
							fields: [
								field('who', 'person'),
								field('howGood', 'score'),
								field('weight', 'number', { unit: text('toneladas') }),
								field('price', 'money'),
								field('day', 'date'),
								field('story', 'text', { multiline: true })
							]
						}
					]
				}
			]
		};
		const def = { ...blankWorksheetsDefinition(workbook, 'es'), compress: false };
		const pdf = await pdfmake.createPdf(def).getBuffer();
		const lines = (await pdfText(pdf)).split('\n').map((l) => l.trim());
		const after = (label: string) => lines.slice(lines.indexOf(label) + 1).find((l) => l)!;
		expect(after('Campo who')).toBe('Nombre:');
		expect(after('Campo howGood')).toMatch(/^1\s+2\s+3\s+4\s+5\s+Encierren un número\.$/);
		expect(after('Campo weight')).toBe('toneladas');
		expect(after('Campo price')).toBe('Bs');
		expect(after('Campo day')).toBe('____ / ____ / ________ día / mes / año');
		// Ruled lines, drawn in grey #888: one for the name, five for a long text.
		const raw = pdf.toString('latin1');
		const grey = (0x88 / 255).toString();
		expect(raw.split(` l\n/DeviceRGB CS\n${grey} ${grey} ${grey} SCN`).length - 1).toBe(6);
	});

	it('draws an empty square before every option', async () => {
		// Uncompressed, the drawing operators can be counted: one 12×12 square per option.
		const def = {
			...blankWorksheetsDefinition(curriculum.workbook, 'en', 'think'),
			compress: false
		};
		const raw = (await pdfmake.createPdf(def).getBuffer()).toString('latin1');
		const squares = raw.match(/ 12 -?12 re\b/g)?.length ?? 0;
		const options = curriculum.workbook.parts[0]!.sections.flatMap((s) =>
			s.fields.flatMap((f) => (f.type === 'choice' ? f.options! : []))
		).length;
		expect(options).toBeGreaterThan(0);
		expect(squares).toBe(options);
	});

	it('one part alone: only its sections; an unknown part or no one signed in is refused', async () => {
		const { pdf, partId } = await getBlankWorksheets({ curriculum }, socia, {
			locale: 'es',
			partId: 'action-plan'
		});
		expect(partId).toBe('action-plan');
		const text = flat(await pdfText(pdf));
		const plan = curriculum.workbook.parts.find((p) => p.id === 'action-plan')!;
		for (const s of plan.sections) expect(text).toContain(s.title.es);
		for (const p of curriculum.workbook.parts.filter((p) => p.id !== 'action-plan'))
			for (const s of p.sections) expect(text).not.toContain(`Cooperativa: ____ ${s.title.es}`);
		expect(text).not.toContain('La decisión del grupo');
		expect(text).not.toContain('Capacidades del grupo central');
		expect(text.split('Cooperativa: ____').length - 1).toBe(plan.sections.length);

		// Made once: the same document comes back without laying it out again.
		const again = await getBlankWorksheets({ curriculum }, socia, {
			locale: 'es',
			partId: 'action-plan'
		});
		expect(again.pdf).toBe(pdf);

		await expect(
			getBlankWorksheets({ curriculum }, socia, { locale: 'es', partId: 'nope' })
		).rejects.toMatchObject({ code: 'not_found' });
		await expect(
			getBlankWorksheets({ curriculum }, socia, { locale: 'es', partId: '__proto__' })
		).rejects.toMatchObject({ code: 'not_found' });
		await expect(getBlankWorksheets({ curriculum }, null, { locale: 'es' })).rejects.toMatchObject({
			code: 'unauthenticated'
		});
	}, 30_000);

	it('the course pages link the parts their worksheets write', () => {
		expect(courseWorkbookParts(curriculum, 'think-coop')).toEqual(['think']);
		const start = courseWorkbookParts(curriculum, 'start-coop');
		expect(start).not.toContain('think');
		expect(start).toContain('action-plan');
		expect(courseWorkbookParts(curriculum, 'no-such-course')).toEqual([]);
	});
});
