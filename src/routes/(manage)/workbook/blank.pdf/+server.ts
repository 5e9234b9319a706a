import { error } from '@sveltejs/kit';
import { getLocale } from '$lib/paraglide/runtime';
import { getCurriculum } from '$lib/server/curriculum/get-curriculum';
import { orError, requireActor } from '$lib/server/http/respond';
import { getBlankWorksheets } from '$lib/server/workbook/get-blank-worksheets';
import type { RequestHandler } from './$types';

/** The workbook's worksheets, empty, to print and fill by hand; `?part=<id>` for one part. */
export const GET: RequestHandler = async ({ locals, url }) => {
	const actor = requireActor(locals);
	const part = url.searchParams.get('part');
	// Part ids are short kebab-case words: anything else cannot name one.
	if (part !== null && !/^[a-z0-9-]{1,60}$/.test(part)) error(404, 'not_found');
	const locale = getLocale();
	const { pdf, partId } = await orError(async () =>
		getBlankWorksheets({ curriculum: await getCurriculum() }, actor, { locale, partId: part })
	);
	const base = locale === 'es' ? 'hojas-en-blanco' : 'blank-worksheets';
	const name = partId ? `${base}-${partId}` : base;
	return new Response(new Uint8Array(pdf), {
		headers: {
			'content-type': 'application/pdf',
			'content-disposition': `attachment; filename="${name}.pdf"`,
			// Only the content version and the language change it; the language is a cookie.
			'cache-control': 'private, max-age=3600',
			vary: 'cookie'
		}
	});
};
