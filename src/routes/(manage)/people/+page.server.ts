import { error, fail, redirect } from '@sveltejs/kit';
import { m } from '$lib/paraglide/messages';
import { getApp } from '$lib/server/app';
import { issueLink } from '$lib/server/auth/invitations';
import { origin } from '$lib/server/env';
import { isAppError } from '$lib/server/errors';
import { listPeople } from '$lib/server/org/list-people';
import { whatsappLink } from '$lib/domain/phone';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, url }) => {
	if (!locals.actor) redirect(303, '/sign-in');
	const app = await getApp();
	const q = url.searchParams.get('q') ?? '';
	const page = Number(url.searchParams.get('page')) || 1;
	try {
		return { q, people: await listPeople(app, locals.actor, { q, page }) };
	} catch (e) {
		if (isAppError(e) && e.code === 'forbidden') error(403, 'forbidden');
		throw e;
	}
};

export const actions: Actions = {
	link: async ({ locals, request }) => {
		if (!locals.actor) redirect(303, '/sign-in');
		const personId = String((await request.formData()).get('personId') ?? '');
		if (!/^[0-9a-f-]{36}$/i.test(personId)) return fail(400, { error: 'invalid' });
		const app = await getApp();
		try {
			const link = await issueLink(app, locals.actor, personId);
			const url = `${origin()}${link.path}`;
			const params = { name: link.name, url, username: link.username };
			// Members read Spanish: the WhatsApp message is always written in Spanish.
			const message =
				link.purpose === 'invite'
					? m.whatsapp_invite(params, { locale: 'es' })
					: m.whatsapp_reset(params, { locale: 'es' });
			return {
				link: {
					url,
					name: link.name,
					username: link.username,
					purpose: link.purpose,
					expiresAt: link.expiresAt.toISOString(),
					whatsapp: whatsappLink(message, link.phone)
				}
			};
		} catch (e) {
			if (isAppError(e) && (e.code === 'forbidden' || e.code === 'not_found'))
				error(e.status, e.code);
			throw e;
		}
	}
};
