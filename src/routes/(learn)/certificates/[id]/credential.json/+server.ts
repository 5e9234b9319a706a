import { getApp } from '$lib/server/app';
import { getCertificate } from '$lib/server/certificates/get-certificate';
import { idParam, orError, requireActor } from '$lib/server/http/respond';
import type { RequestHandler } from './$types';

// The signed Open Badges 3.0 credential (stored as JSON; the proof is over its canonical RDF, so
// key order does not matter), for its holder or a coordinator.
export const GET: RequestHandler = async ({ locals, params }) => {
	const actor = requireActor(locals);
	const id = idParam(params.id);
	const cert = await orError(async () => getCertificate({ db: (await getApp()).db }, actor, id));
	return new Response(JSON.stringify(cert.credential, null, 2), {
		headers: {
			'content-type': 'application/ld+json',
			'content-disposition': `attachment; filename="credential-${cert.code}.json"`
		}
	});
};
