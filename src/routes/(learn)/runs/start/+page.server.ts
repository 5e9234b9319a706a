import { error, fail, redirect } from '@sveltejs/kit';
import { getApp } from '$lib/server/app';
import { deviceId } from '$lib/server/http/device-cookie';
import { readForm } from '$lib/server/http/read-form';
import { formValues, requireActor } from '$lib/server/http/respond';
import { isAppError } from '$lib/server/errors';
import { QUEUE_HEADER } from '$lib/server/offline/user-key';
import { startRun } from '$lib/server/sessions/start-run';
import type { Actions, PageServerLoad } from './$types';

// Only a form posts here (team page, home, course page); opening the address goes home. After a
// refused post the page itself shows why (load runs for that render too: it must not redirect,
// or the message is lost and the refusal looks like a success).
export const load: PageServerLoad = ({ request }) => {
	if (request.method !== 'POST') redirect(303, '/');
	return {};
};

export const actions: Actions = {
	default: async ({ locals, request, cookies, url }) => {
		const actor = requireActor(locals);
		const values = formValues(await readForm(request));
		// One select may name the session as `course/module/session` (the team page's form).
		const at = typeof values.at === 'string' ? values.at.split('/') : [];
		const input = {
			team: values.team,
			course: at.length === 3 ? at[0] : values.course,
			module: at.length === 3 ? at[1] : values.module,
			session: at.length === 3 ? at[2] : values.session,
			mode: values.mode,
			clientId: values.clientId,
			deviceId: deviceId(cookies, url)
		};
		let id: string;
		try {
			({ id } = await startRun(await getApp(), actor, input));
		} catch (e) {
			if (isAppError(e) && (e.code === 'invalid_input' || e.code === 'conflict'))
				return fail(e.code === 'conflict' ? 409 : 400, {
					values: { team: String(values.team ?? '') },
					fields: e.fields ?? { _: 'conflict' }
				});
			if (isAppError(e) && ['forbidden', 'not_found', 'unauthenticated'].includes(e.code))
				error(e.status, e.code);
			throw e;
		}
		// A start kept on a phone with no signal names the run its kept pages and posts were made
		// for; if another phone of the team started the session meanwhile, they do not fit that run.
		if (request.headers.has(QUEUE_HEADER) && id !== input.clientId)
			return fail(409, {
				values: { team: String(values.team ?? '') },
				fields: { _: 'started_elsewhere' }
			});
		redirect(303, `/runs/${id}`);
	}
};
