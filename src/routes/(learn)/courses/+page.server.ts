import { error, redirect } from '@sveltejs/kit';
import { getLocale } from '$lib/paraglide/runtime';
import { listCourses } from '$lib/server/curriculum/list-courses';
import { getCurriculum } from '$lib/server/curriculum/get-curriculum';
import { isAppError } from '$lib/server/errors';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals }) => {
	if (!locals.actor) redirect(303, '/sign-in');
	try {
		return { courses: listCourses(await getCurriculum(), locals.actor, getLocale()) };
	} catch (e) {
		if (isAppError(e) && e.code === 'forbidden') error(403, 'forbidden');
		throw e;
	}
};
