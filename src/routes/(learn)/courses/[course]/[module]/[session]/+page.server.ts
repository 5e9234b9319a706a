import { error, redirect } from '@sveltejs/kit';
import { getLocale } from '$lib/paraglide/runtime';
import { getCurriculum } from '$lib/server/curriculum/get-curriculum';
import { readSession } from '$lib/server/curriculum/read-session';
import { isAppError } from '$lib/server/errors';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, params }) => {
	if (!locals.actor) redirect(303, '/sign-in');
	try {
		const at = { course: params.course, module: params.module, session: params.session };
		return { session: readSession(await getCurriculum(), locals.actor, at, getLocale()) };
	} catch (e) {
		if (isAppError(e) && (e.code === 'forbidden' || e.code === 'not_found'))
			error(e.status, e.code);
		throw e;
	}
};
