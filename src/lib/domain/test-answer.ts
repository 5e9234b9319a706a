/**
 * Reading one answer of a pre- or post-test from a posted form: option ids as they came from
 * radio buttons or check boxes, or `true` / `false`. Anything that is not one of the question's
 * options is refused with an error code (shown translated next to the question).
 */

export interface AnswerableQuestion {
	id: string;
	kind: 'single' | 'multiple' | 'truefalse';
	options: readonly { id: string }[];
}

export type TestAnswer = string | string[] | boolean;

export type AnswerError = 'required' | 'unknown_option' | 'one_only';

export type ParsedAnswer = { ok: true; value: TestAnswer } | { ok: false; error: AnswerError };

/** `raw` is the list of values posted under the answer's name (empty when nothing was chosen). */
export function parseTestAnswer(q: AnswerableQuestion, raw: readonly string[]): ParsedAnswer {
	const values = raw.filter((v) => v !== '');
	if (values.length === 0) return { ok: false, error: 'required' };
	if (q.kind === 'truefalse') {
		if (values.length > 1) return { ok: false, error: 'one_only' };
		if (values[0] === 'true') return { ok: true, value: true };
		if (values[0] === 'false') return { ok: true, value: false };
		return { ok: false, error: 'unknown_option' };
	}
	const ids = new Set(q.options.map((o) => o.id));
	if (values.some((v) => !ids.has(v))) return { ok: false, error: 'unknown_option' };
	if (q.kind === 'single') {
		if (values.length > 1) return { ok: false, error: 'one_only' };
		return { ok: true, value: values[0]! };
	}
	// In the question's order, each once: the same choice is the same stored answer.
	const chosen = new Set(values);
	return { ok: true, value: q.options.map((o) => o.id).filter((id) => chosen.has(id)) };
}

/** Whether two stored answers are the same (a retried post carries the answer already saved). */
export function sameAnswer(a: unknown, b: unknown): boolean {
	if (Array.isArray(a) && Array.isArray(b))
		return a.length === b.length && a.every((x, i) => x === b[i]);
	return a === b;
}

export const testMoves = ['next', 'back', 'list'] as const;
export type TestMove = (typeof testMoves)[number];

export const isTestMove = (s: unknown): s is TestMove =>
	typeof s === 'string' && (testMoves as readonly string[]).includes(s);

/** Where a question page's button leads: another question (from 1), or null for the overview. */
export function moveTo(move: TestMove, number: number, total: number): number | null {
	const to = move === 'next' ? number + 1 : move === 'back' ? number - 1 : 0;
	return to >= 1 && to <= total ? to : null;
}
