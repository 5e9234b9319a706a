import { error, redirect } from '@sveltejs/kit';
import { getLocale } from '$lib/paraglide/runtime';
import { getCurriculum } from '$lib/server/curriculum/get-curriculum';
import { readCourse } from '$lib/server/curriculum/read-course';
import { isAppError } from '$lib/server/errors';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, params }) => {
	if (!locals.actor) redirect(303, '/sign-in');
	try {
		return { course: readCourse(await getCurriculum(), locals.actor, params.course, getLocale()) };
	} catch (e) {
		if (isAppError(e) && (e.code === 'forbidden' || e.code === 'not_found'))
			error(e.status, e.code);
		throw e;
	}
};
