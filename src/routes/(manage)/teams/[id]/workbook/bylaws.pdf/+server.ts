import { fileSlug } from '$lib/domain/file-slug';
import { getLocale } from '$lib/paraglide/runtime';
import { getApp } from '$lib/server/app';
import { getCurriculum } from '$lib/server/curriculum/get-curriculum';
import { idParam, orError, requireActor } from '$lib/server/http/respond';
import { renderBylawsPdf } from '$lib/server/workbook/bylaws-pdf';
import { getBylawsDraft } from '$lib/server/workbook/get-bylaws-draft';
import type { RequestHandler } from './$types';

/** The draft bylaws put together from the workbook, as a PDF; readers of the plan only. */
export const GET: RequestHandler = async ({ locals, params }) => {
	const actor = requireActor(locals);
	const deps = { db: (await getApp()).db, curriculum: await getCurriculum() };
	const locale = getLocale();
	const draft = await orError(() => getBylawsDraft(deps, actor, idParam(params.id), locale));
	const pdf = await renderBylawsPdf(draft, locale, new Date());
	return new Response(new Uint8Array(pdf), {
		headers: {
			'content-type': 'application/pdf',
			'content-disposition': `attachment; filename="estatuto-borrador-${fileSlug(draft.cooperative)}.pdf"`,
			'cache-control': 'private, no-store'
		}
	});
};
