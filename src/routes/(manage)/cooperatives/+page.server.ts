import { parseListQuery } from '$lib/domain/list-query';
import { can } from '$lib/server/access/guard';
import { getApp } from '$lib/server/app';
import { orError, requireActor } from '$lib/server/http/respond';
import { federationOptions } from '$lib/server/org/filter-options';
import { cooperativeListSpec, listCooperatives } from '$lib/server/org/list-cooperatives';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, url }) => {
	const actor = requireActor(locals);
	const app = await getApp();
	const query = parseListQuery(url.searchParams, cooperativeListSpec);
	return {
		query,
		list: await orError(() => listCooperatives(app, actor, query)),
		federations: await federationOptions(app, actor),
		canCreate: can(actor, 'org.manage')
	};
};
