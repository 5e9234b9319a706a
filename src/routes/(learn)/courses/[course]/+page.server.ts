import { error, redirect } from '@sveltejs/kit';
import { getLocale } from '$lib/paraglide/runtime';
import { getApp } from '$lib/server/app';
import { getCourseTests } from '$lib/server/assessment/get-test';
import { getCurriculum } from '$lib/server/curriculum/get-curriculum';
import { readCourse } from '$lib/server/curriculum/read-course';
import { isAppError } from '$lib/server/errors';
import { courseWorkbookParts } from '$lib/server/workbook/get-blank-worksheets';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, params }) => {
	if (!locals.actor) redirect(303, '/sign-in');
	const curriculum = await getCurriculum();
	try {
		const course = readCourse(curriculum, locals.actor, params.course, getLocale());
		// For an enrolled member: where they stand with the pre- and post-test.
		const tests = await getCourseTests(
			{ db: (await getApp()).db, curriculum },
			locals.actor,
			course.slug
		);
		// Blank sheets of what the course writes: one part alone, or the whole workbook.
		const parts = courseWorkbookParts(curriculum, course.slug);
		const blankSheets = !parts.length
			? null
			: parts.length === 1
				? `/workbook/blank.pdf?part=${encodeURIComponent(parts[0]!)}`
				: '/workbook/blank.pdf';
		// "Save for use without internet" (static/js/offline.js): what to fetch and which version.
		const offline = {
			pages: `/courses/${course.slug}/offline.json`,
			version: curriculum.version
		};
		return { course, tests, blankSheets, offline };
	} catch (e) {
		if (isAppError(e) && (e.code === 'forbidden' || e.code === 'not_found'))
			error(e.status, e.code);
		throw e;
	}
};
