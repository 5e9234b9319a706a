import { parseListQuery } from '$lib/domain/list-query';
import { can } from '$lib/server/access/guard';
import { getApp } from '$lib/server/app';
import { cohortListSpec, listCohorts } from '$lib/server/cohorts/list-cohorts';
import { listProgrammes } from '$lib/server/cohorts/save-programme';
import { orError, requireActor } from '$lib/server/http/respond';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, url }) => {
	const actor = requireActor(locals);
	const app = await getApp();
	const query = parseListQuery(url.searchParams, cohortListSpec);
	const manage = can(actor, 'programme.manage');
	return {
		query,
		list: await orError(() => listCohorts(app, actor, query)),
		programmes: manage ? await listProgrammes(app, actor) : [],
		canCreate: manage
	};
};
