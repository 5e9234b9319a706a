import { parseReportFilters } from '$lib/domain/reports/filters';
import { getLocale } from '$lib/paraglide/runtime';
import { getApp } from '$lib/server/app';
import { getCurriculum } from '$lib/server/curriculum/get-curriculum';
import { indicatorCache } from '$lib/server/reports/get-cached-indicators';
import { orError, requireActor } from '$lib/server/http/respond';
import { getDashboard } from '$lib/server/reports/get-dashboard';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, url }) => {
	const actor = requireActor(locals);
	const deps = {
		db: (await getApp()).db,
		curriculum: await getCurriculum(),
		cache: indicatorCache
	};
	const filters = parseReportFilters((n) => url.searchParams.get(n));
	return { dash: await orError(() => getDashboard(deps, actor, filters, getLocale())) };
};
