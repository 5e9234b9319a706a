import { fail } from '@sveltejs/kit';
import { getApp } from '$lib/server/app';
import { readForm } from '$lib/server/http/read-form';
import { failForm, formValues, orError, requireActor } from '$lib/server/http/respond';
import { optedOutFromForm } from '$lib/server/outbox/channel-form';
import { getOptOuts, optOutRevision, setOptOuts } from '$lib/server/outbox/opt-outs';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals }) => {
	const actor = requireActor(locals);
	if (!actor.personId) return { optedOut: null, seen: '' };
	const personId = actor.personId;
	const optedOut = await orError(async () =>
		getOptOuts({ db: (await getApp()).db }, actor, personId)
	);
	return { optedOut, seen: optOutRevision(optedOut) };
};

export const actions: Actions = {
	default: async ({ locals, request }) => {
		const actor = requireActor(locals);
		const values = formValues(await readForm(request), ['receive']);
		try {
			if (!actor.personId) return fail(400, { values, fields: { _: 'optout_err_form' } });
			const optedOut = await setOptOuts({ db: (await getApp()).db }, actor, {
				personId: actor.personId,
				optedOut: optedOutFromForm(values.receive),
				seen: String(values.seen ?? '')
			});
			return { saved: optedOut, seen: optOutRevision(optedOut) };
		} catch (e) {
			return failForm(e, values);
		}
	}
};
