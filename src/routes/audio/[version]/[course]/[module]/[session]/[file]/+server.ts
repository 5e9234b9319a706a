import { AUDIO_CONTENT_TYPE } from '$lib/server/curriculum/audio';
import { findAudio } from '$lib/server/curriculum/find-audio';
import { getCurriculum } from '$lib/server/curriculum/get-curriculum';
import { orError } from '$lib/server/http/respond';
import { serveFile } from '$lib/server/http/serve-file';
import type { RequestHandler } from './$types';

/** A recorded reading. The content version is in the path, so it never changes: cache it. */
export const GET: RequestHandler = async ({ locals, params, request }) => {
	const curriculum = await getCurriculum();
	const { path } = await orError(async () => findAudio(curriculum, locals.actor, params));
	return serveFile(request, path, {
		'content-type': AUDIO_CONTENT_TYPE,
		'cache-control': 'private, max-age=31536000, immutable'
	});
};
