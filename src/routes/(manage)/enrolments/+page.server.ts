import { fail } from '@sveltejs/kit';
import { parseListQuery } from '$lib/domain/list-query';
import { can } from '$lib/server/access/guard';
import { getApp } from '$lib/server/app';
import { withdrawEnrolment } from '$lib/server/cohorts/enrol';
import { enrolmentListSpec, listEnrolments } from '$lib/server/cohorts/list-enrolments';
import { readForm } from '$lib/server/http/read-form';
import { failForm, isId, orError, requireActor } from '$lib/server/http/respond';
import {
	cohortOptions,
	cooperativeLabel,
	federationOptions,
	readableCohorts
} from '$lib/server/org/filter-options';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, url }) => {
	const actor = requireActor(locals);
	const app = await getApp();
	const query = parseListQuery(url.searchParams, enrolmentListSpec);
	const list = await orError(() => listEnrolments(app, actor, query));
	const [federations, cohorts, cooperative] = await Promise.all([
		federationOptions(app, actor),
		cohortOptions(app, actor),
		cooperativeLabel(app, actor, query.filters.cooperative)
	]);
	return {
		query,
		list,
		federations,
		cohorts,
		cooperative,
		cohortAccess: readableCohorts(actor),
		canManage: can(actor, 'enrolment.manage')
	};
};

export const actions: Actions = {
	withdraw: async ({ locals, request }) => {
		const actor = requireActor(locals);
		const id = String((await readForm(request)).get('enrolmentId') ?? '');
		if (!isId(id)) return fail(400, { values: {}, fields: { _: 'invalid' } });
		try {
			await withdrawEnrolment(await getApp(), actor, id);
		} catch (e) {
			return failForm(e);
		}
		return { withdrawn: true };
	}
};
