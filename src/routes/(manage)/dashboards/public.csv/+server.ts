import { parseReportFilters } from '$lib/domain/reports/filters';
import { getApp } from '$lib/server/app';
import { getCurriculum } from '$lib/server/curriculum/get-curriculum';
import { indicatorCache } from '$lib/server/reports/get-cached-indicators';
import { contentTypes } from '$lib/server/export/write-table';
import { orError, requireActor } from '$lib/server/http/respond';
import { getPublicCsv } from '$lib/server/reports/get-public-csv';
import type { RequestHandler } from './$types';

/** The dashboard's counts with the same filters as anonymised open data (small cells hidden). */
export const GET: RequestHandler = async ({ locals, url }) => {
	const actor = requireActor(locals);
	const deps = {
		db: (await getApp()).db,
		curriculum: await getCurriculum(),
		cache: indicatorCache
	};
	const filters = parseReportFilters((n) => url.searchParams.get(n));
	const now = new Date();
	const csv = await orError(() => getPublicCsv(deps, actor, filters, { now }));
	return new Response(csv, {
		headers: {
			'content-type': contentTypes.csv,
			'content-disposition': `attachment; filename="datos-abiertos-${now.toISOString().slice(0, 10)}.csv"`,
			'cache-control': 'private, no-store'
		}
	});
};
