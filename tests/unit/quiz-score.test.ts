import { describe, expect, it } from 'vitest';
import { isCorrect, scoreQuiz, type ScorableQuestion } from '../../src/lib/domain/quiz-score';
import { isTestMove, moveTo, parseTestAnswer, sameAnswer } from '../../src/lib/domain/test-answer';

const single: ScorableQuestion = { id: 'q1', kind: 'single', answer: 'b' };
const multiple: ScorableQuestion = { id: 'q2', kind: 'multiple', answer: ['a', 'c'] };
const tf: ScorableQuestion = { id: 'q3', kind: 'truefalse', answer: false };
const questions = [single, multiple, tf];

describe('scoreQuiz', () => {
	it('gives one point per question answered exactly right', () => {
		expect(scoreQuiz(questions, { q1: 'b', q2: ['c', 'a'], q3: false })).toEqual({
			score: 3,
			max: 3,
			perQuestion: { q1: true, q2: true, q3: true }
		});
	});

	it('gives nothing for wrong, partial, excessive or unanswered answers', () => {
		expect(scoreQuiz(questions, { q1: 'a', q2: ['a'] })).toEqual({
			score: 0,
			max: 3,
			perQuestion: { q1: false, q2: false, q3: false }
		});
		expect(scoreQuiz(questions, { q2: ['a', 'b', 'c'] }).score).toBe(0);
		expect(scoreQuiz(questions, {}).score).toBe(0);
	});

	it('does not accept answers of the wrong shape', () => {
		expect(isCorrect(tf, 'false')).toBe(false);
		expect(isCorrect(single, ['b'])).toBe(false);
		expect(isCorrect(multiple, 'a')).toBe(false);
		expect(isCorrect(multiple, ['a', 'a', 'c'])).toBe(false);
		expect(isCorrect(single, null)).toBe(false);
	});

	it('ignores answers to questions the quiz does not have', () => {
		expect(scoreQuiz([single], { q1: 'b', other: 'x' })).toEqual({
			score: 1,
			max: 1,
			perQuestion: { q1: true }
		});
	});

	it('does not read inherited keys as answers', () => {
		const q: ScorableQuestion = { id: 'toString', kind: 'single', answer: 'a' };
		expect(scoreQuiz([q], {}).score).toBe(0);
	});

	it('scores an empty quiz as 0 of 0', () => {
		expect(scoreQuiz([], { q1: 'b' })).toEqual({ score: 0, max: 0, perQuestion: {} });
	});
});

describe('parseTestAnswer', () => {
	const opts = [{ id: 'a' }, { id: 'b' }, { id: 'c' }];
	it('reads one option, several in the question’s order, or true/false', () => {
		expect(parseTestAnswer({ id: 'q', kind: 'single', options: opts }, ['b'])).toEqual({
			ok: true,
			value: 'b'
		});
		expect(parseTestAnswer({ id: 'q', kind: 'multiple', options: opts }, ['c', 'a', 'c'])).toEqual({
			ok: true,
			value: ['a', 'c']
		});
		expect(parseTestAnswer({ id: 'q', kind: 'truefalse', options: [] }, ['false'])).toEqual({
			ok: true,
			value: false
		});
	});

	it('refuses nothing chosen, unknown options and two answers to a one-answer question', () => {
		expect(parseTestAnswer({ id: 'q', kind: 'single', options: opts }, [''])).toEqual({
			ok: false,
			error: 'required'
		});
		expect(parseTestAnswer({ id: 'q', kind: 'single', options: opts }, ['d'])).toEqual({
			ok: false,
			error: 'unknown_option'
		});
		expect(parseTestAnswer({ id: 'q', kind: 'multiple', options: opts }, ['a', 'x'])).toEqual({
			ok: false,
			error: 'unknown_option'
		});
		expect(parseTestAnswer({ id: 'q', kind: 'single', options: opts }, ['a', 'b'])).toEqual({
			ok: false,
			error: 'one_only'
		});
		expect(parseTestAnswer({ id: 'q', kind: 'truefalse', options: [] }, ['yes'])).toEqual({
			ok: false,
			error: 'unknown_option'
		});
		expect(parseTestAnswer({ id: 'q', kind: 'truefalse', options: [] }, ['true', 'false'])).toEqual(
			{ ok: false, error: 'one_only' }
		);
	});

	it('compares stored answers', () => {
		expect(sameAnswer(['a', 'c'], ['a', 'c'])).toBe(true);
		expect(sameAnswer(['a', 'c'], ['a'])).toBe(false);
		expect(sameAnswer(true, true)).toBe(true);
		expect(sameAnswer('a', 'b')).toBe(false);
		expect(sameAnswer(undefined, 'a')).toBe(false);
	});
});

describe('moveTo', () => {
	it('goes to the next or previous question, or back to the overview at either end', () => {
		expect(moveTo('next', 1, 12)).toBe(2);
		expect(moveTo('next', 12, 12)).toBeNull();
		expect(moveTo('back', 2, 12)).toBe(1);
		expect(moveTo('back', 1, 12)).toBeNull();
		expect(moveTo('list', 5, 12)).toBeNull();
	});

	it('knows only its three buttons', () => {
		expect(['next', 'back', 'list'].every(isTestMove)).toBe(true);
		expect(isTestMove('zz-not-an-option')).toBe(false);
		expect(isTestMove(['next'])).toBe(false);
	});
});
