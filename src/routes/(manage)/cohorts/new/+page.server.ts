import { redirect } from '@sveltejs/kit';
import { getApp } from '$lib/server/app';
import { createCohort } from '$lib/server/cohorts/save-cohort';
import { listProgrammes } from '$lib/server/cohorts/save-programme';
import { readForm } from '$lib/server/http/read-form';
import { failForm, formValues, orError, requireActor } from '$lib/server/http/respond';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, url }) => {
	const actor = requireActor(locals);
	const programmes = await orError(async () => listProgrammes(await getApp(), actor));
	return { programmes, programmeId: url.searchParams.get('programme') ?? programmes[0]?.id ?? '' };
};

export const actions: Actions = {
	save: async ({ locals, request }) => {
		const actor = requireActor(locals);
		const values = formValues(await readForm(request), ['courses']);
		let id: string;
		try {
			({ id } = await createCohort(await getApp(), actor, values));
		} catch (e) {
			return failForm(e, values);
		}
		redirect(303, `/cohorts/${id}`);
	}
};
