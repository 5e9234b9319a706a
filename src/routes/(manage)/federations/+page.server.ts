import { parseListQuery } from '$lib/domain/list-query';
import { can } from '$lib/server/access/guard';
import { getApp } from '$lib/server/app';
import { orError, requireActor } from '$lib/server/http/respond';
import { federationListSpec, listFederations } from '$lib/server/org/list-federations';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, url }) => {
	const actor = requireActor(locals);
	const app = await getApp();
	const query = parseListQuery(url.searchParams, federationListSpec);
	return {
		query,
		list: await orError(() => listFederations(app, actor, query)),
		canCreate: can(actor, 'org.manage')
	};
};
