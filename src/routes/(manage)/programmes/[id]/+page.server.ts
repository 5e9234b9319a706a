import { listHistory } from '$lib/server/audit/list-history';
import { getApp } from '$lib/server/app';
import { getProgramme, updateProgramme } from '$lib/server/cohorts/save-programme';
import { readForm } from '$lib/server/http/read-form';
import { failForm, formValues, idParam, orError, requireActor } from '$lib/server/http/respond';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, params }) => {
	const actor = requireActor(locals);
	const app = await getApp();
	const id = idParam(params.id);
	return {
		programme: await orError(() => getProgramme(app, actor, id)),
		history: await orError(() => listHistory(app, actor, { entity: 'programme', id }))
	};
};

export const actions: Actions = {
	save: async ({ locals, request, params }) => {
		const actor = requireActor(locals);
		const values = formValues(await readForm(request));
		try {
			await updateProgramme(await getApp(), actor, idParam(params.id), values);
		} catch (e) {
			return failForm(e, values);
		}
		return { saved: true };
	}
};
