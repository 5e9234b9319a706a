import type { Actor } from '../access/guard';
import { testAttempt } from '../db/schema';
import { AppError } from '../errors';
import { findAttempt, loadTestContext, type AttemptRow, type TestDeps } from './test-context';

const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Starts the member's one attempt at a pre- or post-test, or resumes the one they have. The id
 * comes from the form (rendered when the page was built), so a retried post starts nothing new.
 * A test already submitted is refused: `conflict` with `test_taken` (the page shows the result),
 * unless the post names that attempt (a replay): then it leads to the result.
 * `nextQuestion` is the number (from 1) of the first question not answered yet, null when all are.
 */
export async function startTest(
	deps: TestDeps,
	actor: Actor | null,
	input: { course: string; kind: string; clientId: unknown }
): Promise<AttemptRow & { nextQuestion: number | null }> {
	const ctx = await loadTestContext(deps, actor, input.course, input.kind);
	if (typeof input.clientId !== 'string' || !uuid.test(input.clientId))
		throw new AppError('invalid_input', 'clientId', { _: 'test_no_attempt' });
	const existing = await findAttempt(deps.db, ctx);
	// The Start of this very attempt again (a queue replayed after its answer was lost) is taken:
	// it leads to the result. Any other Start after handing in is a second attempt.
	if (existing?.submittedAt && existing.id !== input.clientId)
		throw new AppError('conflict', 'taken', { _: 'test_taken' });
	const resume = (row: AttemptRow) => {
		const i = ctx.quiz.questions.findIndex((q) => !Object.hasOwn(row.answers, q.id));
		return { ...row, nextQuestion: i === -1 || row.submittedAt ? null : i + 1 };
	};
	if (existing) return resume(existing);
	// A parallel start (two taps, two phones) meets the unique index and resumes the winner's.
	await deps.db
		.insert(testAttempt)
		.values({
			id: input.clientId,
			personId: ctx.personId,
			cohortId: ctx.cohortId,
			course: ctx.course.slug,
			kind: ctx.kind,
			contentVersion: ctx.version,
			startedAt: deps.now?.() ?? new Date()
		})
		.onConflictDoNothing();
	const row = await findAttempt(deps.db, ctx);
	// Only an id already taken by another attempt gets here.
	if (!row) throw new AppError('invalid_input', 'clientId', { _: 'test_no_attempt' });
	return resume(row);
}
