import { error, fail, redirect, type RequestEvent } from '@sveltejs/kit';
import type { Actor } from '$lib/server/access/guard';
import { getAccount } from '$lib/server/admin/get-account';
import { grantRole, removeRole } from '$lib/server/admin/grant-role';
import { endSessions, lockAccount, unlockAccount } from '$lib/server/admin/lock-account';
import { getApp } from '$lib/server/app';
import type { Db } from '$lib/server/db/client';
import { isAppError } from '$lib/server/errors';
import { readForm } from '$lib/server/http/read-form';
import { failForm, formValues, orError, requireActor } from '$lib/server/http/respond';
import type { Actions, PageServerLoad } from './$types';

const done = ['locked', 'unlocked', 'ended', 'granted', 'removed'] as const;
type Done = (typeof done)[number];
/** The posted form, with the account from the URL (never from the form). */
type Input = Record<string, unknown> & { userId: string; revision: unknown };

export const load: PageServerLoad = async ({ locals, params, url }) => {
	const actor = requireActor(locals);
	const app = await getApp();
	const account = await orError(() => getAccount(app, actor, params.id));
	const d = url.searchParams.get('done');
	return { account, done: done.find((x) => x === d) ?? null };
};

/**
 * Runs one act on the account, then back to its page saying what was done. A refusal the admin
 * can act on (a stale form, the last admin, their own account) is said next to the form.
 */
async function act(
	event: RequestEvent<{ id: string }>,
	form: string,
	doneAs: Done,
	run: (deps: { db: Db }, actor: Actor, values: Input) => Promise<unknown>
) {
	const actor = requireActor(event.locals);
	const values = formValues(await readForm(event.request));
	const app = await getApp();
	try {
		await run({ db: app.db }, actor, {
			...values,
			userId: event.params.id,
			revision: values.revision
		});
	} catch (e) {
		if (isAppError(e) && e.code === 'not_found') error(404, 'not_found');
		if (isAppError(e) && (e.code === 'invalid_input' || e.code === 'conflict'))
			return fail(e.code === 'conflict' ? 409 : 400, {
				form,
				values: {},
				fields: e.fields ?? { _: 'invalid' }
			});
		return failForm(e, {}, form);
	}
	redirect(303, `/admin/accounts/${event.params.id}?done=${doneAs}`);
}

export const actions: Actions = {
	lock: (event) => act(event, 'lock', 'locked', (deps, a, v) => lockAccount(deps, a, v)),
	unlock: (event) => act(event, 'lock', 'unlocked', (deps, a, v) => unlockAccount(deps, a, v)),
	endSessions: (event) => act(event, 'sessions', 'ended', (deps, a, v) => endSessions(deps, a, v)),
	grant: (event) =>
		act(event, 'grant', 'granted', (deps, a, v) => {
			// One select names the role and where it is held: "facilitator:<cohort id>".
			const [role, scopeId] = String(v.grant ?? '').split(':', 2);
			return grantRole(deps, a, { ...v, role, scopeId });
		}),
	remove: (event) =>
		act(event, 'roles', 'removed', (deps, a, v) =>
			removeRole(deps, a, { ...v, assignmentId: v.assignmentId })
		)
};
