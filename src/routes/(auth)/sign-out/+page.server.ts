import { redirect } from '@sveltejs/kit';
import { getApp } from '$lib/server/app';
import { applySetCookies } from '$lib/server/auth/cookies';
import { signOut } from '$lib/server/auth/sign-in';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = () => redirect(303, '/');

export const actions: Actions = {
	default: async ({ request, cookies, locals, setHeaders }) => {
		const app = await getApp();
		applySetCookies(cookies, await signOut(app, request.headers, locals.user?.id ?? null));
		// A shared phone: the browser drops its HTTP and back/forward caches of this site, so the
		// back button shows the next member nothing. Not "storage": that would also unregister the
		// service worker and wipe what it keeps; members' own caches are deleted by the worker
		// when the sign-in page (a page for nobody) says hello (src/service-worker.ts).
		setHeaders({ 'clear-site-data': '"cache"' });
		redirect(303, '/sign-in');
	}
};
