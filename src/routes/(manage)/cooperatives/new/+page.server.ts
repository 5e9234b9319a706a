import { error, redirect } from '@sveltejs/kit';
import { can } from '$lib/server/access/guard';
import { getApp } from '$lib/server/app';
import { readForm } from '$lib/server/http/read-form';
import { failForm, formValues, requireActor } from '$lib/server/http/respond';
import { federationOptions } from '$lib/server/org/filter-options';
import { createCooperative } from '$lib/server/org/save-cooperative';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, url }) => {
	const actor = requireActor(locals);
	if (!can(actor, 'org.manage')) error(403, 'forbidden');
	return {
		federations: await federationOptions(await getApp(), actor),
		federationId: url.searchParams.get('federation') ?? ''
	};
};

export const actions: Actions = {
	save: async ({ locals, request }) => {
		const actor = requireActor(locals);
		const values = formValues(await readForm(request), ['minerals']);
		let id: string;
		try {
			({ id } = await createCooperative(await getApp(), actor, values));
		} catch (e) {
			return failForm(e, values);
		}
		redirect(303, `/cooperatives/${id}`);
	}
};
