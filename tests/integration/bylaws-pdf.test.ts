import { randomUUID } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FINANCE_SECTION_KEY } from '../../src/lib/domain/finance/from-section';
import { getCurriculum } from '../../src/lib/server/curriculum/get-curriculum';
import type { Curriculum } from '../../src/lib/server/curriculum/schema';
import type { Db, DbHandle } from '../../src/lib/server/db/client';
import { renderBylawsPdf } from '../../src/lib/server/workbook/bylaws-pdf';
import { getBylawsDraft } from '../../src/lib/server/workbook/get-bylaws-draft';
import { saveWorkbookSection } from '../../src/lib/server/workbook/save-workbook-section';
import { makeActor } from '../factories/org';
import { llallaguaTyped } from '../fixtures/finance-typed';
import { pdfText } from '../helpers/pdf-text';
import { createTestDb } from '../helpers/db';
import { makeTeamWorld } from '../helpers/runs';

let handle: DbHandle;
let db: Db;
let curriculum: Curriculum;
let world: Awaited<ReturnType<typeof makeTeamWorld>>;
let other: Awaited<ReturnType<typeof makeTeamWorld>>;
const deps = () => ({ db, curriculum });

/** pdftotext breaks lines where the page does: compare words only. */
const flat = (s: string) => s.replace(/\s+/g, ' ');

beforeAll(async () => {
	handle = await createTestDb();
	db = handle.db;
	curriculum = await getCurriculum();
	world = await makeTeamWorld(db, 3);
	other = await makeTeamWorld(db, 2);
	const save = (sectionKey: string, values: Record<string, string | string[]>) =>
		saveWorkbookSection(deps(), world.lead, {
			teamId: world.team.id,
			sectionKey,
			values,
			revision: '0',
			clientId: randomUUID()
		});
	const saved = await Promise.all([
		save('organisation.governance', {
			'f.bodies._rows': '3',
			'f.bodies.0.body': 'Asamblea General',
			'f.bodies.0.powers': 'Aprueba el estatuto y las cuentas',
			'f.bodies.0.meetingFrequency': 'Dos veces al año',
			'f.bodies.1.body': 'Consejo de Administración',
			'f.bodies.1.members': '5',
			'f.bodies.1.termYears': '2',
			'f.bodies.1.decisionRule': 'Por mayoría',
			'f.bodies.2.body': 'Consejo de Vigilancia',
			'f.bodies.2.members': '3',
			'f.officers._rows': '2',
			'f.officers.0.body': 'administration-council',
			'f.officers.0.person': world.people[0]!.id,
			'f.officers.0.position': 'Presidente',
			'f.officers.0.termEnd': '2028-03-15',
			'f.officers.1.body': 'oversight-council',
			'f.officers.1.person': world.people[1]!.id,
			'f.officers.1.position': 'Presidenta'
		}),
		save('organisation.bylaws', {
			'f.nameAddressDuration': 'Domicilio en Potosí.\nDuración indefinida.',
			'f.purpose': 'Explotar y vender estaño en la concesión de la cooperativa.',
			'f.surplusReserves': 'Primero las reservas de ley; el resto según el trabajo de cada socio.'
		}),
		save('organisation.policies', {
			'f.osh': 'Casco, lámpara y botas para todos.',
			'f.oshStatus': 'approved'
		}),
		save(FINANCE_SECTION_KEY, llallaguaTyped)
	]);
	for (const s of saved) expect(s.status).toBe('saved');
});
afterAll(() => handle.close());

describe('the draft bylaws', () => {
	it('is a PDF marked as a draft, with numbered articles, office holders and what is missing', async () => {
		const draft = await getBylawsDraft(deps(), world.facilitator, world.team.id, 'es');
		expect(draft.cooperative).toBe(world.coop.name);
		const pdf = await renderBylawsPdf(draft, 'es', new Date('2026-12-06T15:00:00Z'));
		expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
		expect(pdf.toString('latin1')).toMatch(/\/FontFile2/);
		const raw = await pdfText(pdf, { layout: false });
		const text = flat(raw);
		expect(text).toContain(`Estatuto orgánico de la ${world.coop.name} — BORRADOR`);
		expect(text).toContain('revísenlo con un abogado antes de presentarlo a la AFCOOP');
		// Every page's header says it is a draft.
		const pages = raw.split('\f').filter((p) => p.trim());
		expect(pages.length).toBeGreaterThan(1);
		for (const p of pages) expect(flat(p)).toContain('BORRADOR del estatuto');
		// Chapters in order, articles numbered through the document.
		expect(text).toMatch(/Capítulo I\. Nombre, domicilio y duración Artículo 1\. Nombre/);
		expect(text).toContain('Artículo 2. Nombre, domicilio y duración Domicilio en Potosí.');
		const numbers = [...text.matchAll(/Artículo (\d+)\./g)].map((x) => Number(x[1]));
		expect(numbers).toEqual(numbers.map((_, i) => i + 1));
		expect(numbers.length).toBeGreaterThan(15);
		const order = [
			'Nombre, domicilio y duración',
			'Capítulo II. Objeto',
			'Capítulo IV. Los socios',
			'Órganos de gobierno',
			'Excedentes y reservas',
			'Políticas internas',
			'Capítulo X. Solución de conflictos',
			'Capítulo XI. Federación',
			'Capítulo XIII. Disolución y liquidación',
			'Firmas de la asamblea de fundación'
		].map((t) => text.indexOf(t));
		expect(order.every((at) => at >= 0)).toBe(true);
		expect([...order].sort((a, b) => a - b)).toEqual(order);
		// Law 356 art. 33 is stated; the group's bodies and who holds office, by name.
		expect(text).toContain('artículo 33 de la Ley 356');
		expect(text).toContain('Consejo de Administración — Presidente: ');
		expect(text).toContain(`${world.people[0]!.givenNames} ${world.people[0]!.surnames}`);
		expect(text).toContain(`${world.people[1]!.givenNames} ${world.people[1]!.surnames}`);
		expect(text).toContain('Miembros: 5');
		expect(text).toContain('Duración del cargo: 2 años');
		expect(text).toContain('Se reúne: Dos veces al año');
		// The financial plan's surplus shares, and the policy with its state.
		expect(text).toContain('Partes del excedente según el plan financiero');
		expect(text).toMatch(/Fondo de reserva: \d+ % del excedente/);
		expect(text).toContain('Casco, lámpara y botas para todos.');
		expect(text).toMatch(/Estado de la política de seguridad y salud: Aprobada/);
		// What the group left empty shows as missing, never as nothing.
		expect(text).toContain('[Falta: Disciplina y sanciones — complétenlo en el cuaderno]');
		expect(text).toContain('[Falta: Valores y principios — complétenlo en el cuaderno]');
		expect(draft.missing).toBeGreaterThan(5);
		expect(text).toContain(`Partes por completar: ${draft.missing}.`);
		// The federation chapter names the registry's federation when the group wrote nothing.
		expect(text).toContain(`La cooperativa está afiliada a la ${world.fed.name}.`);
		expect(text).toContain('Representante de la federación o del ministerio');
		expect(text).not.toMatch(/NaN|undefined|\[object/);
		if (process.env.BYLAWS_PDF_OUT) writeFileSync(process.env.BYLAWS_PDF_OUT, pdf);
	});

	it('speaks English to an English reader', async () => {
		const draft = await getBylawsDraft(deps(), world.lead, world.team.id, 'en');
		const text = flat(
			await pdfText(await renderBylawsPdf(draft, 'en', new Date()), { layout: false })
		);
		expect(text).toContain(`Bylaws of the ${world.coop.name} — DRAFT`);
		expect(text).toContain('check it with a lawyer before you present it to AFCOOP');
		expect(text).toMatch(/Chapter I\. Name, address and duration Article 1\. Name/);
		expect(text).toContain('Article 2. Name, address and duration');
		expect(text).toContain('[Missing: Discipline and sanctions — fill it in in the workbook]');
		expect(text).toContain(`${world.people[0]!.givenNames} ${world.people[0]!.surnames}`);
	});

	it('marks every chapter missing for a team that saved nothing yet', async () => {
		const draft = await getBylawsDraft(deps(), other.lead, other.team.id, 'es');
		const text = flat(
			await pdfText(await renderBylawsPdf(draft, 'es', new Date()), { layout: false })
		);
		expect(text).toContain('[Falta: Los órganos de gobierno de nuestra cooperativa');
		expect(text).toContain('[Falta: ¿Quiénes ocupan los cargos?');
		expect(text).toContain('[Falta: Objeto y actividades — complétenlo en el cuaderno]');
		expect(text).not.toContain('Partes del excedente según el plan financiero');
	});

	it('is only for those who may read the plan', async () => {
		const stranger = await makeActor(db, 'federation_focal_point', { federationId: other.fed.id });
		await expect(getBylawsDraft(deps(), stranger, world.team.id, 'es')).rejects.toMatchObject({
			code: 'forbidden'
		});
		await expect(
			getBylawsDraft(deps(), other.actors[0]!, world.team.id, 'es')
		).rejects.toMatchObject({ code: 'forbidden' });
		await expect(getBylawsDraft(deps(), null, world.team.id, 'es')).rejects.toMatchObject({
			code: 'unauthenticated'
		});
		await expect(getBylawsDraft(deps(), world.lead, randomUUID(), 'es')).rejects.toMatchObject({
			code: 'not_found'
		});
		// The federation's own focal point reads it.
		const own = await makeActor(db, 'federation_focal_point', { federationId: world.fed.id });
		await expect(getBylawsDraft(deps(), own, world.team.id, 'es')).resolves.toMatchObject({
			cooperative: world.coop.name
		});
	});
});
