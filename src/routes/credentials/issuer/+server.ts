import { json } from '@sveltejs/kit';
import { certificateConfig } from '$lib/server/certificates/config';
import { publishedKeys, signingKey } from '$lib/server/certificates/issuer-key';
import { controllerDocument } from '$lib/server/certificates/open-badge';
import type { RequestHandler } from './$types';

// The Open Badges issuer: its profile and every key that has signed, old ones too.
export const GET: RequestHandler = async () => {
	const config = certificateConfig();
	await signingKey(config.keys);
	return json(controllerDocument(config.urls, publishedKeys(config.keys), config.issuerName), {
		headers: { 'content-type': 'application/ld+json', 'cache-control': 'public, max-age=300' }
	});
};
