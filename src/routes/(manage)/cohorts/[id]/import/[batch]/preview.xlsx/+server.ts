import { redirect } from '@sveltejs/kit';
import { getLocale } from '$lib/paraglide/runtime';
import { getApp } from '$lib/server/app';
import { exportImport } from '$lib/server/import/export-import';
import { withErrorPage } from '$lib/server/http/export';
import { asLocale } from '$lib/server/import/messages';
import { asHttpError, attachment, XLSX_TYPE } from '../../http';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = withErrorPage(async ({ locals, params }) => {
	if (!locals.actor) redirect(303, '/sign-in');
	const app = await getApp();
	try {
		const file = await exportImport(app, locals.actor, {
			cohortId: params.id,
			batchId: params.batch,
			kind: 'preview',
			locale: asLocale(getLocale())
		});
		return new Response(file.bytes as BodyInit, {
			headers: { 'content-type': XLSX_TYPE, 'content-disposition': attachment(file.fileName) }
		});
	} catch (e) {
		asHttpError(e);
	}
});
