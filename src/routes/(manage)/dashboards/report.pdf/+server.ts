import { parseReportFilters } from '$lib/domain/reports/filters';
import { getLocale } from '$lib/paraglide/runtime';
import { getApp } from '$lib/server/app';
import { getCurriculum } from '$lib/server/curriculum/get-curriculum';
import { indicatorCache } from '$lib/server/reports/get-cached-indicators';
import { orError, requireActor } from '$lib/server/http/respond';
import { getReportPack } from '$lib/server/reports/get-report-pack';
import { renderReportPdf } from '$lib/server/reports/report-pdf';
import type { RequestHandler } from './$types';

/** The dashboard with the same filters as a PDF summary with its charts. */
export const GET: RequestHandler = async ({ locals, url }) => {
	const actor = requireActor(locals);
	const deps = {
		db: (await getApp()).db,
		curriculum: await getCurriculum(),
		cache: indicatorCache
	};
	const filters = parseReportFilters((n) => url.searchParams.get(n));
	const pack = await orError(() => getReportPack(deps, actor, filters, getLocale(), new Date()));
	const pdf = await renderReportPdf(pack);
	return new Response(new Uint8Array(pdf), {
		headers: {
			'content-type': 'application/pdf',
			'content-disposition': `attachment; filename="informe-${pack.dashboard.indicators.asOf}.pdf"`,
			'cache-control': 'private, no-store'
		}
	});
};
