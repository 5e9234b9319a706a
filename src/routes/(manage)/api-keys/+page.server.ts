import { randomUUID } from 'node:crypto';
import { fail, redirect } from '@sveltejs/kit';
import { isAppError } from '$lib/server/errors';
import { getApp } from '$lib/server/app';
import { readForm } from '$lib/server/http/read-form';
import { failForm, formValues, orError, requireActor } from '$lib/server/http/respond';
import { createApiKey } from '$lib/server/xapi/create-api-key';
import { listApiKeyScopes } from '$lib/server/xapi/list-api-key-scopes';
import { listApiKeys } from '$lib/server/xapi/list-api-keys';
import { revokeApiKey } from '$lib/server/xapi/revoke-api-key';
import type { Actions, PageServerLoad } from './$types';

const deps = async () => ({ db: (await getApp()).db });

export const load: PageServerLoad = async ({ locals, url }) => {
	const actor = requireActor(locals);
	const d = await deps();
	const [keys, scopes] = await orError(() =>
		Promise.all([listApiKeys(d, actor), listApiKeyScopes(d, actor)])
	);
	// Made with the page: the create form sent twice (a reload, a retry) makes one key.
	return { keys, scopes, revoked: url.searchParams.has('revoked'), clientId: randomUUID() };
};

export const actions: Actions = {
	create: async ({ locals, request, url }) => {
		const actor = requireActor(locals);
		const values = formValues(await readForm(request));
		try {
			const key = await createApiKey(await deps(), actor, {
				name: values.name,
				scope: values.scope,
				clientId: values.clientId
			});
			// The secret is shown on this answer only: it is not kept, and no page can show it again.
			return {
				form: 'create',
				created: {
					id: key.id,
					name: key.name,
					secret: key.secret,
					authorization: key.authorization,
					feed: new URL('/xapi/statements', url).toString()
				}
			};
		} catch (e) {
			if (isAppError(e) && e.code === 'conflict')
				return fail(409, { form: 'create', values, fields: { _: 'already_created' } });
			return failForm(e, values, 'create');
		}
	},
	revoke: async ({ locals, request }) => {
		const actor = requireActor(locals);
		const values = formValues(await readForm(request));
		try {
			await revokeApiKey(await deps(), actor, values.id);
		} catch (e) {
			return failForm(e, values, 'revoke');
		}
		redirect(303, '/api-keys?revoked');
	}
};
