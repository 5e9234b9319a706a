import { describe, expect, it } from 'vitest';
import { testError } from '../../src/lib/i18n/test-errors';

const GENERIC = 'Ocurrió un error. Intente otra vez en un momento.';

describe('messages of the pre- and post-test pages', () => {
	it('give every refusal a sentence of its own, not the "try again" of a failure', () => {
		// `test_unknown_move`: a question page posted with a button value it does not have.
		for (const code of [
			'test_unknown_move',
			'test_taken',
			'test_submitted',
			'test_stale',
			'test_no_attempt',
			'test_unknown_question',
			'test_answer_unknown_option',
			'test_answer_required'
		])
			expect(testError(code), code).not.toBe(GENERIC);
		expect(testError('test_unknown_move')).toContain('botones');
	});
});
