import { randomUUID } from 'node:crypto';
import { fail, redirect } from '@sveltejs/kit';
import { getLocale } from '$lib/paraglide/runtime';
import { getApp } from '$lib/server/app';
import { getCurriculum } from '$lib/server/curriculum/get-curriculum';
import { readForm } from '$lib/server/http/read-form';
import { failForm, formValues, idParam, orError, requireActor } from '$lib/server/http/respond';
import { getWorkbook } from '$lib/server/workbook/get-workbook';
import { submitPlan } from '$lib/server/workbook/submit-plan';
import type { Actions, PageServerLoad } from './$types';

const deps = async () => ({ db: (await getApp()).db, curriculum: await getCurriculum() });

export const load: PageServerLoad = async ({ locals, params, url }) => {
	const actor = requireActor(locals);
	const id = idParam(params.id);
	const sent = url.searchParams.get('sent') ?? '';
	return {
		workbook: await orError(async () => getWorkbook(await deps(), actor, id, getLocale())),
		// Made when the page is built: a retried "send the whole plan" sends nothing more.
		clientId: randomUUID(),
		sent: /^[1-9][0-9]?$/.test(sent) ? Number(sent) : null
	};
};

export const actions: Actions = {
	submitAll: async ({ locals, params, request }) => {
		const actor = requireActor(locals);
		const teamId = idParam(params.id);
		const values = formValues(await readForm(request));
		// Each section listed on the page posts the revision shown: `r.<part>.<section>`.
		const revisions = Object.fromEntries(
			Object.entries(values)
				.filter(([k]) => k.startsWith('r.'))
				.map(([k, v]) => [k.slice(2), v])
		);
		let result;
		try {
			result = await submitPlan(
				await deps(),
				actor,
				{ teamId, clientId: values.clientId, revisions },
				getLocale()
			);
		} catch (e) {
			return failForm(e, {}, 'submitAll');
		}
		if (result.status === 'stale')
			return fail(409, {
				form: 'submitAll',
				fields: { _: 'plan_changed' },
				stale: result.sections
			});
		redirect(303, `/teams/${teamId}/workbook?sent=${result.count}`);
	}
};
