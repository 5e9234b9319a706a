import { parseListQuery } from '$lib/domain/list-query';
import { accountListSpec, listAccounts } from '$lib/server/admin/list-accounts';
import { getApp } from '$lib/server/app';
import { orError, requireActor } from '$lib/server/http/respond';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, url }) => {
	const actor = requireActor(locals);
	const app = await getApp();
	const query = parseListQuery(url.searchParams, accountListSpec);
	return { query, accounts: await orError(() => listAccounts(app, actor, query)) };
};
