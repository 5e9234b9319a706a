import { error, fail, redirect } from '@sveltejs/kit';
import { isTestMove, moveTo } from '$lib/domain/test-answer';
import { getLocale } from '$lib/paraglide/runtime';
import { answerTest } from '$lib/server/assessment/answer-test';
import { getTest } from '$lib/server/assessment/get-test';
import { readForm } from '$lib/server/http/read-form';
import { formValues, orError, requireActor } from '$lib/server/http/respond';
import { failTest, testDeps } from '../test-http';
import type { Actions, PageServerLoad } from './$types';

/** The question number in the path: 1 … the number of questions, else not found. */
function questionNumber(n: string, total: number): number {
	const i = /^\d{1,3}$/.test(n) ? Number(n) : 0;
	if (i < 1 || i > total) error(404, 'not_found');
	return i;
}

export const load: PageServerLoad = async ({ locals, params, url }) => {
	const actor = requireActor(locals);
	// ?attempt=<the draft id>: the question as it will be once started, saved for use offline.
	const asked = url.searchParams.get('attempt');
	const test = await orError(async () =>
		getTest(await testDeps(), actor, params.course, params.kind, getLocale(), asked)
	);
	const number = questionNumber(params.n, test.questions.length);
	const base = `/courses/${params.course}/test/${params.kind}`;
	// Not started yet: the start page says what the test is and starts it.
	if (!test.attempt) redirect(303, base);
	const { questions, ...rest } = test;
	// Links from a saved page lead to the other saved pages of the same (draft) attempt.
	const suffix = test.draft ? `?attempt=${test.attempt.id}` : '';
	return { test: rest, question: questions[number - 1]!, total: questions.length, base, suffix };
};

export const actions: Actions = {
	default: async ({ locals, request, params }) => {
		const actor = requireActor(locals);
		const values = formValues(await readForm(request), ['answer']);
		const number = /^\d{1,3}$/.test(params.n) ? Number(params.n) : 0;
		const move = values.go ?? 'next';
		// Only a tampered form sends another button's value: say so, not "try again".
		if (!isTestMove(move)) return fail(400, { values, fields: { go: 'test_unknown_move' } });
		let total: number;
		try {
			({ total } = await answerTest(await testDeps(), actor, {
				course: params.course,
				kind: params.kind,
				attemptId: values.attemptId,
				revision: values.revision,
				number,
				question: values.question,
				values: values.answer as string[]
			}));
		} catch (e) {
			return failTest(e, values);
		}
		const to = moveTo(move, number, total);
		redirect(303, `/courses/${params.course}/test/${params.kind}${to ? `/${to}` : ''}`);
	}
};
