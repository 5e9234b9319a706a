import { getLocale } from '$lib/paraglide/runtime';
import { getApp } from '$lib/server/app';
import { getCurriculum } from '$lib/server/curriculum/get-curriculum';
import { orError, requireActor } from '$lib/server/http/respond';
import { listReviews } from '$lib/server/workbook/list-reviews';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals }) => {
	const actor = requireActor(locals);
	const deps = { db: (await getApp()).db, curriculum: await getCurriculum() };
	return { queue: await orError(() => listReviews(deps, actor, getLocale())) };
};
