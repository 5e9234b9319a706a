import { getLocale } from '$lib/paraglide/runtime';
import { getApp } from '$lib/server/app';
import { getCurriculum } from '$lib/server/curriculum/get-curriculum';
import { getPlanHistory } from '$lib/server/follow-up/get-plan-history';
import { listTeamRounds } from '$lib/server/follow-up/get-round';
import { idParam, orError, requireActor } from '$lib/server/http/respond';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, params }) => {
	const actor = requireActor(locals);
	const id = idParam(params.id);
	const db = (await getApp()).db;
	const rounds = await orError(() => listTeamRounds({ db }, actor, id));
	const locale = getLocale() === 'en' ? 'en' : 'es';
	const history = await getPlanHistory(
		{ db, curriculum: await getCurriculum() },
		actor,
		id,
		locale
	);
	return { ...rounds, history };
};
