import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getCurriculum } from '../../src/lib/server/curriculum/get-curriculum';
import type { Curriculum } from '../../src/lib/server/curriculum/schema';
import type { Db, DbHandle } from '../../src/lib/server/db/client';
import { recordDecision } from '../../src/lib/server/sessions/record-decision';
import { readTeamDecision } from '../../src/lib/server/workbook/read-team-decision';
import { createTestDb } from '../helpers/db';
import { makeRun, makeTeamWorld } from '../helpers/runs';

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
	world = await makeTeamWorld(db, 4);
	other = await makeTeamWorld(db, 3);
});
afterAll(() => handle.close());

describe("the team's decision, read from the cooperative's workbook", () => {
	it('is nothing until the closing session decides, then the option and reasons as saved', async () => {
		expect(await readTeamDecision(deps(), world.actors[0]!, world.team.id, 'es')).toBeNull();
		const run = await makeRun(db, {
			teamId: world.team.id,
			cohortId: world.cohort.id,
			course: 'think-coop',
			module: 'orientation',
			session: 'doing-business-together',
			present: world.people.slice(0, 4).map((p) => p.id),
			contentVersion: curriculum.version
		});
		const reasons = 'Queremos cuentas claras.';
		const values = { method: 'vote', option: 'not-yet', yes: '3', no: '1', abstain: '0', reasons };
		const saved = await recordDecision(deps(), world.actors[1]!, {
			runId: run.id,
			step: '7',
			values,
			revision: '0',
			clientId: randomUUID()
		});
		expect(saved).toEqual({ status: 'saved', revision: 1 });

		const es = await readTeamDecision(deps(), world.actors[0]!, world.team.id, 'es');
		expect(es).toMatchObject({ option: 'Todavía no', reasons });
		expect(es!.savedAt).toBeInstanceOf(Date);
		const en = await readTeamDecision(deps(), world.lead, world.team.id, 'en');
		expect(en).toMatchObject({ option: 'Not yet', reasons });
		// Another team of another cooperative has decided nothing.
		expect(await readTeamDecision(deps(), other.actors[0]!, other.team.id, 'es')).toBeNull();
	});

	it("is read by the team, its lead and the cohort's facilitator; nobody else", async () => {
		for (const actor of [world.actors[3]!, world.lead, world.facilitator])
			await expect(readTeamDecision(deps(), actor, world.team.id, 'es')).resolves.not.toBeNull();
		for (const actor of [other.actors[0]!, other.lead, other.facilitator])
			await expect(readTeamDecision(deps(), actor, world.team.id, 'es')).rejects.toMatchObject({
				code: 'forbidden'
			});
		await expect(readTeamDecision(deps(), null, world.team.id, 'es')).rejects.toMatchObject({
			code: 'unauthenticated'
		});
		await expect(readTeamDecision(deps(), world.lead, randomUUID(), 'es')).rejects.toMatchObject({
			code: 'not_found'
		});
	});
});
