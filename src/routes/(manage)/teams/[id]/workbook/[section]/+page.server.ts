import { randomUUID } from 'node:crypto';
import { fail, redirect } from '@sveltejs/kit';
import { getLocale } from '$lib/paraglide/runtime';
import { getApp } from '$lib/server/app';
import { getCurriculum } from '$lib/server/curriculum/get-curriculum';
import { readForm } from '$lib/server/http/read-form';
import { failForm, formValues, idParam, orError, requireActor } from '$lib/server/http/respond';
import { getSection } from '$lib/server/workbook/get-section';
import { saveWorkbookSection } from '$lib/server/workbook/save-workbook-section';
import { addComment } from '$lib/server/workbook/add-comment';
import { reviewSection } from '$lib/server/workbook/review-section';
import { submitSection } from '$lib/server/workbook/submit-section';
import type { Actions, PageServerLoad } from './$types';

const deps = async () => ({ db: (await getApp()).db, curriculum: await getCurriculum() });

export const load: PageServerLoad = async ({ locals, params, url }) => {
	const actor = requireActor(locals);
	const id = idParam(params.id);
	// ?compare=N shows what version N changed; anything but a small whole number shows nothing.
	const asked = url.searchParams.get('compare') ?? '';
	const compare = /^[1-9][0-9]{0,8}$/.test(asked) ? Number(asked) : null;
	const d = await deps();
	const section = await orError(() =>
		getSection(d, actor, id, params.section, getLocale(), compare)
	);
	return {
		section,
		// One per comment thread: each answer box is its own form.
		answerClientIds: Object.fromEntries(
			Object.values(section.comments)
				.flat()
				.map((t) => [t.id, randomUUID()])
		),
		// Made when the page is built: a retried post repeats it, a new page has a new one. Each
		// form has its own, so a comment and a review step on the same page never share one.
		clientId: randomUUID(),
		reviewClientId: randomUUID(),
		commentClientId: randomUUID(),
		saved: url.searchParams.has('saved'),
		done: doneParam(url.searchParams.get('done'))
	};
};

const DONE = ['submitted', 'changes_requested', 'approved', 'commented'] as const;
function doneParam(raw: string | null): (typeof DONE)[number] | null {
	return DONE.find((d) => d === raw) ?? null;
}

export const actions: Actions = {
	submit: async ({ locals, params, request }) => {
		const actor = requireActor(locals);
		const teamId = idParam(params.id);
		const values = formValues(await readForm(request));
		try {
			await submitSection(await deps(), actor, {
				teamId,
				sectionKey: params.section,
				revision: values.revision,
				clientId: values.clientId
			});
		} catch (e) {
			return failForm(e, values, 'submit');
		}
		redirect(303, `/teams/${teamId}/workbook/${params.section}?done=submitted`);
	},
	review: async ({ locals, params, request }) => {
		const actor = requireActor(locals);
		const teamId = idParam(params.id);
		const values = formValues(await readForm(request));
		try {
			await reviewSection(await deps(), actor, {
				teamId,
				sectionKey: params.section,
				decision: values.decision,
				note: values.note,
				revision: values.revision,
				clientId: values.clientId
			});
		} catch (e) {
			return failForm(e, values, 'review');
		}
		const done = values.decision === 'approved' ? 'approved' : 'changes_requested';
		redirect(303, `/teams/${teamId}/workbook/${params.section}?done=${done}`);
	},
	comment: async ({ locals, params, request }) => {
		const actor = requireActor(locals);
		const teamId = idParam(params.id);
		const values = formValues(await readForm(request));
		// Each comment box is its own form; the page shows the error beside the one posted.
		const where = values.parentId ? `answer-${values.parentId}` : `comment`;
		try {
			await addComment(await deps(), actor, {
				teamId,
				sectionKey: params.section,
				fieldId: values.fieldId,
				parentId: values.parentId,
				body: values.body,
				clientId: values.clientId
			});
		} catch (e) {
			return failForm(e, values, where);
		}
		const anchor = values.parentId ? `#c-${values.parentId}` : '#review';
		redirect(303, `/teams/${teamId}/workbook/${params.section}?done=commented${anchor}`);
	},
	save: async ({ locals, params, request }) => {
		const actor = requireActor(locals);
		const teamId = idParam(params.id);
		const form = await readForm(request);
		// Ticked boxes of a multiple choice repeat their name: keep them all.
		const seen = new Set<string>();
		const repeated = new Set<string>();
		for (const key of form.keys()) (seen.has(key) ? repeated : seen).add(key);
		const values = formValues(form, [...repeated]) as Record<string, string | string[]>;
		const base = { form: 'section', values };
		let result;
		try {
			result = await saveWorkbookSection(await deps(), actor, {
				teamId,
				sectionKey: params.section,
				values,
				revision: values.revision,
				clientId: values.clientId
			});
		} catch (e) {
			return failForm(e, values, 'section');
		}
		if (result.status === 'saved')
			redirect(303, `/teams/${teamId}/workbook/${params.section}?saved=${result.revision}`);
		if (result.status === 'edited') return { ...base, values: result.values, fields: {} };
		if (result.status === 'invalid') return fail(400, { ...base, fields: result.errors });
		return fail(409, { ...base, fields: { _: 'conflict' }, conflict: result.theirs });
	}
};
