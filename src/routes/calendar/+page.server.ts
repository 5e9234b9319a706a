import { getApp } from '$lib/server/app';
import { readForm } from '$lib/server/http/read-form';
import { requireActor } from '$lib/server/http/respond';
import { hasCalendarFeed, makeCalendarFeed } from '$lib/server/live-sessions/calendar-feed';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals }) => {
	const actor = requireActor(locals);
	return {
		madeAt: await hasCalendarFeed({ db: (await getApp()).db }, actor),
		canHave: !!actor.personId
	};
};

export const actions: Actions = {
	// A new address each time, on purpose: a re-post makes a new one and the page shows it (the
	// older one, never shown again, is simply replaced).
	default: async ({ locals, request, url }) => {
		const actor = requireActor(locals);
		await readForm(request);
		const { token } = await makeCalendarFeed({ db: (await getApp()).db }, actor);
		return { address: new URL(`/calendar/${token}.ics`, url).toString() };
	}
};
