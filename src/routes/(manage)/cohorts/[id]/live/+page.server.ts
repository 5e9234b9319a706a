import { randomUUID } from 'node:crypto';
import { getApp } from '$lib/server/app';
import { readForm } from '$lib/server/http/read-form';
import { failForm, formValues, idParam, orError, requireActor } from '$lib/server/http/respond';
import { listCohortLiveSessions } from '$lib/server/live-sessions/list-live-sessions';
import { scheduleLiveSession } from '$lib/server/live-sessions/schedule-live-session';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, params }) => {
	const actor = requireActor(locals);
	const live = await orError(async () =>
		listCohortLiveSessions({ db: (await getApp()).db }, actor, idParam(params.id))
	);
	// Made with the page: the form sent twice (a reload, a retry) schedules once.
	return { live, clientId: randomUUID() };
};

export const actions: Actions = {
	schedule: async ({ locals, params, request }) => {
		const actor = requireActor(locals);
		const values = formValues(await readForm(request));
		const text = (k: string) => String(values[k] ?? '');
		try {
			const r = await scheduleLiveSession({ db: (await getApp()).db }, actor, {
				cohortId: idParam(params.id),
				clientId: text('clientId'),
				title: text('title'),
				date: text('date'),
				time: text('time'),
				duration: text('duration'),
				meetingUrl: text('meetingUrl'),
				agenda: text('agenda')
			});
			return { scheduled: r };
		} catch (e) {
			return failForm(e, values, 'schedule');
		}
	}
};
