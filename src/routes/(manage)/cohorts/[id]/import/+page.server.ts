import { fail, redirect } from '@sveltejs/kit';
import { getApp } from '$lib/server/app';
import { assertCan } from '$lib/server/access/guard';
import { isAppError } from '$lib/server/errors';
import { FormBodyError, parseForm, UPLOAD_MAX_BYTES } from '$lib/server/http/read-form';
import { getImportStart } from '$lib/server/import/get-import-start';
import { MAX_FILE_BYTES } from '$lib/server/import/read-file';
import { startImport } from '$lib/server/import/start-import';
import type { Actions, PageServerLoad } from './$types';
import { asHttpError } from './http';

export const load: PageServerLoad = async ({ locals, params }) => {
	if (!locals.actor) redirect(303, '/sign-in');
	const app = await getApp();
	try {
		return { ...(await getImportStart(app, locals.actor, params.id)), maxBytes: MAX_FILE_BYTES };
	} catch (e) {
		asHttpError(e);
	}
};

export const actions: Actions = {
	upload: async ({ locals, request, params }) => {
		if (!locals.actor) redirect(303, '/sign-in');
		// Who may import is known before a byte of the (up to 6 MB) body is read.
		try {
			assertCan(locals.actor, 'import.run');
		} catch (e) {
			asHttpError(e);
		}
		let form: FormData;
		try {
			form = await parseForm(request, { maxBytes: UPLOAD_MAX_BYTES });
		} catch (e) {
			if (!(e instanceof FormBodyError)) throw e;
			if (e.problem === 'too_large') return fail(413, { error: 'file_too_large' });
			return fail(400, { error: 'file_unreadable' });
		}
		const file = form.get('file');
		if (!(file instanceof File) || file.size === 0) return fail(400, { error: 'file_missing' });
		if (file.size > MAX_FILE_BYTES) return fail(413, { error: 'file_too_large' });
		const app = await getApp();
		let batchId: string;
		try {
			({ batchId } = await startImport(app, locals.actor, {
				cohortId: params.id,
				fileName: file.name,
				bytes: new Uint8Array(await file.arrayBuffer())
			}));
		} catch (e) {
			if (isAppError(e) && e.code === 'invalid_input' && e.fields?.file)
				return fail(400, { error: e.fields.file });
			asHttpError(e);
		}
		redirect(303, `/cohorts/${params.id}/import/${batchId}?step=mapping`);
	}
};
