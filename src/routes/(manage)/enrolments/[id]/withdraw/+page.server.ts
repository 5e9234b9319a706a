import { listHref, parseListQuery } from '$lib/domain/list-query';
import { getApp } from '$lib/server/app';
import { getEnrolment, reenrolEnrolment, withdrawEnrolment } from '$lib/server/cohorts/enrol';
import { enrolmentListSpec } from '$lib/server/cohorts/list-enrolments';
import { failForm, idParam, orError, requireActor } from '$lib/server/http/respond';
import type { Actions, PageServerLoad } from './$types';

/**
 * "Withdraw" asks first, without JavaScript: this page names the person and the cohort, and only
 * its "Yes, withdraw" button withdraws. Afterwards it offers the way back ("Enrol again").
 * The list's search, filters and page ride along in the query string, to return to the same view.
 */
export const load: PageServerLoad = async ({ locals, params, url }) => {
	const actor = requireActor(locals);
	const app = await getApp();
	const enrolment = await orError(() => getEnrolment(app, actor, idParam(params.id)));
	return { enrolment, list: listHref(parseListQuery(url.searchParams, enrolmentListSpec)) };
};

export const actions: Actions = {
	withdraw: async ({ locals, params }) => {
		const actor = requireActor(locals);
		try {
			await withdrawEnrolment(await getApp(), actor, idParam(params.id));
		} catch (e) {
			return failForm(e);
		}
		return { withdrawn: true };
	},
	reenrol: async ({ locals, params }) => {
		const actor = requireActor(locals);
		try {
			await reenrolEnrolment(await getApp(), actor, idParam(params.id));
		} catch (e) {
			return failForm(e);
		}
		return { reenrolled: true };
	}
};
