import { and, eq, isNull } from 'drizzle-orm';
import { scoreQuiz, type QuizScore } from '../../domain/quiz-score';
import type { Actor } from '../access/guard';
import { testAttempt } from '../db/schema';
import { AppError } from '../errors';
import { contentIri, recordEvents } from '../learning/record-event';
import {
	loadAttempt,
	loadTestContext,
	parseRevision,
	type AttemptRow,
	type TestContext,
	type TestDeps
} from './test-context';

/**
 * Hands in the member's attempt: scores it, stores the score and records the learning events
 * (`scored` for the test, `answered` for each question) in the same transaction. Unanswered
 * questions score nothing. A retried submit returns the stored result; an attempt whose answers
 * changed on another phone since this page was built is a conflict (`test_stale`).
 */
export async function submitTest(
	deps: TestDeps,
	actor: Actor | null,
	input: { course: string; kind: string; attemptId: unknown; revision: unknown }
): Promise<{ score: number; max: number }> {
	const ctx = await loadTestContext(deps, actor, input.course, input.kind);
	const attempt = await loadAttempt(deps.db, ctx, input.attemptId);
	if (attempt.submittedAt) return { score: attempt.score ?? 0, max: attempt.maxScore ?? 0 };
	const revision = parseRevision(input.revision);
	if (revision !== attempt.revision)
		throw new AppError('conflict', 'stale', { _: 'test_stale_submit' });

	const result = scoreQuiz(ctx.quiz.questions, attempt.answers);
	const at = deps.now?.() ?? new Date();
	const done = await deps.db.transaction(async (tx) => {
		const [row] = await tx
			.update(testAttempt)
			.set({ score: result.score, maxScore: result.max, submittedAt: at })
			.where(
				and(
					eq(testAttempt.id, attempt.id),
					eq(testAttempt.revision, revision),
					isNull(testAttempt.submittedAt)
				)
			)
			.returning();
		if (!row) return null;
		await recordEvents(tx, events(ctx, actor!, row, result, at));
		return row;
	});
	if (done) return { score: result.score, max: result.max };
	// Someone else got there first: a parallel submit (its result stands) or a newer answer.
	const now = await loadAttempt(deps.db, ctx, attempt.id);
	if (now.submittedAt) return { score: now.score ?? 0, max: now.maxScore ?? 0 };
	throw new AppError('conflict', 'stale', { _: 'test_stale_submit' });
}

function events(ctx: TestContext, actor: Actor, row: AttemptRow, result: QuizScore, at: Date) {
	const test = `${ctx.kind}-test`;
	const context = {
		cohort: ctx.cohortId,
		cooperative: ctx.cooperativeId,
		team: ctx.teamId,
		attempt: row.id,
		contentVersion: row.contentVersion
	};
	const base = { userId: actor.userId, personId: ctx.personId, at, context };
	return [
		{
			...base,
			key: `test:${row.id}:scored`,
			verb: 'scored' as const,
			objectType: 'assessment' as const,
			objectId: contentIri(row.contentVersion, ctx.course.slug, test),
			result: {
				score: {
					raw: result.score,
					min: 0,
					max: result.max,
					scaled: result.max ? result.score / result.max : 0
				},
				completion: true
			}
		},
		...ctx.quiz.questions.map((q) => ({
			...base,
			key: `test:${row.id}:answered:${q.id}`,
			verb: 'answered' as const,
			objectType: 'activity' as const,
			objectId: contentIri(row.contentVersion, ctx.course.slug, test, q.id),
			result: {
				response: Object.hasOwn(row.answers, q.id) ? row.answers[q.id] : null,
				success: result.perQuestion[q.id] ?? false
			}
		}))
	];
}
