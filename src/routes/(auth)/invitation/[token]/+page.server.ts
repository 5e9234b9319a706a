import { fail, redirect } from '@sveltejs/kit';
import { getApp } from '$lib/server/app';
import { applySetCookies } from '$lib/server/auth/cookies';
import { acceptInvitation, readInvitation } from '$lib/server/auth/invitations';
import { signIn } from '$lib/server/auth/sign-in';
import { isAppError } from '$lib/server/errors';
import { readForm } from '$lib/server/http/read-form';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ params }) => {
	const app = await getApp();
	try {
		return { invitation: await readInvitation(app, params.token) };
	} catch (e) {
		if (isAppError(e) && e.code === 'link_invalid') return { invitation: null };
		throw e;
	}
};

export const actions: Actions = {
	default: async ({ params, request, cookies, getClientAddress }) => {
		const form = await readForm(request);
		const password = String(form.get('password') ?? '');
		const confirm = String(form.get('confirm') ?? '');
		const app = await getApp();
		let username: string;
		try {
			({ username } = await acceptInvitation(app, { token: params.token, password, confirm }));
		} catch (e) {
			if (isAppError(e) && e.code === 'invalid_input') return fail(400, { fields: e.fields ?? {} });
			if (isAppError(e) && e.code === 'link_invalid')
				return fail(410, { fields: {}, invalid: true });
			throw e;
		}
		const { setCookies } = await signIn(app, {
			identifier: username,
			password,
			ip: getClientAddress(),
			headers: request.headers
		});
		applySetCookies(cookies, setCookies);
		redirect(303, '/');
	}
};
