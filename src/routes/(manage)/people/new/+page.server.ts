import { error, redirect } from '@sveltejs/kit';
import { can } from '$lib/server/access/guard';
import { getApp } from '$lib/server/app';
import { readForm } from '$lib/server/http/read-form';
import { failForm, formValues, isId, requireActor } from '$lib/server/http/respond';
import { cooperativeName, pickCooperatives } from '$lib/server/org/pick-cooperative';
import { createPerson } from '$lib/server/org/save-person';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, url }) => {
	const actor = requireActor(locals);
	if (!can(actor, 'org.manage')) error(403, 'forbidden');
	const app = await getApp();
	const id = url.searchParams.get('cooperative');
	const q = url.searchParams.get('q') ?? '';
	const name = isId(id) ? await cooperativeName(app, id) : null;
	return {
		cooperative: name && id ? { id, name } : null,
		q,
		matches: name ? [] : await pickCooperatives(app, actor, q)
	};
};

export const actions: Actions = {
	save: async ({ locals, request }) => {
		const actor = requireActor(locals);
		const values = formValues(await readForm(request));
		let id: string;
		try {
			({ id } = await createPerson(await getApp(), actor, values));
		} catch (e) {
			return failForm(e, values);
		}
		redirect(303, `/people/${id}?created=1`);
	}
};
