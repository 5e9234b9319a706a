import { m } from '$lib/paraglide/messages';
import { getLocale } from '$lib/paraglide/runtime';
import { webManifest } from '$lib/domain/offline/manifest';
import type { RequestHandler } from './$types';

// In the member's language (the language cookie); asked again rather than kept, so a change of
// language reaches the next installation.
export const GET: RequestHandler = () => {
	const lang = getLocale();
	return new Response(JSON.stringify(webManifest(lang, m.offline_app_description())), {
		headers: {
			'content-type': 'application/manifest+json; charset=utf-8',
			'cache-control': 'no-cache'
		}
	});
};
