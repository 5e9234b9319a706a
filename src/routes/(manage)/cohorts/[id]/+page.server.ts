import { fail } from '@sveltejs/kit';
import { getLocale } from '$lib/paraglide/runtime';
import { listHistory } from '$lib/server/audit/list-history';
import { getApp } from '$lib/server/app';
import { bulkInvite } from '$lib/server/cohorts/bulk-invite';
import {
	assignFacilitator,
	facilitatorCandidates,
	removeFacilitator
} from '$lib/server/cohorts/facilitators';
import { getCohort } from '$lib/server/cohorts/get-cohort';
import { createTeam, formTeams } from '$lib/server/cohorts/teams';
import { bulkLinksView } from '$lib/server/http/invitation-view';
import { readForm } from '$lib/server/http/read-form';
import {
	failForm,
	formValues,
	idParam,
	isId,
	orError,
	requireActor
} from '$lib/server/http/respond';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, params }) => {
	const actor = requireActor(locals);
	const app = await getApp();
	const id = idParam(params.id);
	const cohort = await orError(() => getCohort(app, actor, id));
	return {
		cohort,
		candidates: cohort.can.edit ? await facilitatorCandidates(app, actor) : [],
		history: cohort.can.history
			? await listHistory(app, actor, { entity: 'cohort', id }, getLocale())
			: null
	};
};

export const actions: Actions = {
	formTeams: async ({ locals, params }) => {
		const actor = requireActor(locals);
		try {
			return { formed: await formTeams(await getApp(), actor, idParam(params.id)) };
		} catch (e) {
			return failForm(e, {}, 'teams');
		}
	},
	createTeam: async ({ locals, request, params }) => {
		const actor = requireActor(locals);
		const values = formValues(await readForm(request));
		try {
			await createTeam(await getApp(), actor, idParam(params.id), { name: values.name });
		} catch (e) {
			return failForm(e, values, 'newTeam');
		}
		return { teamCreated: true };
	},
	invite: async ({ locals, request, params }) => {
		const actor = requireActor(locals);
		const form = await readForm(request);
		const cooperativeId = String(form.get('cooperativeId') ?? '');
		// Anything but an id or nothing is refused: it must not widen the invitation to everyone.
		if (cooperativeId && !isId(cooperativeId))
			return fail(400, { values: {}, fields: { _: 'invalid' }, form: 'invite' });
		try {
			const result = await bulkInvite(await getApp(), actor, {
				cohortId: idParam(params.id),
				cooperativeId: cooperativeId || undefined,
				resend: form.get('resend') === '1'
			});
			return { invited: bulkLinksView(result) };
		} catch (e) {
			return failForm(e, {}, 'invite');
		}
	},
	addFacilitator: async ({ locals, request, params }) => {
		const actor = requireActor(locals);
		const values = formValues(await readForm(request));
		try {
			await assignFacilitator(
				await getApp(),
				actor,
				idParam(params.id),
				String(values.username ?? '')
			);
		} catch (e) {
			return failForm(e, values, 'facilitator');
		}
		return { facilitatorAdded: true };
	},
	removeFacilitator: async ({ locals, request, params }) => {
		const actor = requireActor(locals);
		const userId = String((await readForm(request)).get('userId') ?? '');
		if (!userId) return fail(400, { values: {}, fields: { _: 'invalid' }, form: 'facilitator' });
		try {
			await removeFacilitator(await getApp(), actor, idParam(params.id), userId);
		} catch (e) {
			return failForm(e, {}, 'facilitator');
		}
		return { facilitatorRemoved: true };
	}
};
