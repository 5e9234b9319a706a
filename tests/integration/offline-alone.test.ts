import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../../src/lib/server/access/guard';
import { answerTest } from '../../src/lib/server/assessment/answer-test';
import { draftAttemptId } from '../../src/lib/server/assessment/draft-attempt-id';
import { getTest } from '../../src/lib/server/assessment/get-test';
import { startTest } from '../../src/lib/server/assessment/start-test';
import { submitTest } from '../../src/lib/server/assessment/submit-test';
import { getCurriculum } from '../../src/lib/server/curriculum/get-curriculum';
import type { Curriculum } from '../../src/lib/server/curriculum/schema';
import type { Db, DbHandle } from '../../src/lib/server/db/client';
import {
	cohort,
	learningEvent,
	planRevision,
	team,
	testAttempt
} from '../../src/lib/server/db/schema';
import {
	estimateOfflineBytes,
	PAGE_OVERHEAD_BYTES
} from '../../src/lib/server/offline/estimate-offline-bytes';
import { listOfflinePages } from '../../src/lib/server/offline/list-offline-pages';
import { readSection } from '../../src/lib/server/workbook/read-section';
import { saveWorkbookSection } from '../../src/lib/server/workbook/save-workbook-section';
import { createTestDb } from '../helpers/db';
import { makeTeamWorld } from '../helpers/runs';
import { makeActor } from '../factories/org';

// Use without internet by a member alone: the pre- and post-test pages saved before the test is
// started (and the queue that answers them, replayed twice), the team's workbook pages saved with
// the course, and the size told before saving.

let handle: DbHandle;
let db: Db;
let curriculum: Curriculum;
let w: Awaited<ReturnType<typeof makeTeamWorld>>;
let other: Awaited<ReturnType<typeof makeTeamWorld>>;
const SECRET = 'offline-alone-test-secret';
const deps = () => ({ db, curriculum, secret: SECRET });
const list = (actor: Actor) =>
	listOfflinePages(deps(), actor, { course: 'think-coop', locale: 'es' });
const PRE = '/courses/think-coop/test/pre';

beforeAll(async () => {
	handle = await createTestDb();
	db = handle.db;
	curriculum = await getCurriculum();
	w = await makeTeamWorld(db, 3);
	other = await makeTeamWorld(db, 2);
	for (const c of [w.cohort, other.cohort])
		await db
			.update(cohort)
			.set({ courses: ['think-coop'] })
			.where(eq(cohort.id, c.id));
});
afterAll(() => handle.close());

const draftOf = (i: number, kind = 'pre') =>
	draftAttemptId(SECRET, {
		personId: w.people[i]!.id,
		cohortId: w.cohort.id,
		course: 'think-coop',
		kind
	});

/** One queued post as the phone keeps it: the use case it reaches when replayed. */
type Post = () => Promise<unknown>;

describe('the tests saved for a member alone', () => {
	const questions = () => curriculum.course('think-coop')!.preTest.questions;

	it('list, before the test is started, its questions for the attempt its Start will create', async () => {
		const { pages } = await list(w.actors[0]!);
		const x = draftOf(0);
		expect(pages).toContain(PRE);
		expect(pages).toContain(`${PRE}?attempt=${x}`);
		const asked = pages.filter((p) => p.startsWith(`${PRE}/`));
		expect(asked).toEqual(questions().map((_, i) => `${PRE}/${i + 1}?attempt=${x}`));
		// The post-test too, under its own id; another member's ids are not theirs.
		expect(pages).toContain(`/courses/think-coop/test/post/1?attempt=${draftOf(0, 'post')}`);
		expect(draftOf(1)).not.toBe(x);
		expect((await list(w.actors[1]!)).pages.join()).not.toContain(x);
		expect(new Set(pages).size).toBe(pages.length);
	});

	it('build the start page with that id, and the draft pages without writing anything', async () => {
		const x = draftOf(0);
		const start = await getTest(deps(), w.actors[0]!, 'think-coop', 'pre', 'es');
		expect(start.draftId).toBe(x);
		expect(start.attempt).toBeNull();
		const draft = await getTest(deps(), w.actors[0]!, 'think-coop', 'pre', 'es', x);
		expect(draft.draft).toBe(true);
		expect(draft.attempt).toMatchObject({ id: x, revision: 1, answered: 0, submitted: false });
		// Someone else's id, or any other, is not a draft: the test is simply not started.
		const wrong = await getTest(deps(), w.actors[1]!, 'think-coop', 'pre', 'es', x);
		expect(wrong.draft).toBe(false);
		expect(wrong.attempt).toBeNull();
		expect(
			await db.select().from(testAttempt).where(eq(testAttempt.personId, w.people[0]!.id))
		).toHaveLength(0);
		// Access is checked as on every test page: staff in no cohort are refused.
		await expect(
			getTest(deps(), await makeActor(db, 'coordinator'), 'think-coop', 'pre', 'es', x)
		).rejects.toMatchObject({ code: 'forbidden' });
	});

	it('take a queue kept offline (start, answers, a skip, hand in) exactly once, replayed twice', async () => {
		const actor = w.actors[0]!;
		const x = draftOf(0);
		const qs = questions();
		const base = { course: 'think-coop', kind: 'pre' };
		const answerOf = (q: (typeof qs)[number]) =>
			q.kind === 'truefalse'
				? ['true']
				: q.kind === 'multiple'
					? [q.options[0]!.id]
					: [q.options[1]!.id];
		// The revisions offline.js puts in: one more for each answer kept before, none for a skip.
		const queue: Post[] = [() => startTest(deps(), actor, { ...base, clientId: x })];
		let revision = 1;
		qs.forEach((q, i) => {
			const skip = i === 2;
			const rev = String(revision);
			queue.push(() =>
				answerTest(deps(), actor, {
					...base,
					attemptId: x,
					revision: rev,
					number: i + 1,
					question: q.id,
					values: skip ? [''] : answerOf(q)
				})
			);
			if (!skip) revision++;
		});
		const last = String(revision);
		queue.push(() => submitTest(deps(), actor, { ...base, attemptId: x, revision: last }));

		// Sent once, then again from the start (every answer lost on the way back).
		for (const post of queue) await post();
		for (const post of queue) await post();

		const rows = await db
			.select()
			.from(testAttempt)
			.where(eq(testAttempt.personId, w.people[0]!.id));
		expect(rows).toHaveLength(1);
		expect(rows[0]!.id).toBe(x);
		expect(rows[0]!.revision).toBe(revision);
		expect(Object.keys(rows[0]!.answers)).toHaveLength(qs.length - 1);
		expect(rows[0]!.submittedAt).not.toBeNull();
		const events = await db
			.select()
			.from(learningEvent)
			.where(eq(learningEvent.personId, w.people[0]!.id));
		// One score and one answer per question: recorded once, however often the queue came.
		expect(events.filter((e) => e.verb.endsWith('/scored'))).toHaveLength(1);
		expect(events).toHaveLength(qs.length + 1);
		// Handed in: the list keeps only the result page.
		const { pages } = await list(actor);
		expect(pages.filter((p) => p.startsWith(PRE))).toEqual([PRE]);
	});

	it('starts the attempt when an answer from a saved page arrives before its Start', async () => {
		const actor = w.actors[1]!;
		const x = draftOf(1);
		const q = questions()[0]!;
		const values = q.kind === 'truefalse' ? ['false'] : [q.options[0]!.id];
		await answerTest(deps(), actor, {
			course: 'think-coop',
			kind: 'pre',
			attemptId: x,
			revision: '1',
			number: 1,
			question: q.id,
			values
		});
		// The Start that follows resumes it; nothing is made twice.
		await startTest(deps(), actor, { course: 'think-coop', kind: 'pre', clientId: x });
		const rows = await db
			.select()
			.from(testAttempt)
			.where(eq(testAttempt.personId, w.people[1]!.id));
		expect(rows.map((r) => [r.id, r.revision])).toEqual([[x, 2]]);
		// Started: the questions are saved at their own addresses, for the real attempt.
		const { pages } = await list(actor);
		expect(pages.filter((p) => p.startsWith(`${PRE}/`))).toEqual(
			questions().map((_, i) => `${PRE}/${i + 1}`)
		);
	});

	it('refuses a made-up id of another member: an answer under it starts nothing', async () => {
		await expect(
			answerTest(deps(), w.actors[2]!, {
				course: 'think-coop',
				kind: 'pre',
				attemptId: draftOf(0, 'post'),
				revision: '1',
				number: 1,
				question: questions()[0]!.id,
				values: ['true']
			})
		).rejects.toMatchObject({ code: 'invalid_input' });
		expect(
			await db.select().from(testAttempt).where(eq(testAttempt.personId, w.people[2]!.id))
		).toHaveLength(0);
	});

	it('lists no test pages for staff who cannot take the tests', async () => {
		for (const actor of [w.lead, await makeActor(db, 'coordinator')]) {
			const { pages } = await list(actor);
			expect(pages.some((p) => p.includes('/test/'))).toBe(false);
		}
	});
});

describe('the team workbook saved with the course', () => {
	it("lists the member's team workbook and the sections the course fills, for members only", async () => {
		const { pages } = await list(w.actors[0]!);
		const wb = `/teams/${w.team.id}/workbook`;
		expect(pages.filter((p) => p.startsWith('/teams/'))).toEqual([wb, `${wb}/think.decision`]);
		// Another team's member, staff in no team: not this team's pages.
		for (const actor of [other.actors[0]!, w.lead, await makeActor(db, 'coordinator')])
			expect((await list(actor)).pages.join()).not.toContain(w.team.id);
		expect((await list(other.actors[0]!)).pages).toContain(`/teams/${other.team.id}/workbook`);
	});

	it('lists none for a team without a cooperative (it has no workbook)', async () => {
		await db.update(team).set({ cooperativeId: null }).where(eq(team.id, other.team.id));
		try {
			expect((await list(other.actors[0]!)).pages.some((p) => p.startsWith('/teams/'))).toBe(false);
		} finally {
			await db.update(team).set({ cooperativeId: other.coop.id }).where(eq(team.id, other.team.id));
		}
	});

	it('takes two saves of a section kept offline once each, replayed twice', async () => {
		const actor = w.actors[0]!;
		const key = 'think.decision';
		const ref = { cooperativeId: w.coop.id, programmeId: w.cohort.programmeId, sectionKey: key };
		const before = (await readSection(db, ref)).revision;
		// As offline.js keeps them: each its own client id, the second one revision further.
		const save = (values: Record<string, string>, revision: number, clientId: string) => () =>
			saveWorkbookSection(deps(), actor, {
				teamId: w.team.id,
				sectionKey: key,
				values,
				revision: String(revision),
				clientId
			});
		const queue = [
			save({ 'f.decision': 'yes', 'f.reasons': 'Vender juntos' }, before, randomUUID()),
			save(
				{ 'f.decision': 'yes', 'f.reasons': 'Vender juntos el estaño' },
				before + 1,
				randomUUID()
			)
		];
		for (const post of queue) expect(await post()).toMatchObject({ status: 'saved' });
		for (const post of queue) expect(await post()).toMatchObject({ status: 'saved' });
		const now = await readSection(db, ref);
		expect(now.revision).toBe(before + 2);
		expect(now.data).toMatchObject({ reasons: 'Vender juntos el estaño' });
		const revisions = await db.select().from(planRevision).where(eq(planRevision.sectionKey, key));
		expect(revisions.filter((r) => r.revision > before)).toHaveLength(2);
	});
});

describe('the size told before saving', () => {
	it('counts every page listed, each at least its layout, more for longer content', async () => {
		const l = await list(w.actors[0]!);
		expect(l.estimate.pages).toBe(l.pages.length);
		expect(l.estimate.bytes).toBeGreaterThan(l.pages.length * PAGE_OVERHEAD_BYTES);
		const one = (page: string) => estimateOfflineBytes(curriculum, 'think-coop', 'es', [page]);
		// A session page (a whole session's text) weighs more than one test question.
		const session = l.pages.find((p) => /^\/courses\/think-coop\/[^/]+\/[^/]+$/.test(p))!;
		expect(one(session).bytes).toBeGreaterThan(one(`${PRE}/1`).bytes);
		expect(one(`${PRE}/1`).bytes).toBeGreaterThan(PAGE_OVERHEAD_BYTES);
	});
});
