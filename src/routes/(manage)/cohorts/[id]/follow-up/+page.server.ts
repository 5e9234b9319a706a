import { getApp } from '$lib/server/app';
import { createRounds, ROUNDS_PER_POST } from '$lib/server/follow-up/create-rounds';
import { listRounds } from '$lib/server/follow-up/list-rounds';
import { readForm } from '$lib/server/http/read-form';
import { failForm, formValues, idParam, orError, requireActor } from '$lib/server/http/respond';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, params }) => {
	const actor = requireActor(locals);
	const id = idParam(params.id);
	return {
		followUp: await orError(async () => listRounds({ db: (await getApp()).db }, actor, id))
	};
};

export const actions: Actions = {
	create: async ({ locals, params, request }) => {
		const actor = requireActor(locals);
		const values = formValues(await readForm(request));
		const rounds = Array.from({ length: ROUNDS_PER_POST }, (_, i) => ({
			dueOn: String(values[`dueOn-${i}`] ?? ''),
			label: String(values[`label-${i}`] ?? '')
		}));
		try {
			const { created } = await createRounds({ db: (await getApp()).db }, actor, {
				cohortId: idParam(params.id),
				rounds
			});
			return { created };
		} catch (e) {
			return failForm(e, values, 'rounds');
		}
	}
};
