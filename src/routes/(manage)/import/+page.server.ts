import { error, redirect } from '@sveltejs/kit';
import { getApp } from '$lib/server/app';
import { isAppError } from '$lib/server/errors';
import { listImportCohorts } from '$lib/server/import/list-import-cohorts';
import type { PageServerLoad } from './$types';

// The way into an import when coming from nowhere in particular: choose the cohort, then go to
// that cohort's import page. A GET form, so it works without JavaScript.
export const load: PageServerLoad = async ({ locals, url }) => {
	if (!locals.actor) redirect(303, '/sign-in');
	const app = await getApp();
	let cohorts;
	try {
		cohorts = await listImportCohorts(app, locals.actor);
	} catch (e) {
		if (isAppError(e) && e.code === 'forbidden') error(403, 'forbidden');
		throw e;
	}
	const chosen = url.searchParams.get('cohort');
	if (chosen && cohorts.some((c) => c.id === chosen)) redirect(303, `/cohorts/${chosen}/import`);
	return { cohorts, invalid: chosen !== null };
};
