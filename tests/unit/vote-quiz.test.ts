import { describe, expect, it } from 'vitest';
import { parseDecision } from '../../src/lib/domain/vote-rules';
import { parseAnswers, scoreQuiz, type ScoredQuestion } from '../../src/lib/domain/quiz-score';

const rules = { optionIds: ['yes', 'no', 'not-yet'], presentCount: 5 };

describe('parseDecision', () => {
	it('records consensus without counts', () => {
		expect(
			parseDecision(
				{ method: 'consensus', option: 'yes', reasons: ' Porque sí ', yes: '99' },
				rules
			)
		).toEqual({
			ok: true,
			decision: { method: 'consensus', optionId: 'yes', reasons: 'Porque sí' }
		});
	});

	it('records a vote within those present', () => {
		expect(
			parseDecision(
				{ method: 'vote', option: 'not-yet', reasons: 'r', yes: '3', no: '1', abstain: '' },
				rules
			)
		).toEqual({
			ok: true,
			decision: { method: 'vote', optionId: 'not-yet', reasons: 'r', yes: 3, no: 1, abstain: 0 }
		});
		expect(parseDecision({ method: 'vote', option: 'yes', reasons: 'r', yes: '5' }, rules).ok).toBe(
			true
		);
	});

	it('refuses more votes than people present, no votes, a lost vote, bad counts', () => {
		const vote = (yes: string, no = '0', abstain = '0') =>
			parseDecision({ method: 'vote', option: 'yes', reasons: 'r', yes, no, abstain }, rules);
		expect(vote('4', '1', '1')).toEqual({ ok: false, errors: { votes: 'too_many_votes:5' } });
		expect(vote('0')).toEqual({ ok: false, errors: { votes: 'no_votes' } });
		expect(vote('2', '2')).toEqual({ ok: false, errors: { votes: 'not_carried' } });
		expect(vote('-1')).toEqual({ ok: false, errors: { yes: 'invalid_number' } });
		expect(vote('2.5')).toEqual({ ok: false, errors: { yes: 'invalid_number' } });
	});

	it('needs a known method and option and bounded reasons', () => {
		expect(parseDecision({ method: 'coin', option: 'maybe', reasons: '' }, rules)).toEqual({
			ok: false,
			errors: { method: 'unknown_option', option: 'unknown_option', reasons: 'required' }
		});
		expect(
			parseDecision({ method: 'consensus', option: 'no', reasons: 'x'.repeat(2001) }, rules)
		).toEqual({ ok: false, errors: { reasons: 'too_long:2000' } });
		expect(parseDecision({}, rules)).toEqual({
			ok: false,
			errors: { method: 'required', option: 'required', reasons: 'required' }
		});
	});
});

const questions: ScoredQuestion[] = [
	{ id: 'q1', kind: 'single', answer: 'b', options: [{ id: 'a' }, { id: 'b' }] },
	{
		id: 'q2',
		kind: 'multiple',
		answer: ['a', 'c'],
		options: [{ id: 'a' }, { id: 'b' }, { id: 'c' }]
	},
	{ id: 'q3', kind: 'truefalse', answer: false }
];

describe('scoreQuiz', () => {
	it('gives a point per exactly right answer', () => {
		expect(scoreQuiz(questions, { q1: 'b', q2: ['c', 'a'], q3: false })).toEqual({
			score: 3,
			max: 3,
			perQuestion: { q1: true, q2: true, q3: true }
		});
		expect(scoreQuiz(questions, { q1: 'a', q2: ['a'], q3: 'false' as never })).toEqual({
			score: 0,
			max: 3,
			perQuestion: { q1: false, q2: false, q3: false }
		});
		expect(scoreQuiz(questions, { q2: ['a', 'b', 'c'] }).score).toBe(0);
	});
});

describe('parseAnswers', () => {
	it('reads the posted answers', () => {
		expect(parseAnswers(questions, { 'q.q1': 'b', 'q.q2': ['a', 'c'], 'q.q3': 'false' })).toEqual({
			ok: true,
			answers: { q1: 'b', q2: ['a', 'c'], q3: false }
		});
	});

	it('refuses unknown options and unanswered questions', () => {
		expect(parseAnswers(questions, { 'q.q1': 'z', 'q.q2': ['a', 'x'], 'q.q3': 'maybe' })).toEqual({
			ok: false,
			errors: { q1: 'unknown_option', q2: 'unknown_option', q3: 'unknown_option' }
		});
		expect(parseAnswers(questions, { 'q.q1': 'a' })).toEqual({
			ok: false,
			errors: { q2: 'required', q3: 'required' }
		});
		expect(parseAnswers(questions, { 'q.q1': ['a', 'b'] }, { requireAll: false })).toEqual({
			ok: false,
			errors: { q1: 'unknown_option' }
		});
	});
});
