import { parseReportFilters } from '$lib/domain/reports/filters';
import { getLocale } from '$lib/paraglide/runtime';
import { getApp } from '$lib/server/app';
import { getCurriculum } from '$lib/server/curriculum/get-curriculum';
import { indicatorCache } from '$lib/server/reports/get-cached-indicators';
import { contentTypes } from '$lib/server/export/write-table';
import { orError, requireActor } from '$lib/server/http/respond';
import { getReportPack } from '$lib/server/reports/get-report-pack';
import { renderReportXlsx } from '$lib/server/reports/report-xlsx';
import type { RequestHandler } from './$types';

/** The dashboard with the same filters as a workbook: a sheet of filters, a sheet per table. */
export const GET: RequestHandler = async ({ locals, url }) => {
	const actor = requireActor(locals);
	const deps = {
		db: (await getApp()).db,
		curriculum: await getCurriculum(),
		cache: indicatorCache
	};
	const filters = parseReportFilters((n) => url.searchParams.get(n));
	const pack = await orError(() => getReportPack(deps, actor, filters, getLocale(), new Date()));
	const file = await renderReportXlsx(pack);
	return new Response(new Uint8Array(file), {
		headers: {
			'content-type': contentTypes.xlsx,
			'content-disposition': `attachment; filename="informe-${pack.dashboard.indicators.asOf}.xlsx"`,
			'cache-control': 'private, no-store'
		}
	});
};
