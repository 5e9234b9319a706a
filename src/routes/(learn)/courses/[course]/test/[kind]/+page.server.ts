import { randomUUID } from 'node:crypto';
import { redirect } from '@sveltejs/kit';
import { getLocale } from '$lib/paraglide/runtime';
import { getTest } from '$lib/server/assessment/get-test';
import { startTest } from '$lib/server/assessment/start-test';
import { submitTest } from '$lib/server/assessment/submit-test';
import { readForm } from '$lib/server/http/read-form';
import { formValues, orError, requireActor } from '$lib/server/http/respond';
import { failTest, testDeps } from './test-http';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, params, url }) => {
	const actor = requireActor(locals);
	const deps = await testDeps();
	// ?attempt=<the draft id>: the page as it will be once started, saved for use without internet.
	const asked = url.searchParams.get('attempt');
	const test = await orError(() =>
		getTest(deps, actor, params.course, params.kind, getLocale(), asked)
	);
	// The id of the attempt a "Start" would create: the same on every page (the saved question
	// pages name it too), so a retried or replayed post starts nothing new.
	return { test, clientId: test.draftId ?? randomUUID() };
};

export const actions: Actions = {
	start: async ({ locals, request, params }) => {
		const actor = requireActor(locals);
		const values = formValues(await readForm(request));
		let next: number | null;
		try {
			({ nextQuestion: next } = await startTest(await testDeps(), actor, {
				course: params.course,
				kind: params.kind,
				clientId: values.clientId
			}));
		} catch (e) {
			return failTest(e, values);
		}
		redirect(303, `/courses/${params.course}/test/${params.kind}${next ? `/${next}` : ''}`);
	},
	submit: async ({ locals, request, params }) => {
		const actor = requireActor(locals);
		const values = formValues(await readForm(request));
		try {
			await submitTest(await testDeps(), actor, {
				course: params.course,
				kind: params.kind,
				attemptId: values.attemptId,
				revision: values.revision
			});
		} catch (e) {
			return failTest(e, values);
		}
		redirect(303, `/courses/${params.course}/test/${params.kind}`);
	}
};
