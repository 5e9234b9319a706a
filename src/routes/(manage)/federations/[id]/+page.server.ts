import { listHistory } from '$lib/server/audit/list-history';
import { getApp } from '$lib/server/app';
import { readForm } from '$lib/server/http/read-form';
import { failForm, formValues, idParam, orError, requireActor } from '$lib/server/http/respond';
import { getFederation } from '$lib/server/org/get-federation';
import { updateFederation } from '$lib/server/org/save-federation';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, params }) => {
	const actor = requireActor(locals);
	const app = await getApp();
	const id = idParam(params.id);
	const federation = await orError(() => getFederation(app, actor, id));
	return {
		federation,
		history: federation.canSeeHistory
			? await listHistory(app, actor, { entity: 'federation', id })
			: null
	};
};

export const actions: Actions = {
	save: async ({ locals, request, params }) => {
		const actor = requireActor(locals);
		const values = formValues(await readForm(request));
		try {
			await updateFederation(await getApp(), actor, idParam(params.id), values);
		} catch (e) {
			return failForm(e, values);
		}
		return { saved: true };
	}
};
