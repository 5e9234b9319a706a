import { redirect } from '@sveltejs/kit';
import { getLocale } from '$lib/paraglide/runtime';
import { importTemplate } from '$lib/server/import/export-import';
import { withErrorPage } from '$lib/server/http/export';
import { asLocale } from '$lib/server/import/messages';
import { asHttpError, attachment, XLSX_TYPE } from '../http';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = withErrorPage(async ({ locals }) => {
	if (!locals.actor) redirect(303, '/sign-in');
	try {
		const file = await importTemplate(locals.actor, asLocale(getLocale()));
		return new Response(file.bytes as BodyInit, {
			headers: { 'content-type': XLSX_TYPE, 'content-disposition': attachment(file.fileName) }
		});
	} catch (e) {
		asHttpError(e);
	}
});
