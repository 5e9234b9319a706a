import { listHistory } from '$lib/server/audit/list-history';
import { getApp } from '$lib/server/app';
import { bulkInvite } from '$lib/server/cohorts/bulk-invite';
import { bulkLinksView } from '$lib/server/http/invitation-view';
import { readForm } from '$lib/server/http/read-form';
import { failForm, formValues, idParam, orError, requireActor } from '$lib/server/http/respond';
import { federationOptions } from '$lib/server/org/filter-options';
import { getCooperative } from '$lib/server/org/get-cooperative';
import { updateCooperative } from '$lib/server/org/save-cooperative';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, params }) => {
	const actor = requireActor(locals);
	const app = await getApp();
	const id = idParam(params.id);
	const cooperative = await orError(() => getCooperative(app, actor, id));
	return {
		cooperative,
		federations: cooperative.canEdit ? await federationOptions(app, actor) : [],
		history: cooperative.canSeeHistory
			? await listHistory(app, actor, { entity: 'cooperative', id })
			: null
	};
};

export const actions: Actions = {
	save: async ({ locals, request, params }) => {
		const actor = requireActor(locals);
		const values = formValues(await readForm(request), ['minerals']);
		try {
			await updateCooperative(await getApp(), actor, idParam(params.id), values);
		} catch (e) {
			return failForm(e, values);
		}
		return { saved: true };
	},
	invite: async ({ locals, params }) => {
		const actor = requireActor(locals);
		try {
			const result = await bulkInvite(await getApp(), actor, { cooperativeId: idParam(params.id) });
			return { invited: bulkLinksView(result) };
		} catch (e) {
			return failForm(e, {}, 'invite');
		}
	}
};
