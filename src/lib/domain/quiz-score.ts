/**
 * Scoring of quiz answers: a group's answer in a session, and the pre-test and post-test. Pure.
 * One point per question answered exactly right (for `multiple`, exactly the right set).
 */

export interface ScoredQuestion {
	id: string;
	kind: 'single' | 'multiple' | 'truefalse';
	/** An option id; a list of ids for `multiple`; true/false for `truefalse`. */
	answer: string | readonly string[] | boolean;
	options?: readonly { id: string }[];
}

/** An answer given: option id, list of option ids, or true/false. */
export type QuizAnswer = string | string[] | boolean;
export type QuizAnswers = Record<string, QuizAnswer | undefined>;

export interface QuizScore {
	score: number;
	max: number;
	perQuestion: Record<string, boolean>;
}

function isRight(q: ScoredQuestion, given: QuizAnswer | undefined): boolean {
	if (given === undefined) return false;
	if (q.kind === 'truefalse') return given === q.answer;
	if (q.kind === 'single') return typeof given === 'string' && given === q.answer;
	if (!Array.isArray(given) || !Array.isArray(q.answer)) return false;
	const want = new Set<string>(q.answer);
	const got = new Set(given);
	return got.size === want.size && [...got].every((id) => want.has(id));
}

export function scoreQuiz(questions: readonly ScoredQuestion[], answers: QuizAnswers): QuizScore {
	const perQuestion: Record<string, boolean> = {};
	let score = 0;
	for (const q of questions) {
		const right = isRight(q, answers[q.id]);
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
