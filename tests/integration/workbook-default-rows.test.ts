import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getCurriculum } from '../../src/lib/server/curriculum/get-curriculum';
import type { Curriculum } from '../../src/lib/server/curriculum/schema';
import type { Db, DbHandle } from '../../src/lib/server/db/client';
import { loadRunContext } from '../../src/lib/server/sessions/run-context';
import { loadStepData } from '../../src/lib/server/sessions/step-data';
import { getSection } from '../../src/lib/server/workbook/get-section';
import { readSection } from '../../src/lib/server/workbook/read-section';
import { saveWorkbookSection } from '../../src/lib/server/workbook/save-workbook-section';
import { createTestDb } from '../helpers/db';
import { makeRun, makeTeamWorld } from '../helpers/runs';

let handle: DbHandle;
let db: Db;
let curriculum: Curriculum;
let world: Awaited<ReturnType<typeof makeTeamWorld>>;
let fresh: Awaited<ReturnType<typeof makeTeamWorld>>;
const deps = () => ({ db, curriculum });
const KEY = 'organisation.registration';

beforeAll(async () => {
	handle = await createTestDb();
	db = handle.db;
	curriculum = await getCurriculum();
	world = await makeTeamWorld(db, 2);
	fresh = await makeTeamWorld(db, 2);
});
afterAll(() => handle.close());

describe("the AFCOOP checklist's default steps", () => {
	it('fill the form before the first save, in the reader’s language, with the fees to check', async () => {
		const page = await getSection(deps(), world.lead, world.team.id, KEY, 'es');
		expect(page.revision).toBe(0);
		expect(page.status).toBe('empty');
		const v = page.values;
		expect(v['f.steps._rows']).toBe('5');
		for (let i = 0; i < 5; i++) {
			expect(v[`f.steps.${i}.step`]).toMatch(new RegExp(`^${i + 1}\\. `));
			expect(v[`f.steps.${i}.done`]).toBe('pending');
		}
		expect(v['f.steps.0.step']).toContain('comité organizador');
		expect(v['f.steps.1.step']).toContain('120 días');
		expect(v['f.steps.2.step']).toContain('7 días');
		expect(v['f.steps.4.step']).toContain('90 días');
		expect(v['f.steps.1.notes']).toBe(
			'Arancel de referencia Bs 100 — consulten el vigente en la AFCOOP'
		);
		expect(v['f.steps.4.notes']).toContain('Bs 800');
		expect(v['f.steps.3.notes']).toContain('Bs 300');
		expect(v['f.steps.3.notes']).toContain('Bs 10 por persona');
		expect(v['f.steps.0.notes']).toBeUndefined();
		const en = await getSection(deps(), world.lead, world.team.id, KEY, 'en');
		expect(en.values['f.steps.1.notes']).toBe(
			'Reference fee Bs 100 — check the current fee with AFCOOP'
		);
		// Nothing was written by showing them.
		const ref = { cooperativeId: world.coop.id, programmeId: world.cohort.programmeId };
		expect((await readSection(db, { ...ref, sectionKey: KEY })).revision).toBe(0);
	});

	it('save like any edit (revision 0 → 1), and after that the saved rows win', async () => {
		const page = await getSection(deps(), world.lead, world.team.id, KEY, 'es');
		// The form as posted back: the defaults, with the first step marked done.
		const values = {
			...(page.values as Record<string, string>),
			'f.steps.0.done': 'done',
			'f.steps.0.date': '2026-11-30'
		};
		const saved = await saveWorkbookSection(deps(), world.actors[0]!, {
			teamId: world.team.id,
			sectionKey: KEY,
			values,
			revision: '0',
			clientId: randomUUID()
		});
		expect(saved).toEqual({ status: 'saved', revision: 1 });
		const ref = { cooperativeId: world.coop.id, programmeId: world.cohort.programmeId };
		const stored = await readSection(db, { ...ref, sectionKey: KEY });
		expect(stored.data.steps).toHaveLength(5);
		expect((stored.data.steps as Record<string, string>[])[0]).toMatchObject({
			done: 'done',
			date: '2026-11-30'
		});

		// Down to one row: the defaults never come back once the group has saved.
		const again = await saveWorkbookSection(deps(), world.actors[0]!, {
			teamId: world.team.id,
			sectionKey: KEY,
			values: {
				'f.steps._rows': '1',
				'f.steps.0.step': 'Registrar el nuevo Consejo de Vigilancia',
				'f.steps.0.done': 'pending'
			},
			revision: '1',
			clientId: randomUUID()
		});
		expect(again).toEqual({ status: 'saved', revision: 2 });
		const after = await getSection(deps(), world.lead, world.team.id, KEY, 'es');
		expect(after.revision).toBe(2);
		expect(after.values['f.steps._rows']).toBe('1');
		expect(after.values['f.steps.0.step']).toBe('Registrar el nuevo Consejo de Vigilancia');
		expect(after.values['f.steps.1.step']).toBeUndefined();
	});

	it('also fill the session worksheet of a team that never saved the list', async () => {
		const run = await makeRun(db, {
			teamId: fresh.team.id,
			cohortId: fresh.cohort.id,
			course: 'start-coop',
			module: 'organisation',
			session: 'policies-and-registration',
			present: fresh.people.map((p) => p.id)
		});
		const activity = curriculum
			.session('start-coop', 'organisation', 'policies-and-registration')!
			.activities.find((a) => a.type === 'worksheet' && a.workbook?.key === KEY)!;
		const ctx = await loadRunContext(db, fresh.actors[0]!, run.id, 'run.read');
		const data = await loadStepData(deps(), fresh.actors[0]!, ctx, activity, 'en');
		expect(data?.type).toBe('worksheet');
		if (data?.type !== 'worksheet') return;
		expect(data.revision).toBe(0);
		expect(data.values['f.steps._rows']).toBe('5');
		expect(data.values['f.steps.4.step']).toContain('legal personality');
		// Sections that declare no default rows open empty as before.
		const governance = await getSection(
			deps(),
			fresh.lead,
			fresh.team.id,
			'organisation.governance',
			'es'
		);
		expect(governance.values['f.bodies._rows']).toBe('0');
		expect(governance.values['f.officers._rows']).toBe('0');
	});
});
