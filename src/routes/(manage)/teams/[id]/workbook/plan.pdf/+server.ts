import { fileSlug } from '$lib/domain/file-slug';
import { getLocale } from '$lib/paraglide/runtime';
import { getApp } from '$lib/server/app';
import { getCurriculum } from '$lib/server/curriculum/get-curriculum';
import { idParam, orError, requireActor } from '$lib/server/http/respond';
import { getPlan } from '$lib/server/workbook/get-plan';
import { renderPlanPdf } from '$lib/server/workbook/plan-pdf';
import type { RequestHandler } from './$types';

/** The cooperative's whole plan as a PDF, in the reader's language; readers of the plan only. */
export const GET: RequestHandler = async ({ locals, params }) => {
	const actor = requireActor(locals);
	const deps = { db: (await getApp()).db, curriculum: await getCurriculum() };
	const locale = getLocale();
	const plan = await orError(() => getPlan(deps, actor, idParam(params.id), locale));
	const pdf = await renderPlanPdf(plan, locale, new Date());
	return new Response(new Uint8Array(pdf), {
		headers: {
			'content-type': 'application/pdf',
			'content-disposition': `attachment; filename="plan-${fileSlug(plan.cooperative)}.pdf"`,
			'cache-control': 'private, no-store'
		}
	});
};
