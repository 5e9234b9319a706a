import { fail, redirect } from '@sveltejs/kit';
import { getApp } from '$lib/server/app';
import { applySetCookies } from '$lib/server/auth/cookies';
import { RateLimitedError } from '$lib/server/auth/rate-limit';
import { signIn } from '$lib/server/auth/sign-in';
import { isAppError } from '$lib/server/errors';
import { discardBody, readForm } from '$lib/server/http/read-form';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = ({ locals }) => {
	if (locals.user) redirect(303, '/');
};

export const actions: Actions = {
	default: async ({ locals, request, cookies, getClientAddress, setHeaders }) => {
		// Someone already signed in is sent home, as the page itself does.
		if (locals.user) {
			discardBody(request);
			redirect(303, '/');
		}
		const form = await readForm(request);
		const identifier = String(form.get('identifier') ?? '').trim();
		const password = String(form.get('password') ?? '');
		if (!identifier || !password) return fail(400, { identifier, error: 'required' as const });
		const app = await getApp();
		try {
			const { setCookies } = await signIn(app, {
				identifier,
				password,
				ip: getClientAddress(),
				headers: request.headers
			});
			applySetCookies(cookies, setCookies);
		} catch (e) {
			if (e instanceof RateLimitedError) {
				setHeaders({ 'retry-after': String(e.retryAfterSeconds) });
				return fail(429, { identifier, error: e.code, wait: e.retryAfterSeconds });
			}
			if (isAppError(e) && e.code === 'invalid_credentials')
				return fail(400, { identifier, error: e.code });
			throw e;
		}
		redirect(303, '/');
	}
};
