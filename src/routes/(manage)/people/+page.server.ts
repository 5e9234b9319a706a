import { error, fail } from '@sveltejs/kit';
import { parseListQuery } from '$lib/domain/list-query';
import { m } from '$lib/paraglide/messages';
import { can } from '$lib/server/access/guard';
import { getApp } from '$lib/server/app';
import { issueLink } from '$lib/server/auth/invitations';
import { origin } from '$lib/server/env';
import { isAppError } from '$lib/server/errors';
import { readForm } from '$lib/server/http/read-form';
import { orError, requireActor } from '$lib/server/http/respond';
import {
	cohortLabel,
	cohortOptions,
	cooperativeLabel,
	federationOptions
} from '$lib/server/org/filter-options';
import { listPeople, peopleListSpec } from '$lib/server/org/list-people';
import { whatsappLink } from '$lib/domain/phone';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, url }) => {
	const actor = requireActor(locals);
	const app = await getApp();
	const query = parseListQuery(url.searchParams, peopleListSpec);
	const people = await orError(() => listPeople(app, actor, query));
	const [federations, cohorts, cooperative, cohort] = await Promise.all([
		federationOptions(app, actor),
		cohortOptions(app, actor),
		cooperativeLabel(app, actor, query.filters.cooperative),
		cohortLabel(app, actor, query.filters.cohort)
	]);
	return {
		query,
		people,
		federations,
		cohorts,
		labels: { cooperative, cohort },
		canCreate: can(actor, 'org.manage')
	};
};

export const actions: Actions = {
	link: async ({ locals, request }) => {
		const actor = requireActor(locals);
		const personId = String((await readForm(request)).get('personId') ?? '');
		if (!/^[0-9a-f-]{36}$/i.test(personId))
			return fail(400, { values: {}, fields: { _: 'invalid' }, form: 'link' });
		const app = await getApp();
		try {
			const link = await issueLink(app, actor, personId);
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
