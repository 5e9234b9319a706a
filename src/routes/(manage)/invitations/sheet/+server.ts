import { error } from '@sveltejs/kit';
import { m } from '$lib/paraglide/messages';
import { getApp } from '$lib/server/app';
import {
	invitationSheetEntries,
	renderInvitationSheet
} from '$lib/server/cohorts/invitation-sheet';
import { origin } from '$lib/server/env';
import { isAppError } from '$lib/server/errors';
import { readForm } from '$lib/server/http/read-form';
import { requireActor } from '$lib/server/http/respond';
import type { RequestHandler } from './$types';

/**
 * The sheet of invitation QR codes to print for a meeting. The page that showed the new links
 * posts their tokens back (they are stored only as hashes); each is checked again here.
 */
export const POST: RequestHandler = async ({ locals, request }) => {
	const actor = requireActor(locals);
	const tokens = (await readForm(request)).getAll('token').map(String);
	const app = await getApp();
	let entries;
	try {
		entries = await invitationSheetEntries(app, actor, tokens, origin());
	} catch (e) {
		if (isAppError(e) && e.code === 'forbidden') error(403, 'forbidden');
		throw e;
	}
	if (!entries.length) error(410, 'link_invalid');
	// The sheet is handed to members: Spanish, like the WhatsApp messages.
	const es = { locale: 'es' } as const;
	const pdf = await renderInvitationSheet(entries, {
		title: m.sheet_title({}, es),
		intro: m.sheet_intro({}, es),
		username: (username) => m.link_username({ username }, es),
		expires: (date) => m.sheet_expires({ date }, es),
		formatDate: (d) =>
			d.toLocaleDateString('es-BO', { dateStyle: 'long', timeZone: 'America/La_Paz' })
	});
	const day = new Date().toISOString().slice(0, 10);
	return new Response(new Uint8Array(pdf), {
		headers: {
			'content-type': 'application/pdf',
			'content-disposition': `attachment; filename="invitaciones-${day}.pdf"`,
			'cache-control': 'no-store'
		}
	});
};
