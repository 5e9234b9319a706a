import { whatsappLink } from '../../domain/phone';
import { m } from '../../paraglide/messages';
import type { BulkResult } from '../cohorts/bulk-invite';
import { origin } from '../env';

/** What the page shows for freshly created links: full address and a WhatsApp message each. */
export function bulkLinksView(result: BulkResult) {
	return {
		links: result.links.map((l) => {
			const url = `${origin()}${l.path}`;
			// Members read Spanish: the WhatsApp message is always written in Spanish.
			const message = m.whatsapp_invite(
				{ name: l.name, url, username: l.username },
				{ locale: 'es' }
			);
			return {
				personId: l.personId,
				name: l.name,
				cooperative: l.cooperative,
				username: l.username,
				token: l.token,
				url,
				whatsapp: whatsappLink(message, l.phone),
				expiresAt: l.expiresAt.toISOString()
			};
		}),
		skipped: result.skipped.map((s) => ({ name: s.name, reason: s.reason }))
	};
}
