import { error, redirect } from '@sveltejs/kit';
import { can } from '$lib/server/access/guard';
import { getApp } from '$lib/server/app';
import { readForm } from '$lib/server/http/read-form';
import { failForm, formValues, requireActor } from '$lib/server/http/respond';
import { createFederation } from '$lib/server/org/save-federation';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = ({ locals }) => {
	if (!can(requireActor(locals), 'org.manage')) error(403, 'forbidden');
	return {};
};

export const actions: Actions = {
	save: async ({ locals, request }) => {
		const actor = requireActor(locals);
		const values = formValues(await readForm(request));
		let id: string;
		try {
			({ id } = await createFederation(await getApp(), actor, values));
		} catch (e) {
			return failForm(e, values);
		}
		redirect(303, `/federations/${id}`);
	}
};
