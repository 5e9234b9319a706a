import { and, eq, isNull, sql } from 'drizzle-orm';
import { parseTestAnswer, sameAnswer, type TestAnswer } from '../../domain/test-answer';
import type { Actor } from '../access/guard';
import { testAttempt } from '../db/schema';
import { AppError } from '../errors';
import { draftAttemptId } from './draft-attempt-id';
import { startTest } from './start-test';
import {
	findAttempt,
	loadAttempt,
	loadTestContext,
	parseRevision,
	type TestContext,
	type TestDeps
} from './test-context';

export interface AnswerInput {
	course: string;
	kind: string;
	attemptId: unknown;
	/** The attempt's revision the page was built on. */
	revision: unknown;
	/** The question's number in the test (from 1: the page's) and its id (the form's). */
	number: number;
	question: unknown;
	/** The values posted for the answer (one for a radio button, several for check boxes). */
	values: readonly string[];
}

/**
 * Saves one answer of the member's attempt: the question must be in the test and the answer one
 * of its options. The revision guards against another phone having changed the same attempt: a
 * different saved answer is a conflict (`test_stale`, the page shows both); the same answer (a
 * retried post) is simply accepted. A submitted attempt takes no more answers (a replayed one that
 * is already its answer, or a skip, is accepted and changes nothing). Nothing chosen
 * saves nothing (the member skips the question for now), but the rest of the form is still checked.
 */
export async function answerTest(
	deps: TestDeps,
	actor: Actor | null,
	input: AnswerInput
): Promise<{ revision: number; answer: TestAnswer | null; total: number }> {
	const ctx = await loadTestContext(deps, actor, input.course, input.kind);
	// A page saved before the test was started names the attempt its Start will create: an answer
	// sent before that Start (the signal came back between pages) starts it, as the Start would.
	if (isDraftOf(deps, ctx, input.attemptId) && !(await findAttempt(deps.db, ctx)))
		await startTest(deps, actor, { ...input, clientId: input.attemptId });
	const attempt = await loadAttempt(deps.db, ctx, input.attemptId);
	const total = ctx.quiz.questions.length;
	if (!Number.isInteger(input.number) || input.number < 1 || input.number > total)
		throw new AppError('not_found', 'question number');
	const question = ctx.quiz.questions[input.number - 1]!;
	if (attempt.submittedAt) {
		// A replayed answer that is already the handed-in one, or a replayed skip, changes nothing.
		const again = question.id === input.question && parseTestAnswer(question, input.values);
		if (question.id === input.question && input.values.every((v) => v === ''))
			return { revision: attempt.revision, answer: null, total };
		if (again && again.ok && sameAnswer(attempt.answers[question.id], again.value))
			return { revision: attempt.revision, answer: again.value, total };
		throw new AppError('conflict', 'submitted', { _: 'test_submitted' });
	}
	if (question.id !== input.question)
		throw new AppError('invalid_input', 'question', { question: 'test_unknown_question' });
	const revision = parseRevision(input.revision);
	// Nothing chosen: the question is left for later; nothing is written.
	if (input.values.every((v) => v === ''))
		return { revision: attempt.revision, answer: null, total };
	const parsed = parseTestAnswer(question, input.values);
	if (!parsed.ok)
		throw new AppError('invalid_input', 'answer', { answer: `test_answer_${parsed.error}` });

	const [saved] = await deps.db
		.update(testAttempt)
		.set({
			answers: sql`${testAttempt.answers} || ${JSON.stringify({ [question.id]: parsed.value })}::jsonb`,
			revision: sql`${testAttempt.revision} + 1`
		})
		.where(
			and(
				eq(testAttempt.id, attempt.id),
				eq(testAttempt.revision, revision),
				isNull(testAttempt.submittedAt)
			)
		)
		.returning({ revision: testAttempt.revision });
	if (saved) return { revision: saved.revision, answer: parsed.value, total };

	// Not saved: submitted meanwhile, or the attempt moved on since this page was built.
	const now = await loadAttempt(deps.db, ctx, attempt.id);
	if (now.submittedAt) throw new AppError('conflict', 'submitted', { _: 'test_submitted' });
	if (sameAnswer(now.answers[question.id], parsed.value))
		return { revision: now.revision, answer: parsed.value, total };
	throw new AppError('conflict', 'stale', { answer: 'test_stale' });
}

function isDraftOf(deps: TestDeps, ctx: TestContext, attemptId: unknown): boolean {
	return (
		!!deps.secret &&
		attemptId ===
			draftAttemptId(deps.secret, {
				personId: ctx.personId,
				cohortId: ctx.cohortId,
				course: ctx.course.slug,
				kind: ctx.kind
			})
	);
}
