import { randomUUID } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../../src/lib/server/access/guard';
import { getCurriculum } from '../../src/lib/server/curriculum/get-curriculum';
import type { Curriculum } from '../../src/lib/server/curriculum/schema';
import type { Db, DbHandle } from '../../src/lib/server/db/client';
import { auditLog } from '../../src/lib/server/db/schema';
import { addComment } from '../../src/lib/server/workbook/add-comment';
import { getSection } from '../../src/lib/server/workbook/get-section';
import { getWorkbook } from '../../src/lib/server/workbook/get-workbook';
import { listReviews } from '../../src/lib/server/workbook/list-reviews';
import { reviewSection } from '../../src/lib/server/workbook/review-section';
import { saveWorkbookSection } from '../../src/lib/server/workbook/save-workbook-section';
import { submitSection } from '../../src/lib/server/workbook/submit-section';
import { makeActor } from '../factories/org';
import { createTestDb } from '../helpers/db';
import { makeTeamWorld } from '../helpers/runs';

let handle: DbHandle;
let db: Db;
let curriculum: Curriculum;
let world: Awaited<ReturnType<typeof makeTeamWorld>>;
let other: Awaited<ReturnType<typeof makeTeamWorld>>;
let coordinator: Actor;
let focalHere: Actor;
let focalThere: Actor;
const deps = () => ({ db, curriculum });
const KEY = 'action-plan.activities';
const row = (person: string, budget: string) => ({
	'f.activities._rows': '1',
	'f.activities.0.activity': 'Comprar cascos y lámparas',
	'f.activities.0.responsible': person,
	'f.activities.0.startDate': '2027-02-01',
	'f.activities.0.endDate': '2027-03-15',
	'f.activities.0.budget': budget
});
const page = (actor: Actor, locale: 'es' | 'en' = 'es') =>
	getSection(deps(), actor, world.team.id, KEY, locale);
const save = (actor: Actor, budget: string, revision: number) =>
	saveWorkbookSection(deps(), actor, {
		teamId: world.team.id,
		sectionKey: KEY,
		values: row(world.people[0]!.id, budget),
		revision: String(revision),
		clientId: randomUUID()
	});
const submit = (actor: Actor, revision: number, clientId = randomUUID()) =>
	submitSection(deps(), actor, {
		teamId: world.team.id,
		sectionKey: KEY,
		revision: String(revision),
		clientId
	});
const review = (
	actor: Actor,
	decision: string,
	revision: number,
	note = '',
	clientId = randomUUID()
) =>
	reviewSection(deps(), actor, {
		teamId: world.team.id,
		sectionKey: KEY,
		decision,
		note,
		revision: String(revision),
		clientId
	});
const comment = (actor: Actor, input: { fieldId?: string; parentId?: string; body: string }) =>
	addComment(deps(), actor, {
		teamId: world.team.id,
		sectionKey: KEY,
		clientId: randomUUID(),
		...input
	});

beforeAll(async () => {
	handle = await createTestDb();
	db = handle.db;
	curriculum = await getCurriculum();
	world = await makeTeamWorld(db, 3);
	other = await makeTeamWorld(db, 2);
	coordinator = await makeActor(db, 'coordinator');
	focalHere = await makeActor(db, 'federation_focal_point', { federationId: world.fed.id });
	focalThere = await makeActor(db, 'federation_focal_point', { federationId: other.fed.id });
});
afterAll(() => handle.close());

describe('a facilitator reviews a section of the plan', () => {
	it('goes from the team to the facilitator and back, with comments on a field, until approved', async () => {
		const lead = world.lead;
		const member = world.actors[0]!;
		const facilitator = world.facilitator;
		// Nothing to send before anything is saved.
		await expect(submit(lead, 0)).rejects.toMatchObject({
			fields: { _: 'nothing_to_submit' }
		});
		expect(await save(member, '1.500', 0)).toEqual({ status: 'saved', revision: 1 });
		expect((await page(lead)).can).toMatchObject({ submit: true, decide: false, comment: false });
		expect((await page(facilitator)).can).toMatchObject({ submit: false, decide: false });

		// Submitting twice with the same form is one step.
		const sent = randomUUID();
		expect(await submit(lead, 1, sent)).toEqual({ revision: 1 });
		expect(await submit(lead, 1, sent)).toEqual({ revision: 1 });
		const locked = await page(member);
		expect(locked).toMatchObject({ status: 'submitted', locked: true });
		expect(locked.can).toMatchObject({ write: false, submit: false });
		expect(locked.timeline).toHaveLength(1);
		// Under review nobody changes it, neither here nor from a session.
		await expect(save(member, '9.999', 1)).rejects.toMatchObject({
			fields: { _: 'under_review' }
		});

		// The queue shows it to the cohort's facilitator and to coordinators, not to others.
		const queue = await listReviews(deps(), facilitator, 'es');
		expect(queue.items.map((i) => [i.teamId, i.sectionKey, i.revision])).toEqual([
			[world.team.id, KEY, 1]
		]);
		expect(queue.items[0]!.submittedAt).toBeInstanceOf(Date);
		expect((await listReviews(deps(), coordinator, 'es')).items).toHaveLength(1);
		expect((await listReviews(deps(), other.facilitator, 'es')).items).toEqual([]);
		await expect(listReviews(deps(), lead, 'es')).rejects.toMatchObject({ code: 'forbidden' });

		// Changes are asked for with a reason.
		await expect(review(facilitator, 'changes_requested', 1)).rejects.toMatchObject({
			fields: { note: 'comment_needed' }
		});
		const { id: commentId } = await comment(facilitator, {
			fieldId: 'activities',
			body: '  ¿De dónde sale el dinero para los cascos?  '
		});
		await expect(
			comment(facilitator, { fieldId: 'no-such-field', body: 'x' })
		).rejects.toMatchObject({ fields: { fieldId: 'unknown_option' } });
		await expect(comment(facilitator, { body: '   ' })).rejects.toMatchObject({
			fields: { body: 'required' }
		});
		await expect(comment(facilitator, { body: 'x'.repeat(2001) })).rejects.toMatchObject({
			fields: { body: 'too_long:2000' }
		});
		// The team answers; it does not start comments of its own, and the other cooperative
		// cannot write here at all.
		await expect(comment(member, { body: 'Nosotros comentamos' })).rejects.toMatchObject({
			code: 'forbidden'
		});
		await expect(
			comment(other.actors[0]!, { parentId: commentId, body: 'Hola' })
		).rejects.toMatchObject({ code: 'forbidden' });
		expect(await review(facilitator, 'changes_requested', 1)).toEqual({ revision: 1 });
		await expect(review(facilitator, 'approved', 1)).rejects.toMatchObject({
			fields: { _: 'review_from_changes_requested' }
		});

		const back = await page(member);
		expect(back).toMatchObject({ status: 'changes_requested', locked: false });
		expect(back.can).toMatchObject({ write: true, submit: true, answer: true, comment: false });
		expect(back.comments.activities).toEqual([
			expect.objectContaining({
				id: commentId,
				body: '¿De dónde sale el dinero para los cascos?',
				revision: 1,
				answers: []
			})
		]);
		await comment(lead, { parentId: commentId, body: 'Del fondo social, ya lo pusimos.' });
		expect(await save(lead, '1.800', 1)).toEqual({ status: 'saved', revision: 2 });
		expect((await page(lead)).status).toBe('changes_requested');
		expect(await submit(lead, 2)).toEqual({ revision: 2 });

		// Approving names the revision read: a page from before the new revision is stale.
		await expect(review(facilitator, 'approved', 1)).rejects.toMatchObject({ code: 'conflict' });
		await expect(review(facilitator, 'maybe', 2)).rejects.toMatchObject({
			fields: { _: 'invalid' }
		});
		await expect(review(world.lead, 'approved', 2)).rejects.toMatchObject({ code: 'forbidden' });
		await expect(review(other.facilitator, 'approved', 2)).rejects.toMatchObject({
			code: 'forbidden'
		});
		expect(await review(facilitator, 'approved', 2)).toEqual({ revision: 2 });

		const done = await page(focalHere, 'en');
		expect(done.status).toBe('approved');
		expect(done.comments.activities![0]!.answers).toEqual([
			expect.objectContaining({ body: 'Del fondo social, ya lo pusimos.', revision: 1 })
		]);
		expect(done.timeline.map((e) => [e.kind, e.revision])).toEqual([
			['approved', 2],
			['submitted', 2],
			['changes_requested', 1],
			['submitted', 1]
		]);
		expect((await listReviews(deps(), facilitator, 'es')).items).toEqual([]);
		const overview = await getWorkbook(deps(), lead, world.team.id, 'es');
		expect(overview.counts.approved).toBe(1);

		// Every step is in the audit log, with who, from and to, and the revision.
		const audit = await db
			.select({ action: auditLog.action, actor: auditLog.actorUserId, changes: auditLog.changes })
			.from(auditLog)
			.where(and(eq(auditLog.entity, 'plan_section')));
		expect(audit.map((a) => a.action).sort()).toEqual([
			'plan.approve',
			'plan.request_changes',
			'plan.submit',
			'plan.submit'
		]);
		expect(audit.find((a) => a.action === 'plan.approve')).toMatchObject({
			actor: facilitator.userId,
			changes: { status: { from: 'submitted', to: 'approved' }, revision: 2 }
		});

		// Changing an approved section makes it a draft to send again.
		expect(await save(member, '2.000', 2)).toEqual({ status: 'saved', revision: 3 });
		expect((await page(member)).status).toBe('draft');
	});

	it('lets nobody outside the scope read the comments or the steps', async () => {
		await expect(page(focalThere)).rejects.toMatchObject({ code: 'forbidden' });
		await expect(page(other.lead)).rejects.toMatchObject({ code: 'forbidden' });
		await expect(
			comment(focalHere, { fieldId: 'activities', body: 'Desde la federación' })
		).rejects.toMatchObject({ code: 'forbidden' });
	});

	it('lets a coordinator review too, with the note written as a comment on the whole part', async () => {
		expect(await submit(world.lead, 3)).toEqual({ revision: 3 });
		expect(
			await review(coordinator, 'changes_requested', 3, 'Falta el presupuesto de capacitación.')
		).toEqual({ revision: 3 });
		const s = await page(world.lead);
		expect(s.status).toBe('changes_requested');
		expect(s.comments['']).toEqual([
			expect.objectContaining({ body: 'Falta el presupuesto de capacitación.', revision: 3 })
		]);
	});
});
