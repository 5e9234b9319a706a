import { redirect } from '@sveltejs/kit';
import { cookieName, locales } from '$lib/paraglide/runtime';
import { readForm } from '$lib/server/http/read-form';
import { sameOriginPath } from '$lib/server/http/same-origin-path';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = () => redirect(303, '/');

export const actions: Actions = {
	// A plain form post, so the switch works without JavaScript; the choice is kept for a year.
	default: async ({ request, cookies, url }) => {
		const form = await readForm(request);
		const locale = String(form.get('locale') ?? '');
		const target = String(form.get('redirect') ?? '/');
		if ((locales as readonly string[]).includes(locale))
			cookies.set(cookieName, locale, {
				path: '/',
				maxAge: 365 * 86_400,
				httpOnly: false,
				sameSite: 'lax'
			});
		redirect(303, sameOriginPath(target, url.origin));
	}
};
