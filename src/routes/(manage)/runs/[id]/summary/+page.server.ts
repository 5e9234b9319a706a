import { getLocale } from '$lib/paraglide/runtime';
import { getApp } from '$lib/server/app';
import { getCurriculum } from '$lib/server/curriculum/get-curriculum';
import { idParam, orError, requireActor } from '$lib/server/http/respond';
import { getRunSummary } from '$lib/server/sessions/run-summary';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, params }) => {
	const actor = requireActor(locals);
	const app = await getApp();
	const curriculum = await getCurriculum();
	return {
		run: await orError(() =>
			getRunSummary({ db: app.db, curriculum }, actor, idParam(params.id), getLocale())
		)
	};
};
