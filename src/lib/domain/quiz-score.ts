/**
 * Scoring a quiz: one point per question answered exactly right. A `multiple` question counts
 * only when the chosen options are exactly the right ones (no partial credit: a member who ticks
 * every box must not score). An unanswered question scores nothing.
 */

export interface ScorableQuestion {
	id: string;
	kind: 'single' | 'multiple' | 'truefalse';
	/** An option id (`single`), a list of ids (`multiple`), or true/false (`truefalse`). */
	answer: string | string[] | boolean;
}

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

export function scoreQuiz(
	questions: readonly ScorableQuestion[],
	answers: Readonly<Record<string, unknown>>
): QuizScore {
	const perQuestion: Record<string, boolean> = {};
	let score = 0;
	for (const q of questions) {
		const right = Object.hasOwn(answers, q.id) && isCorrect(q, answers[q.id]);
		perQuestion[q.id] = right;
		if (right) score++;
	}
	return { score, max: questions.length, perQuestion };
}
