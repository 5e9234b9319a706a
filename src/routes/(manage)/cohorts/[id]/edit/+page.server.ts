import { error, redirect } from '@sveltejs/kit';
import { getApp } from '$lib/server/app';
import { getCohort } from '$lib/server/cohorts/get-cohort';
import { updateCohort } from '$lib/server/cohorts/save-cohort';
import { listProgrammes } from '$lib/server/cohorts/save-programme';
import { readForm } from '$lib/server/http/read-form';
import { failForm, formValues, idParam, orError, requireActor } from '$lib/server/http/respond';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, params }) => {
	const actor = requireActor(locals);
	const app = await getApp();
	const cohort = await orError(() => getCohort(app, actor, idParam(params.id)));
	if (!cohort.can.edit) error(403, 'forbidden');
	return { cohort, programmes: await listProgrammes(app, actor) };
};

export const actions: Actions = {
	save: async ({ locals, request, params }) => {
		const actor = requireActor(locals);
		const values = formValues(await readForm(request), ['courses']);
		const id = idParam(params.id);
		try {
			await updateCohort(await getApp(), actor, id, values);
		} catch (e) {
			return failForm(e, values);
		}
		redirect(303, `/cohorts/${id}`);
	}
};
