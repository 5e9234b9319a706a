import { parseListQuery } from '$lib/domain/list-query';
import { getApp } from '$lib/server/app';
import { listTeams, teamListSpec } from '$lib/server/cohorts/list-teams';
import { orError, requireActor } from '$lib/server/http/respond';
import { cohortOptions, cooperativeLabel, federationOptions } from '$lib/server/org/filter-options';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, url }) => {
	const actor = requireActor(locals);
	const app = await getApp();
	const query = parseListQuery(url.searchParams, teamListSpec);
	const list = await orError(() => listTeams(app, actor, query));
	const [federations, cohorts, cooperative] = await Promise.all([
		federationOptions(app, actor),
		cohortOptions(app, actor),
		cooperativeLabel(app, actor, query.filters.cooperative)
	]);
	return { query, list, federations, cohorts, cooperative };
};
