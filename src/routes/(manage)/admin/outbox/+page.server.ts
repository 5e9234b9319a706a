import type { Channel } from '$lib/domain/outbox/channels';
import { getApp } from '$lib/server/app';
import { env } from '$lib/server/env';
import { AppError } from '$lib/server/errors';
import { readForm } from '$lib/server/http/read-form';
import { failForm, formValues, isId, orError, requireActor } from '$lib/server/http/respond';
import { configuredAdapters } from '$lib/server/outbox/adapters/configured';
import { listOutbox, markSentByHand, retryMessage } from '$lib/server/outbox/manage-outbox';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, url }) => {
	const actor = requireActor(locals);
	const channels = Object.keys(configuredAdapters(env())) as Channel[];
	const page = Number(url.searchParams.get('page') ?? '1');
	return orError(async () =>
		listOutbox({ db: (await getApp()).db, channels }, actor, {
			status: url.searchParams.get('status') ?? undefined,
			page: Number.isFinite(page) ? page : 1
		})
	);
};

/** Both actions name one message; anything but an id is "changed meanwhile", never a 500. */
async function act(
	locals: App.Locals,
	request: Request,
	run: (db: Awaited<ReturnType<typeof getApp>>['db'], id: string) => Promise<void>,
	done: string
) {
	requireActor(locals);
	const values = formValues(await readForm(request));
	const id = String(values.id ?? '');
	try {
		if (!isId(id)) return failForm(new AppError('not_found'), values);
		await run((await getApp()).db, id);
		return { done, id };
	} catch (e) {
		return failForm(e, values);
	}
}

export const actions: Actions = {
	sent: ({ locals, request }) =>
		act(locals, request, (db, id) => markSentByHand({ db }, locals.actor, id), 'sent'),
	retry: ({ locals, request }) =>
		act(locals, request, (db, id) => retryMessage({ db }, locals.actor, id), 'retry')
};
