import { redirect } from '@sveltejs/kit';
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
	return { keys, scopes, revoked: url.searchParams.has('revoked') };
};

export const actions: Actions = {
	create: async ({ locals, request, url }) => {
		const actor = requireActor(locals);
		const values = formValues(await readForm(request));
		try {
			const key = await createApiKey(await deps(), actor, {
				name: values.name,
				scope: values.scope
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
