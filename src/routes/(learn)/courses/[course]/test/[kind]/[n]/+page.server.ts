import { error, redirect } from '@sveltejs/kit';
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

export const load: PageServerLoad = async ({ locals, params }) => {
	const actor = requireActor(locals);
	const test = await orError(async () =>
		getTest(await testDeps(), actor, params.course, params.kind, getLocale())
	);
	const number = questionNumber(params.n, test.questions.length);
	const base = `/courses/${params.course}/test/${params.kind}`;
	// Not started yet: the start page says what the test is and starts it.
	if (!test.attempt) redirect(303, base);
	const { questions, ...rest } = test;
	return { test: rest, question: questions[number - 1]!, total: questions.length, base };
};

export const actions: Actions = {
	default: async ({ locals, request, params }) => {
		const actor = requireActor(locals);
		const values = formValues(await readForm(request), ['answer']);
		const deps = await testDeps();
		const test = deps.curriculum.course(params.course);
		const total = (params.kind === 'pre' ? test?.preTest : test?.postTest)?.questions.length ?? 0;
		const number = questionNumber(params.n, total);
		const base = `/courses/${params.course}/test/${params.kind}`;
		const go = values.go === 'back' ? number - 1 : values.go === 'list' ? 0 : number + 1;
		const target = go >= 1 && go <= total ? `${base}/${go}` : base;
		const chosen = (values.answer as string[]).filter((v) => v !== '');
		// Nothing chosen: move on without saving (a question can be left for later).
		if (chosen.length > 0) {
			try {
				await answerTest(deps, actor, {
					course: params.course,
					kind: params.kind,
					attemptId: values.attemptId,
					revision: values.revision,
					question: values.question,
					values: chosen
				});
			} catch (e) {
				return failTest(e, values);
			}
		}
		redirect(303, target);
	}
};
