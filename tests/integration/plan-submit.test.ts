import { randomUUID } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../../src/lib/server/access/guard';
import { getCurriculum } from '../../src/lib/server/curriculum/get-curriculum';
import type { Curriculum } from '../../src/lib/server/curriculum/schema';
import type { Db, DbHandle } from '../../src/lib/server/db/client';
import { auditLog, planReviewEvent } from '../../src/lib/server/db/schema';
import { getWorkbook } from '../../src/lib/server/workbook/get-workbook';
import { reviewSection } from '../../src/lib/server/workbook/review-section';
import { saveWorkbookSection } from '../../src/lib/server/workbook/save-workbook-section';
import { submitPlan } from '../../src/lib/server/workbook/submit-plan';
import { submitSection } from '../../src/lib/server/workbook/submit-section';
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
	world = await makeTeamWorld(db, 2);
});
afterAll(() => handle.close());

const save = (sectionKey: string, values: Record<string, string>, revision = 0) =>
	saveWorkbookSection(deps(), world.lead, {
		teamId: world.team.id,
		sectionKey,
		values,
		revision: String(revision),
		clientId: randomUUID()
	});
const statuses = async () =>
	Object.fromEntries(
		(await getWorkbook(deps(), world.lead, world.team.id, 'es')).parts
			.flatMap((p) => p.sections)
			.filter((s) => s.status !== 'empty')
			.map((s) => [s.key, s.status])
	);
const send = (actor: Actor, revisions: Record<string, unknown>, clientId = randomUUID()) =>
	submitPlan(deps(), actor, { teamId: world.team.id, clientId, revisions }, 'es');

describe('sending the whole plan for review', () => {
	it('sends every listed section at the revision shown, in one go, each with its own audited step', async () => {
		await save('action-plan.header', {
			'f.problem': 'Accidentes',
			'f.objective': 'Cero accidentes'
		});
		await save('action-plan.approval', { 'f.minutesReference': 'Acta 12' });
		const clientId = randomUUID();
		const revisions = { 'action-plan.header': '1', 'action-plan.approval': '1' };
		expect(await send(world.lead, revisions, clientId)).toEqual({ status: 'submitted', count: 2 });
		expect(await statuses()).toEqual({
			'action-plan.header': 'submitted',
			'action-plan.approval': 'submitted'
		});
		const audit = await db
			.select({ entityId: auditLog.entityId })
			.from(auditLog)
			.where(eq(auditLog.action, 'plan.submit'));
		expect(audit.map((a) => a.entityId.split(':')[1]).sort()).toEqual([
			'action-plan.approval',
			'action-plan.header'
		]);
		// The same post again (a retry on a bad line) sends nothing more and says the same.
		expect(await send(world.lead, revisions, clientId)).toEqual({ status: 'submitted', count: 2 });
		const events = await db
			.select()
			.from(planReviewEvent)
			.where(eq(planReviewEvent.kind, 'submitted'));
		expect(events).toHaveLength(2);
	});

	it('sends nothing when one section changed or moved since the page was opened, and says which', async () => {
		await save('feasibility.market', { 'f.product': 'Estaño' });
		await save('feasibility.social', { 'f.jobs': '4' });
		// Another phone saves the market again after the page was built with revision 1.
		await save('feasibility.market', { 'f.product': 'Estaño y plata' }, 1);
		expect(
			await send(world.lead, { 'feasibility.market': '1', 'feasibility.social': '1' })
		).toEqual({ status: 'stale', sections: ['Mercado'] });
		// The header went to review earlier: it cannot be sent again either.
		expect(
			await send(world.lead, { 'action-plan.header': '1', 'feasibility.social': '1' })
		).toEqual({ status: 'stale', sections: ['Problema y objetivo'] });
		const now = await statuses();
		expect(now['feasibility.market']).toBe('draft');
		expect(now['feasibility.social']).toBe('draft');
	});

	it('sends sections with changes requested again, alongside drafts', async () => {
		await reviewSection(deps(), world.facilitator, {
			teamId: world.team.id,
			sectionKey: 'action-plan.header',
			decision: 'changes_requested',
			note: 'Falta la fecha del objetivo.',
			revision: '1',
			clientId: randomUUID()
		});
		await save(
			'action-plan.header',
			{ 'f.problem': 'Accidentes', 'f.objective': 'Cero accidentes en 2027' },
			1
		);
		expect(
			await send(world.lead, {
				'action-plan.header': '2',
				'feasibility.market': '2',
				'feasibility.social': '1'
			})
		).toEqual({ status: 'submitted', count: 3 });
		const now = await statuses();
		expect(now['action-plan.header']).toBe('submitted');
		expect(now['feasibility.market']).toBe('submitted');
	});

	it('refuses bad input with a reason and people who may not write the plan', async () => {
		await expect(send(world.lead, {})).rejects.toMatchObject({
			code: 'invalid_input',
			fields: { _: 'nothing_to_submit' }
		});
		await expect(send(world.lead, { 'not.a-section': '1' })).rejects.toMatchObject({
			code: 'invalid_input'
		});
		await expect(send(world.lead, { 'think.decision': 'x' })).rejects.toMatchObject({
			code: 'invalid_input',
			fields: { _: 'invalid' }
		});
		await expect(
			submitPlan(
				deps(),
				world.lead,
				{ teamId: world.team.id, clientId: 'nope', revisions: { 'think.decision': '1' } },
				'es'
			)
		).rejects.toMatchObject({ code: 'invalid_input' });
		// The facilitator reviews; only the team and its lead send.
		await expect(send(world.facilitator, { 'think.decision': '1' })).rejects.toMatchObject({
			code: 'forbidden'
		});
		const outsider = await makeTeamWorld(db, 1);
		await expect(send(outsider.lead, { 'think.decision': '1' })).rejects.toMatchObject({
			code: 'forbidden'
		});
		// A single section sent on its own still works alongside.
		await save('think.decision', { 'f.decision': 'yes', 'f.reasons': 'Vender juntos' });
		expect(
			await submitSection(deps(), world.actors[0]!, {
				teamId: world.team.id,
				sectionKey: 'think.decision',
				revision: '1',
				clientId: randomUUID()
			})
		).toEqual({ revision: 1 });
		const [row] = await db
			.select()
			.from(planReviewEvent)
			.where(
				and(eq(planReviewEvent.sectionKey, 'think.decision'), eq(planReviewEvent.kind, 'submitted'))
			);
		expect(row?.revision).toBe(1);
	});
});
