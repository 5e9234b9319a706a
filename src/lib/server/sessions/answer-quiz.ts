import { parseAnswers, scoreQuiz, type QuizAnswers } from '../../domain/quiz-score';
import type { Actor } from '../access/guard';
import { AppError } from '../errors';
import { recordEvents } from '../learning/record-event';
import { notifyRunChanged } from '../live/notify';
import type { StepSaveResult } from './save-worksheet';
import { loadStepTarget, revisionNumber, stepEvent, type StepDeps } from './step-target';
import { writeResponse } from './write-response';

export interface AnswerQuizInput {
	runId: string;
	step: unknown;
	/** The posted form (`q.<question>`). */
	values: Record<string, string | string[]>;
	revision: unknown;
}

/** Answers in the form's shape, to show a saved answer or one that was refused. */
export function answersToRaw(answers: QuizAnswers): Record<string, string | string[]> {
	const raw: Record<string, string | string[]> = {};
	for (const [id, a] of Object.entries(answers)) {
		if (a === undefined) continue;
		raw[`q.${id}`] = Array.isArray(a) ? a : String(a);
	}
	return raw;
}

/**
 * The group's answer to a quiz step, given after talking it over: every question answered, then
 * scored and kept with the run (a new revision if the group changes its answer). The page then
 * shows which answers were right and the explanations.
 */
export async function answerQuiz(
	deps: StepDeps,
	actor: Actor | null,
	input: AnswerQuizInput
): Promise<StepSaveResult> {
	const target = await loadStepTarget(deps, actor, input.runId, input.step, 'quiz');
	const { run, step, activity } = target;
	const me = actor!;
	const base = revisionNumber(input.revision);
	if (base === null) throw new AppError('invalid_input', 'revision', { _: 'invalid' });
	const parsed = parseAnswers(activity.questions, input.values);
	if (!parsed.ok) return { status: 'invalid', errors: parsed.errors };
	const { score, max, perQuestion } = scoreQuiz(activity.questions, parsed.answers);

	const saved = await deps.db.transaction(async (tx) => {
		const r = await writeResponse(
			tx,
			me,
			{ runId: run.id, step },
			{ data: { answers: parsed.answers }, baseRevision: base, score, maxScore: max }
		);
		if (r.status === 'saved')
			await recordEvents(tx, [
				stepEvent(me, target, 'answered', `answered:${r.revision}`, {
					score: { raw: score, min: 0, max, scaled: max ? score / max : 0 },
					success: score === max,
					response: perQuestion,
					extensions: { revision: r.revision, group: run.mode === 'group' }
				})
			]);
		return r;
	});
	if (saved.status === 'conflict') {
		const theirs = (saved.theirs.data.answers ?? {}) as QuizAnswers;
		return {
			status: 'conflict',
			theirs: {
				revision: saved.theirs.revision,
				values: answersToRaw(theirs),
				savedBy: saved.theirs.savedBy,
				savedAt: saved.theirs.savedAt
			}
		};
	}
	if (saved.changed) notifyRunChanged(run.id);
	return { status: 'saved', revision: saved.revision };
}
