/**
 * Scoring of quiz answers: a group's answer in a session, and the pre-test and post-test. Pure.
 * One point per question answered exactly right. A `multiple` question counts only when the
 * chosen options are exactly the right ones (no partial credit: a member who ticks every box must
 * not score). An unanswered question scores nothing.
 */

export interface ScorableQuestion {
	id: string;
	kind: 'single' | 'multiple' | 'truefalse';
	/** An option id (`single`), a list of ids (`multiple`), or true/false (`truefalse`). */
	answer: string | readonly string[] | boolean;
	options?: readonly { id: string }[];
}
export type ScoredQuestion = ScorableQuestion;

/** An answer given: option id, list of option ids, or true/false. */
export type QuizAnswer = string | string[] | boolean;
export type QuizAnswers = Readonly<Record<string, unknown>>;

export interface QuizScore {
	score: number;
	max: number;
	/** Question id → answered right. */
	perQuestion: Record<string, boolean>;
}

export function isCorrect(q: ScorableQuestion, given: unknown): boolean {
	if (given === undefined || given === null) return false;
	switch (q.kind) {
		case 'truefalse':
			return typeof given === 'boolean' && given === q.answer;
		case 'single':
			return typeof given === 'string' && given === q.answer;
		case 'multiple': {
			if (!Array.isArray(given) || !Array.isArray(q.answer)) return false;
			const chosen = new Set(given);
			return (
				chosen.size === given.length &&
				chosen.size === q.answer.length &&
				q.answer.every((id) => chosen.has(id))
			);
		}
	}
}

export function scoreQuiz(questions: readonly ScorableQuestion[], answers: QuizAnswers): QuizScore {
	const perQuestion: Record<string, boolean> = {};
	let score = 0;
	for (const q of questions) {
		const right = Object.hasOwn(answers, q.id) && isCorrect(q, answers[q.id]);
		perQuestion[q.id] = right;
		if (right) score++;
	}
	return { score, max: questions.length, perQuestion };
}

/** Form name of a question's answer. */
export const answerName = (questionId: string) => `q.${questionId}`;

/** Form names that repeat (questions with several answers), for `formValues`. */
export const repeatedAnswerNames = (questions: readonly ScoredQuestion[]) =>
	questions.filter((q) => q.kind === 'multiple').map((q) => answerName(q.id));

export type AnswersResult =
	{ ok: true; answers: Record<string, QuizAnswer> } | { ok: false; errors: Record<string, string> };

/**
 * Posted answers (`q.<id>`) → answers, checked against each question: every question answered,
 * only its own options, true/false as "true" or "false". Errors are codes per question id.
 */
export function parseAnswers(
	questions: readonly ScoredQuestion[],
	raw: Record<string, string | string[] | undefined>,
	{ requireAll = true }: { requireAll?: boolean } = {}
): AnswersResult {
	const answers: Record<string, QuizAnswer> = {};
	const errors: Record<string, string> = {};
	for (const q of questions) {
		const v = raw[answerName(q.id)];
		const list = (Array.isArray(v) ? v : v === undefined ? [] : [v])
			.map((s) => s.trim())
			.filter(Boolean);
		if (!list.length) {
			if (requireAll) errors[q.id] = 'required';
			continue;
		}
		if (q.kind === 'truefalse') {
			if (list[0] === 'true' || list[0] === 'false') answers[q.id] = list[0] === 'true';
			else errors[q.id] = 'unknown_option';
			continue;
		}
		const known = new Set((q.options ?? []).map((o) => o.id));
		const ids = [...new Set(list)];
		if (ids.some((id) => !known.has(id)) || (q.kind === 'single' && ids.length > 1))
			errors[q.id] = 'unknown_option';
		else answers[q.id] = q.kind === 'single' ? ids[0]! : ids;
	}
	return Object.keys(errors).length ? { ok: false, errors } : { ok: true, answers };
}
