import { randomUUID } from 'node:crypto';
import { getApp } from '$lib/server/app';
import { readForm } from '$lib/server/http/read-form';
import { failForm, formValues, idParam, orError, requireActor } from '$lib/server/http/respond';
import {
	audienceChoices,
	previewMessage,
	queueManualMessage
} from '$lib/server/outbox/send-to-audience';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, params }) => {
	const actor = requireActor(locals);
	const choices = await orError(async () =>
		audienceChoices({ db: (await getApp()).db }, actor, idParam(params.id))
	);
	return { choices };
};

const text = (values: Record<string, unknown>, k: string) => String(values[k] ?? '');

export const actions: Actions = {
	// Step one: who would receive it. The confirm form carries a client id made here, so a confirm
	// sent twice (a reload, a double tap) queues the message once.
	preview: async ({ locals, params, request }) => {
		const actor = requireActor(locals);
		const values = formValues(await readForm(request));
		try {
			const preview = await previewMessage({ db: (await getApp()).db }, actor, {
				cohortId: idParam(params.id),
				audience: text(values, 'audience'),
				body: text(values, 'body')
			});
			return { preview, clientId: randomUUID() };
		} catch (e) {
			return failForm(e, values);
		}
	},
	confirm: async ({ locals, params, request }) => {
		const actor = requireActor(locals);
		const values = formValues(await readForm(request));
		try {
			const queued = await queueManualMessage({ db: (await getApp()).db }, actor, {
				cohortId: idParam(params.id),
				audience: text(values, 'audience'),
				body: text(values, 'body'),
				clientId: text(values, 'clientId')
			});
			return { queued };
		} catch (e) {
			return failForm(e, values);
		}
	}
};
