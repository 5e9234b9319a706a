import { randomUUID } from 'node:crypto';
import { fail, redirect } from '@sveltejs/kit';
import { getLocale } from '$lib/paraglide/runtime';
import { getApp } from '$lib/server/app';
import { getCurriculum } from '$lib/server/curriculum/get-curriculum';
import { readForm } from '$lib/server/http/read-form';
import { failForm, formValues, idParam, orError, requireActor } from '$lib/server/http/respond';
import { getSection } from '$lib/server/workbook/get-section';
import { saveWorkbookSection } from '$lib/server/workbook/save-workbook-section';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, params, url }) => {
	const actor = requireActor(locals);
	const id = idParam(params.id);
	const deps = { db: (await getApp()).db, curriculum: await getCurriculum() };
	// ?compare=N shows what version N changed; anything but a small whole number shows nothing.
	const asked = url.searchParams.get('compare') ?? '';
	const compare = /^[1-9][0-9]{0,8}$/.test(asked) ? Number(asked) : null;
	return {
		section: await orError(() => getSection(deps, actor, id, params.section, getLocale(), compare)),
		// Made when the page is built: a retried post repeats it, a new page has a new one.
		clientId: randomUUID(),
		saved: url.searchParams.has('saved')
	};
};

export const actions: Actions = {
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
			result = await saveWorkbookSection(
				{ db: (await getApp()).db, curriculum: await getCurriculum() },
				actor,
				{
					teamId,
					sectionKey: params.section,
					values,
					revision: values.revision,
					clientId: values.clientId
				}
			);
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
