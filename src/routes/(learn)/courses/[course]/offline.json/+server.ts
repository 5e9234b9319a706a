import { error, json } from '@sveltejs/kit';
import { getLocale } from '$lib/paraglide/runtime';
import { getApp } from '$lib/server/app';
import { getCurriculum } from '$lib/server/curriculum/get-curriculum';
import { env } from '$lib/server/env';
import { isAppError } from '$lib/server/errors';
import { listOfflinePages } from '$lib/server/offline/list-offline-pages';
import type { RequestHandler } from './$types';

// The list of pages "save for use without internet" fetches (static/js/offline.js).
export const GET: RequestHandler = async ({ locals, params }) => {
	if (!locals.actor) error(401, 'unauthorized');
	try {
		const list = await listOfflinePages(
			{ db: (await getApp()).db, curriculum: await getCurriculum(), secret: env().AUTH_SECRET },
			locals.actor,
			{ course: params.course, locale: getLocale() }
		);
		return json(list);
	} catch (e) {
		if (isAppError(e) && (e.code === 'forbidden' || e.code === 'not_found'))
			error(e.status, e.code);
		throw e;
	}
};
