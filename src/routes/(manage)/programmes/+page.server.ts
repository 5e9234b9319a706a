import { getApp } from '$lib/server/app';
import { listProgrammes } from '$lib/server/cohorts/save-programme';
import { orError, requireActor } from '$lib/server/http/respond';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals }) => {
	const actor = requireActor(locals);
	return { programmes: await orError(async () => listProgrammes(await getApp(), actor)) };
};
