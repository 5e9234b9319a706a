import { redirect } from '@sveltejs/kit';
import { cookieName, locales } from '$lib/paraglide/runtime';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = () => redirect(303, '/');

export const actions: Actions = {
	// A plain form post, so the switch works without JavaScript; the choice is kept for a year.
	default: async ({ request, cookies }) => {
		const form = await request.formData();
		const locale = String(form.get('locale') ?? '');
		const target = String(form.get('redirect') ?? '/');
		if ((locales as readonly string[]).includes(locale))
			cookies.set(cookieName, locale, {
				path: '/',
				maxAge: 365 * 86_400,
				httpOnly: false,
				sameSite: 'lax'
			});
		redirect(303, target.startsWith('/') && !target.startsWith('//') ? target : '/');
	}
};
