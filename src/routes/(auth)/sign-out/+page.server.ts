import { redirect } from '@sveltejs/kit';
import { getApp } from '$lib/server/app';
import { applySetCookies } from '$lib/server/auth/cookies';
import { signOut } from '$lib/server/auth/sign-in';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = () => redirect(303, '/');

export const actions: Actions = {
	default: async ({ request, cookies, locals }) => {
		const app = await getApp();
		applySetCookies(cookies, await signOut(app, request.headers, locals.user?.id ?? null));
		redirect(303, '/sign-in');
	}
};
