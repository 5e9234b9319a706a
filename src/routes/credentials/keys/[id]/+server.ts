import { error, json } from '@sveltejs/kit';
import { certificateConfig } from '$lib/server/certificates/config';
import { isKeyId, publishedKeys } from '$lib/server/certificates/issuer-key';
import { keyDocument } from '$lib/server/certificates/open-badge';
import type { RequestHandler } from './$types';

// One published public key (the `verificationMethod` of a credential's proof).
export const GET: RequestHandler = async ({ params }) => {
	if (!isKeyId(params.id)) error(404, 'not_found');
	const config = certificateConfig();
	const key = publishedKeys(config.keys).find((k) => k.publicKeyMultibase === params.id);
	if (!key) error(404, 'not_found');
	return json(keyDocument(config.urls, key), {
		headers: { 'content-type': 'application/ld+json', 'cache-control': 'public, max-age=3600' }
	});
};
