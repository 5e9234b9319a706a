import { getLocale } from '$lib/paraglide/runtime';
import { getApp } from '$lib/server/app';
import { getCurriculum } from '$lib/server/curriculum/get-curriculum';
import { idParam, orError, requireActor } from '$lib/server/http/respond';
import { getCohortRuns } from '$lib/server/sessions/cohort-runs';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, params }) => {
	const actor = requireActor(locals);
	const app = await getApp();
	const curriculum = await getCurriculum();
	return {
		cohort: await orError(() =>
			getCohortRuns({ db: app.db, curriculum }, actor, idParam(params.id), getLocale())
		)
	};
};
