import { error } from '@sveltejs/kit';
import { getApp } from '$lib/server/app';
import { env } from '$lib/server/env';
import { getEvidence } from '$lib/server/follow-up/get-evidence';
import { idParam, orError, requireActor } from '$lib/server/http/respond';
import { serveFile } from '$lib/server/http/serve-file';
import type { RequestHandler } from './$types';

const disposition = (fileName: string) => {
	const ascii = fileName
		.normalize('NFD')
		.replace(/[^\x20-\x7e]/g, '')
		.replace(/["\\]/g, '');
	return `inline; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(fileName)}`;
};

/** An update's photo or PDF, for those who may read the plan; never cached by others. */
export const GET: RequestHandler = async ({ locals, params, request }) => {
	const actor = requireActor(locals);
	const file = await orError(async () =>
		getEvidence(
			{ db: (await getApp()).db, dataDir: env().DATA_DIR },
			actor,
			idParam(params.id),
			params.update
		)
	);
	let response: Response;
	try {
		response = await serveFile(request, file.path, {
			'content-type': file.type,
			'cache-control': 'private, no-cache'
		});
	} catch {
		error(404, 'not_found');
	}
	response.headers.set('content-disposition', disposition(file.name));
	response.headers.set('x-content-type-options', 'nosniff');
	return response;
};
