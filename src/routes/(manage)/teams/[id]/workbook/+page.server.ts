import { getLocale } from '$lib/paraglide/runtime';
import { getApp } from '$lib/server/app';
import { getCurriculum } from '$lib/server/curriculum/get-curriculum';
import { idParam, orError, requireActor } from '$lib/server/http/respond';
import { getWorkbook } from '$lib/server/workbook/get-workbook';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, params }) => {
	const actor = requireActor(locals);
	const id = idParam(params.id);
	const deps = { db: (await getApp()).db, curriculum: await getCurriculum() };
	return { workbook: await orError(() => getWorkbook(deps, actor, id, getLocale())) };
};
