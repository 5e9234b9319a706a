import { getLocale } from '$lib/paraglide/runtime';
import { getApp } from '$lib/server/app';
import { renderCertificatePdf } from '$lib/server/certificates/certificate-pdf';
import { certificateConfig } from '$lib/server/certificates/config';
import { getCertificate } from '$lib/server/certificates/get-certificate';
import { idParam, orError, requireActor } from '$lib/server/http/respond';
import type { RequestHandler } from './$types';

// The certificate as a PDF, for its holder or a coordinator; `?lang=es|en`, else the reader's.
export const GET: RequestHandler = async ({ locals, params, url }) => {
	const actor = requireActor(locals);
	const id = idParam(params.id);
	const cert = await orError(async () => getCertificate({ db: (await getApp()).db }, actor, id));
	const q = url.searchParams.get('lang');
	const locale = q === 'en' || q === 'es' ? q : getLocale() === 'en' ? 'en' : 'es';
	const pdf = await renderCertificatePdf(cert, certificateConfig(), locale);
	return new Response(new Uint8Array(pdf), {
		headers: {
			'content-type': 'application/pdf',
			'content-disposition': `attachment; filename="certificate-${cert.code}.pdf"`
		}
	});
};
