import { m } from '$lib/paraglide/messages';

/** Error codes of the pre- and post-test forms → the sentence shown. */
const messages: Record<string, () => string> = {
	test_taken: m.test_error_taken,
	test_submitted: m.test_error_submitted,
	test_stale: m.test_error_stale,
	test_stale_submit: m.test_error_stale_submit,
	test_no_attempt: m.test_error_no_attempt,
	test_unknown_question: m.test_error_unknown_question,
	test_answer_unknown_option: m.test_error_unknown_option,
	test_answer_one_only: m.test_error_one_only,
	test_answer_required: m.test_error_required,
	test_unknown_move: m.test_error_unknown_move
};

export function testError(code: string | undefined): string | undefined {
	if (!code) return undefined;
	return (messages[code] ?? m.error_generic)();
}
