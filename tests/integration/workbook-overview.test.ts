import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getCurriculum } from '../../src/lib/server/curriculum/get-curriculum';
import type { Curriculum } from '../../src/lib/server/curriculum/schema';
import type { Db, DbHandle } from '../../src/lib/server/db/client';
import { getSection } from '../../src/lib/server/workbook/get-section';
import { getWorkbook } from '../../src/lib/server/workbook/get-workbook';
import { saveSection } from '../../src/lib/server/workbook/save-section';
import { makeActor } from '../factories/org';
import { createTestDb } from '../helpers/db';
import { makeTeamWorld } from '../helpers/runs';

let handle: DbHandle;
let db: Db;
let curriculum: Curriculum;
let world: Awaited<ReturnType<typeof makeTeamWorld>>;
let other: Awaited<ReturnType<typeof makeTeamWorld>>;
const deps = () => ({ db, curriculum });

beforeAll(async () => {
	handle = await createTestDb();
	db = handle.db;
	curriculum = await getCurriculum();
	world = await makeTeamWorld(db, 3);
	other = await makeTeamWorld(db, 2);
});
afterAll(() => handle.close());

describe("a team's view of its cooperative's workbook", () => {
	it('lists every section of workbook.yaml in order, empty until saved, then with its last change', async () => {
		const before = await getWorkbook(deps(), world.actors[0]!, world.team.id, 'es');
		const keys = before.parts.flatMap((p) => p.sections.map((s) => s.key));
		expect(keys).toEqual(curriculum.workbook.parts.flatMap((p) => p.sections.map((s) => s.key)));
		expect(before.counts.empty).toBe(keys.length);
		expect(before.can).toEqual({ write: true, review: false });

		const saved = await saveSection(deps(), world.lead, {
			cooperativeId: world.coop.id,
			programmeId: world.cohort.programmeId,
			sectionKey: 'action-plan.header',
			data: { problem: 'Accidentes en la bocamina', objective: 'Cero accidentes en 2027' },
			baseRevision: 0,
			clientId: randomUUID(),
			source: 'workbook',
			runId: null
		});
		expect(saved.status).toBe('saved');

		const after = await getWorkbook(deps(), world.facilitator, world.team.id, 'en');
		const header = after.parts
			.find((p) => p.id === 'action-plan')!
			.sections.find((s) => s.key === 'action-plan.header')!;
		expect(header).toMatchObject({
			title: 'Problem and objective',
			status: 'draft',
			revision: 1,
			source: 'workbook'
		});
		expect(header.updatedAt).toBeInstanceOf(Date);
		expect(after.counts).toMatchObject({ empty: keys.length - 1, draft: 1, approved: 0 });
		expect(after.can).toEqual({ write: false, review: true });
		// The other cooperative's workbook is untouched.
		const theirs = await getWorkbook(deps(), other.actors[0]!, other.team.id, 'es');
		expect(theirs.counts.draft).toBe(0);
	});

	it("is read only within scope: not by another team, another cohort's facilitator or another federation", async () => {
		const focal = await makeActor(db, 'federation_focal_point', { federationId: world.fed.id });
		await expect(getWorkbook(deps(), focal, world.team.id, 'es')).resolves.toMatchObject({
			can: { write: false, review: false }
		});
		const otherFocal = await makeActor(db, 'federation_focal_point', {
			federationId: other.fed.id
		});
		for (const actor of [other.actors[0]!, other.lead, other.facilitator, otherFocal])
			await expect(getWorkbook(deps(), actor, world.team.id, 'es')).rejects.toMatchObject({
				code: 'forbidden'
			});
		await expect(getWorkbook(deps(), null, world.team.id, 'es')).rejects.toMatchObject({
			code: 'unauthenticated'
		});
		await expect(getWorkbook(deps(), world.lead, randomUUID(), 'es')).rejects.toMatchObject({
			code: 'not_found'
		});
	});

	it('shows one section with its values and every saved version, newest first', async () => {
		const ref = {
			cooperativeId: world.coop.id,
			programmeId: world.cohort.programmeId,
			sectionKey: 'action-plan.header'
		};
		const second = await saveSection(deps(), world.lead, {
			...ref,
			data: { problem: 'Accidentes en la bocamina', objective: 'Cero accidentes en 2028' },
			baseRevision: 1,
			clientId: randomUUID(),
			source: 'workbook',
			runId: null
		});
		expect(second).toMatchObject({ status: 'saved', revision: 2 });
		const page = await getSection(deps(), world.actors[1]!, world.team.id, ref.sectionKey, 'es');
		expect(page).toMatchObject({ title: 'Problema y objetivo', status: 'draft', revision: 2 });
		expect(page.values['f.objective']).toBe('Cero accidentes en 2028');
		expect(page.history.map((h) => h.revision)).toEqual([2, 1]);
		expect(page.members.map((m) => m.id).sort()).toEqual(world.people.map((p) => p.id).sort());

		expect(page.comparison).toBeNull();
		const compared = await getSection(deps(), world.lead, world.team.id, ref.sectionKey, 'en', 2);
		expect(compared.comparison).toEqual({
			revision: 2,
			changes: [
				{
					label: 'Objective',
					kind: 'value',
					before: 'Cero accidentes en 2027',
					after: 'Cero accidentes en 2028'
				}
			]
		});
		const first = await getSection(deps(), world.lead, world.team.id, ref.sectionKey, 'es', 1);
		expect(first.comparison!.changes.map((c) => c.label)).toEqual([
			'¿Cuál es el problema?',
			'Objetivo'
		]);
		const missing = await getSection(deps(), world.lead, world.team.id, ref.sectionKey, 'es', 99);
		expect(missing.comparison).toBeNull();

		const empty = await getSection(deps(), world.lead, world.team.id, 'think.decision', 'en');
		expect(empty).toMatchObject({ status: 'empty', revision: 0, history: [] });
		for (const key of ['nope.section', '../etc', 'x'.repeat(500)])
			await expect(getSection(deps(), world.lead, world.team.id, key, 'es')).rejects.toMatchObject({
				code: 'not_found'
			});
		await expect(
			getSection(deps(), other.actors[0]!, world.team.id, ref.sectionKey, 'es')
		).rejects.toMatchObject({ code: 'forbidden' });
	});
});
