import { fail } from '@sveltejs/kit';
import { m } from '$lib/paraglide/messages';
import { whatsappLink } from '$lib/domain/phone';
import { getLocale } from '$lib/paraglide/runtime';
import { listHistory } from '$lib/server/audit/list-history';
import { getApp } from '$lib/server/app';
import { issueLink } from '$lib/server/auth/invitations';
import { origin } from '$lib/server/env';
import { readForm } from '$lib/server/http/read-form';
import {
	failForm,
	formValues,
	idParam,
	isId,
	orError,
	requireActor
} from '$lib/server/http/respond';
import { proposeCorrection, reviewCorrection } from '$lib/server/org/corrections';
import { getPerson } from '$lib/server/org/get-person';
import { can } from '$lib/server/access/guard';
import { optedOutFromForm } from '$lib/server/outbox/channel-form';
import { getOptOuts, optOutRevision, setOptOuts } from '$lib/server/outbox/opt-outs';
import { updatePerson } from '$lib/server/org/save-person';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, params, url }) => {
	const actor = requireActor(locals);
	const app = await getApp();
	const id = idParam(params.id);
	const person = await orError(() => getPerson(app, actor, id));
	// Coordinators record a person's opt-outs (asked by phone, at a meeting).
	const optedOut = can(actor, 'contact.opt_out', { personId: id })
		? await getOptOuts(app, actor, id)
		: null;
	return {
		person,
		optOuts: optedOut ? { optedOut, seen: optOutRevision(optedOut) } : null,
		created: url.searchParams.has('created'),
		history: person.can.history
			? await listHistory(app, actor, { entity: 'person', id }, getLocale())
			: null
	};
};

export const actions: Actions = {
	save: async ({ locals, request, params }) => {
		const actor = requireActor(locals);
		const values = formValues(await readForm(request));
		try {
			await updatePerson(await getApp(), actor, idParam(params.id), values);
		} catch (e) {
			return failForm(e, values, 'save');
		}
		return { saved: true };
	},
	propose: async ({ locals, request, params }) => {
		const actor = requireActor(locals);
		const values = formValues(await readForm(request));
		try {
			await proposeCorrection(await getApp(), actor, idParam(params.id), values);
		} catch (e) {
			return failForm(e, values, 'propose');
		}
		return { proposed: true };
	},
	review: async ({ locals, request }) => {
		const actor = requireActor(locals);
		const form = await readForm(request);
		const requestId = String(form.get('requestId') ?? '');
		const decision = form.get('decision') === 'accept' ? 'accept' : 'refuse';
		if (!isId(requestId))
			return fail(400, { values: {}, fields: { _: 'invalid' }, form: 'review' });
		try {
			await reviewCorrection(await getApp(), actor, requestId, decision);
		} catch (e) {
			return failForm(e, {}, 'review');
		}
		return { reviewed: decision };
	},
	optOut: async ({ locals, request, params }) => {
		const actor = requireActor(locals);
		const values = formValues(await readForm(request), ['receive']);
		try {
			await setOptOuts(await getApp(), actor, {
				personId: idParam(params.id),
				optedOut: optedOutFromForm(values.receive),
				seen: String(values.seen ?? '')
			});
		} catch (e) {
			return failForm(e, values, 'optOut');
		}
		return { optOutSaved: true };
	},
	link: async ({ locals, params }) => {
		const actor = requireActor(locals);
		try {
			const link = await issueLink(await getApp(), actor, idParam(params.id));
			const url = `${origin()}${link.path}`;
			const p = { name: link.name, url, username: link.username };
			// Members read Spanish: the WhatsApp message is always written in Spanish.
			const message =
				link.purpose === 'invite'
					? m.whatsapp_invite(p, { locale: 'es' })
					: m.whatsapp_reset(p, { locale: 'es' });
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
			return failForm(e, {}, 'link');
		}
	}
};
