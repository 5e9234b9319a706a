import { randomUUID } from 'node:crypto';
import { resolve } from 'node:path';
import { and, eq, like } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../../src/lib/server/access/guard';
import { answerTest } from '../../src/lib/server/assessment/answer-test';
import { getCourseTests, getTest } from '../../src/lib/server/assessment/get-test';
import { listTestScores } from '../../src/lib/server/assessment/list-test-scores';
import { startTest } from '../../src/lib/server/assessment/start-test';
import { submitTest } from '../../src/lib/server/assessment/submit-test';
import type { TestDeps } from '../../src/lib/server/assessment/test-context';
import { loadCurriculum } from '../../src/lib/server/curriculum/load-curriculum';
import type { Curriculum, Question } from '../../src/lib/server/curriculum/schema';
import type { DbHandle } from '../../src/lib/server/db/client';
import { cohort, enrolment, learningEvent, testAttempt } from '../../src/lib/server/db/schema';
import { AppError } from '../../src/lib/server/errors';
import { createTestDb } from '../helpers/db';
import { makeActor, makePerson, makeWorld } from '../factories/org';

let handle: DbHandle;
let deps: TestDeps;
let curriculum: Curriculum;
let w: Awaited<ReturnType<typeof makeWorld>>;
/** Members of cohort A (Think.COOP): p1a, p1b of cooperative 1; pOther of cooperative 2. */
let member: Actor;
let member2: Actor;
let otherCoopMember: Actor;
/** p2a: enrolled in cohort B, which has only Start.COOP. */
let memberB: Actor;
let facilitatorA: Actor;
let facilitatorB: Actor;
let coordinator: Actor;
let admin: Actor;
let lead: Actor;
let focal: Actor;

beforeAll(async () => {
	handle = await createTestDb();
	curriculum = await loadCurriculum(resolve('content'));
	deps = { db: handle.db, curriculum };
	const db = handle.db;
	w = await makeWorld(db);
	await db
		.update(cohort)
		.set({ courses: ['think-coop'] })
		.where(eq(cohort.id, w.cohortA.id));
	await db
		.update(cohort)
		.set({ courses: ['start-coop'] })
		.where(eq(cohort.id, w.cohortB.id));
	const pOther = await makePerson(db, w.coop2.id);
	await db
		.insert(enrolment)
		.values({ cohortId: w.cohortA.id, personId: pOther.id, cooperativeId: w.coop2.id });
	member = await makeActor(db, 'participant', { personId: w.p1a.id });
	member2 = await makeActor(db, 'participant', { personId: w.p1b.id });
	otherCoopMember = await makeActor(db, 'participant', { personId: pOther.id });
	memberB = await makeActor(db, 'participant', { personId: w.p2a.id });
	facilitatorA = await makeActor(db, 'facilitator', { cohortId: w.cohortA.id });
	facilitatorB = await makeActor(db, 'facilitator', { cohortId: w.cohortB.id });
	coordinator = await makeActor(db, 'coordinator');
	admin = await makeActor(db, 'admin');
	lead = await makeActor(db, 'cooperative_lead', { cooperativeId: w.coop1.id });
	focal = await makeActor(db, 'federation_focal_point', { federationId: w.fed1.id });
});
afterAll(() => handle.close());

const pre = () => curriculum.course('think-coop')!.preTest;

/** A question's number (from 1) in its test: the page it is asked on. */
function numberOf(q: Question): number {
	const c = curriculum.course('think-coop')!;
	const i = [c.preTest, c.postTest].map((t) => t.questions.indexOf(q)).find((x) => x >= 0);
	return i! + 1;
}

/** The form values of a question's right answer, or of a wrong one. */
function formAnswer(q: Question, right: boolean): string[] {
	if (q.kind === 'truefalse') return [String(right ? q.answer : !q.answer)];
	const ids = Array.isArray(q.answer) ? q.answer : [q.answer as string];
	if (right) return ids;
	return [q.options.find((o) => !ids.includes(o.id))!.id];
}

async function code(
	p: Promise<unknown>
): Promise<{ code: string; fields?: Record<string, string> }> {
	try {
		await p;
	} catch (e) {
		if (e instanceof AppError) return { code: e.code, fields: e.fields };
		throw e;
	}
	throw new Error('expected an AppError');
}

const input = <T extends Record<string, unknown>>(over: T = {} as T) => ({
	course: 'think-coop',
	kind: 'pre',
	clientId: undefined as unknown,
	...over
});

async function events(personId: string) {
	return handle.db
		.select()
		.from(learningEvent)
		.where(and(eq(learningEvent.personId, personId), like(learningEvent.objectId, '%pre-test%')));
}

describe('taking the pre-test', () => {
	let attemptId: string;
	let revision: number;

	it('starts one attempt per member; a retried or second start resumes it', async () => {
		attemptId = randomUUID();
		const a = await startTest(deps, member, input({ clientId: attemptId }));
		expect(a.id).toBe(attemptId);
		expect(a.revision).toBe(1);
		expect(a.nextQuestion).toBe(1);
		const again = await startTest(deps, member, input({ clientId: attemptId }));
		expect(again.id).toBe(attemptId);
		const other = await startTest(deps, member, input({ clientId: randomUUID() }));
		expect(other.id).toBe(attemptId);
		const rows = await handle.db
			.select()
			.from(testAttempt)
			.where(eq(testAttempt.personId, w.p1a.id));
		expect(rows).toHaveLength(1);
		expect(rows[0]!.cohortId).toBe(w.cohortA.id);
		expect(rows[0]!.contentVersion).toBe(curriculum.version);
		revision = a.revision;
	});

	it('refuses a start id that is not a UUID', async () => {
		expect(await code(startTest(deps, member2, input({ clientId: 'x' })))).toMatchObject({
			code: 'invalid_input'
		});
	});

	it('saves answers one question at a time, guarded by the revision', async () => {
		const [q1, q2] = pre().questions;
		const saved = await answerTest(deps, member, {
			...input(),
			attemptId,
			revision: String(revision),
			question: q1!.id,
			number: numberOf(q1!),
			values: formAnswer(q1!, true)
		});
		expect(saved.revision).toBe(revision + 1);
		// The same post again (a double tap): accepted, nothing new written.
		const retry = await answerTest(deps, member, {
			...input(),
			attemptId,
			revision: String(revision),
			question: q1!.id,
			number: numberOf(q1!),
			values: formAnswer(q1!, true)
		});
		expect(retry.revision).toBe(revision + 1);
		// Another phone built on the old revision and chose differently: a conflict.
		expect(
			await code(
				answerTest(deps, member, {
					...input(),
					attemptId,
					revision: String(revision),
					question: q1!.id,
					number: numberOf(q1!),
					values: formAnswer(q1!, false)
				})
			)
		).toEqual({ code: 'conflict', fields: { answer: 'test_stale' } });
		revision = saved.revision;
		const second = await answerTest(deps, member, {
			...input(),
			attemptId,
			revision: String(revision),
			question: q2!.id,
			number: numberOf(q2!),
			values: formAnswer(q2!, false)
		});
		revision = second.revision;
		const [row] = await handle.db.select().from(testAttempt).where(eq(testAttempt.id, attemptId));
		expect(Object.keys(row!.answers).sort()).toEqual([q1!.id, q2!.id].sort());
		expect(row!.revision).toBe(revision);
	});

	it('refuses unknown questions, options not in the question and tampered revisions', async () => {
		const q = pre().questions.find((x) => x.kind === 'single')!;
		const tf = pre().questions.find((x) => x.kind === 'truefalse')!;
		const base = { ...input(), attemptId, revision: String(revision) };
		expect(
			await code(answerTest(deps, member, { ...base, question: 'nope', number: 1, values: ['a'] }))
		).toEqual({ code: 'invalid_input', fields: { question: 'test_unknown_question' } });
		expect(
			await code(
				answerTest(deps, member, { ...base, question: q.id, number: numberOf(q), values: ['zz'] })
			)
		).toEqual({ code: 'invalid_input', fields: { answer: 'test_answer_unknown_option' } });
		expect(
			await code(
				answerTest(deps, member, {
					...base,
					question: q.id,
					number: numberOf(q),
					values: q.options.map((o) => o.id)
				})
			)
		).toEqual({ code: 'invalid_input', fields: { answer: 'test_answer_one_only' } });
		expect(
			await code(
				answerTest(deps, member, {
					...base,
					question: tf.id,
					number: numberOf(tf),
					values: ['maybe']
				})
			)
		).toEqual({ code: 'invalid_input', fields: { answer: 'test_answer_unknown_option' } });
		// The page's number and the form's question must agree; a number past the end is no page.
		expect(
			await code(answerTest(deps, member, { ...base, question: q.id, number: 99, values: ['a'] }))
		).toMatchObject({ code: 'not_found' });
		expect(
			await code(
				answerTest(deps, member, {
					...base,
					question: q.id,
					number: numberOf(q) + 1,
					values: ['a']
				})
			)
		).toEqual({ code: 'invalid_input', fields: { question: 'test_unknown_question' } });
		// Nothing chosen: skipped for now, nothing written; the other fields are still checked.
		expect(
			await answerTest(deps, member, { ...base, question: q.id, number: numberOf(q), values: [''] })
		).toEqual({
			revision,
			answer: null,
			total: pre().questions.length
		});
		expect(
			await code(answerTest(deps, member, { ...base, question: 'nope', number: 1, values: [] }))
		).toEqual({ code: 'invalid_input', fields: { question: 'test_unknown_question' } });
		expect(
			await code(
				answerTest(deps, member, {
					...base,
					revision: 'x',
					question: q.id,
					number: numberOf(q),
					values: []
				})
			)
		).toMatchObject({ code: 'invalid_input' });
		expect(
			await code(
				answerTest(deps, member, {
					...base,
					revision: '-1',
					question: q.id,
					number: numberOf(q),
					values: ['a']
				})
			)
		).toMatchObject({ code: 'invalid_input' });
		expect(
			await code(
				answerTest(deps, member, {
					...base,
					attemptId: randomUUID(),
					question: q.id,
					number: numberOf(q),
					values: ['a']
				})
			)
		).toEqual({ code: 'invalid_input', fields: { _: 'test_no_attempt' } });
	});

	it('resumes on any device: the answers come back, the right answers do not yet', async () => {
		const view = await getTest(deps, member, 'think-coop', 'pre', 'es');
		expect(view.attempt).toMatchObject({ id: attemptId, revision, answered: 2, submitted: false });
		expect(view.questions).toHaveLength(pre().questions.length);
		expect(view.questions.every((q) => q.result === undefined)).toBe(true);
		// "Start" on another phone resumes at the first question not answered.
		const again = await startTest(deps, member, input({ clientId: randomUUID() }));
		expect(again).toMatchObject({ id: attemptId, nextQuestion: 3 });
		const status = await getCourseTests(deps, member, 'think-coop');
		expect(status?.pre).toMatchObject({ status: 'started', answered: 2 });
		expect(status?.post.status).toBe('new');
	});

	it('scores on submit: right answers count, wrong and unanswered do not', async () => {
		const qs = pre().questions;
		// Questions 3–6 right (q1 right, q2 wrong already), the rest unanswered.
		for (const q of qs.slice(2, 6)) {
			({ revision } = await answerTest(deps, member, {
				...input(),
				attemptId,
				revision: String(revision),
				question: q.id,
				number: numberOf(q),
				values: formAnswer(q, true)
			}));
		}
		// A submit built before the last answer is stale.
		expect(
			await code(
				submitTest(deps, member, { ...input(), attemptId, revision: String(revision - 1) })
			)
		).toEqual({ code: 'conflict', fields: { _: 'test_stale_submit' } });
		const result = await submitTest(deps, member, {
			...input(),
			attemptId,
			revision: String(revision)
		});
		expect(result).toEqual({ score: 5, max: qs.length });
		const view = await getTest(deps, member, 'think-coop', 'pre', 'es');
		expect(view.attempt).toMatchObject({ submitted: true, score: 5, max: qs.length });
		expect(view.questions[0]!.result?.correct).toBe(true);
		expect(view.questions[1]!.result?.correct).toBe(false);
		expect(view.questions[1]!.result?.explanation).toBeTruthy();
		expect(view.questions[9]!.result?.correct).toBe(false);
	});

	it('records one scored and one answered event per question, once', async () => {
		const first = await events(w.p1a.id);
		const n = pre().questions.length;
		expect(first).toHaveLength(n + 1);
		const scored = first.filter((e) => e.verb.endsWith('/scored'));
		expect(scored).toHaveLength(1);
		expect(scored[0]!.result).toMatchObject({ score: { raw: 5, max: n } });
		expect(scored[0]!.objectId).toBe(`urn:minka:content:${curriculum.version}:think-coop/pre-test`);
		expect(scored[0]!.context).toMatchObject({ cohort: w.cohortA.id, attempt: attemptId });
		// A retried submit returns the stored result and writes nothing.
		expect(
			await submitTest(deps, member, { ...input(), attemptId, revision: String(revision) })
		).toEqual({ score: 5, max: n });
		expect(await events(w.p1a.id)).toHaveLength(n + 1);
	});

	it('refuses a second attempt and any answer after submitting', async () => {
		expect(await code(startTest(deps, member, input({ clientId: randomUUID() })))).toEqual({
			code: 'conflict',
			fields: { _: 'test_taken' }
		});
		const q = pre().questions[8]!;
		expect(
			await code(
				answerTest(deps, member, {
					...input(),
					attemptId,
					revision: String(revision),
					question: q.id,
					number: numberOf(q),
					values: formAnswer(q, true)
				})
			)
		).toEqual({ code: 'conflict', fields: { _: 'test_submitted' } });
		const [row] = await handle.db.select().from(testAttempt).where(eq(testAttempt.id, attemptId));
		expect(Object.hasOwn(row!.answers, q.id)).toBe(false);
	});

	it('shows the gain once the post-test is done too', async () => {
		const post = curriculum.course('think-coop')!.postTest;
		const a = await startTest(deps, member, input({ kind: 'post', clientId: randomUUID() }));
		let rev = a.revision;
		for (const q of post.questions)
			({ revision: rev } = await answerTest(deps, member, {
				...input({ kind: 'post' }),
				attemptId: a.id,
				revision: String(rev),
				question: q.id,
				number: numberOf(q),
				values: formAnswer(q, true)
			}));
		const r = await submitTest(deps, member, {
			...input({ kind: 'post' }),
			attemptId: a.id,
			revision: String(rev)
		});
		expect(r).toEqual({ score: post.questions.length, max: post.questions.length });
		const status = await getCourseTests(deps, member, 'think-coop');
		expect(status).toMatchObject({
			pre: { status: 'done', score: 5 },
			post: { status: 'done', score: post.questions.length },
			gain: post.questions.length - 5
		});
		const view = await getTest(deps, member, 'think-coop', 'post', 'en');
		expect(view.other).toEqual({ score: 5, max: pre().questions.length });
	});
});

describe('who may take a test', () => {
	it('a member of another cooperative in the cohort takes their own, not someone else’s', async () => {
		const mine = await startTest(deps, otherCoopMember, input({ clientId: randomUUID() }));
		const theirs = await handle.db
			.select()
			.from(testAttempt)
			.where(eq(testAttempt.personId, w.p1a.id));
		expect(mine.id).not.toBe(theirs[0]!.id);
		const q = pre().questions[0]!;
		expect(
			await code(
				answerTest(deps, otherCoopMember, {
					...input(),
					attemptId: theirs[0]!.id,
					revision: '1',
					question: q.id,
					number: numberOf(q),
					values: formAnswer(q, true)
				})
			)
		).toEqual({ code: 'invalid_input', fields: { _: 'test_no_attempt' } });
		expect(
			await code(
				submitTest(deps, otherCoopMember, { ...input(), attemptId: theirs[0]!.id, revision: '99' })
			)
		).toEqual({ code: 'invalid_input', fields: { _: 'test_no_attempt' } });
	});

	it('a member of a cohort without the course is refused', async () => {
		expect(await code(startTest(deps, memberB, input({ clientId: randomUUID() })))).toMatchObject({
			code: 'forbidden'
		});
		expect(await code(getTest(deps, memberB, 'think-coop', 'pre', 'es'))).toMatchObject({
			code: 'forbidden'
		});
		expect(await getCourseTests(deps, memberB, 'think-coop')).toBeNull();
		// Their own cohort's course is theirs to take.
		expect((await getCourseTests(deps, memberB, 'start-coop'))?.pre.status).toBe('new');
	});

	it('staff and a cooperative lead who is not enrolled cannot take it', async () => {
		for (const actor of [facilitatorA, coordinator, admin, lead, focal]) {
			expect(await code(startTest(deps, actor, input({ clientId: randomUUID() })))).toMatchObject({
				code: 'forbidden'
			});
			expect(await getCourseTests(deps, actor, 'think-coop')).toBeNull();
		}
		expect(await code(startTest(deps, null, input({ clientId: randomUUID() })))).toMatchObject({
			code: 'unauthenticated'
		});
	});

	it('a withdrawn member is refused', async () => {
		await handle.db
			.update(enrolment)
			.set({ status: 'withdrawn' })
			.where(eq(enrolment.personId, w.p1b.id));
		expect(await code(getTest(deps, member2, 'think-coop', 'pre', 'es'))).toMatchObject({
			code: 'forbidden'
		});
		await handle.db
			.update(enrolment)
			.set({ status: 'active' })
			.where(eq(enrolment.personId, w.p1b.id));
		expect((await getTest(deps, member2, 'think-coop', 'pre', 'es')).attempt).toBeNull();
	});

	it('unknown courses and kinds are not found', async () => {
		expect(await code(getTest(deps, member, 'nope', 'pre', 'es'))).toMatchObject({
			code: 'not_found'
		});
		expect(await code(getTest(deps, member, 'think-coop', 'middle', 'es'))).toMatchObject({
			code: 'not_found'
		});
	});
});

describe('the cohort’s scores', () => {
	it('are listed for those who follow the cohort, submitted attempts only', async () => {
		for (const actor of [facilitatorA, coordinator, admin]) {
			const rows = await listTestScores(deps, actor, w.cohortA.id);
			expect(rows.map((r) => [r.personId, r.kind, r.score])).toEqual([
				[w.p1a.id, 'post', curriculum.course('think-coop')!.postTest.questions.length],
				[w.p1a.id, 'pre', 5]
			]);
		}
	});

	it('are refused to everyone else', async () => {
		for (const actor of [facilitatorB, member, lead, focal])
			expect(await code(listTestScores(deps, actor, w.cohortA.id))).toMatchObject({
				code: 'forbidden'
			});
	});
});
