import { redirect } from '@sveltejs/kit';
import { getApp } from '$lib/server/app';
import { getCertificate } from '$lib/server/certificates/get-certificate';
import { revokeCertificate } from '$lib/server/certificates/revoke-certificate';
import { assertCan } from '$lib/server/access/guard';
import { AppError } from '$lib/server/errors';
import { readForm } from '$lib/server/http/read-form';
import { failForm, formValues, idParam, orError, requireActor } from '$lib/server/http/respond';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, params }) => {
	const actor = requireActor(locals);
	const cohortId = idParam(params.id);
	const certId = idParam(params.cert);
	const cert = await orError(async () => {
		assertCan(actor, 'certificate.manage');
		const found = await getCertificate({ db: (await getApp()).db }, actor, certId);
		// Reached only through its own cohort's page.
		if (found.cohortId !== cohortId) throw new AppError('not_found');
		return found;
	});
	return {
		cohortId,
		cert: {
			id: cert.id,
			code: cert.code,
			holderName: cert.holderName,
			cohortName: cert.cohortName,
			revokedAt: cert.revokedAt,
			revokeReason: cert.revokeReason
		}
	};
};

export const actions: Actions = {
	default: async ({ locals, params, request }) => {
		const actor = requireActor(locals);
		const cohortId = idParam(params.id);
		const values = formValues(await readForm(request));
		try {
			await revokeCertificate({ db: (await getApp()).db }, actor, {
				certificateId: idParam(params.cert),
				reason: String(values.reason ?? '')
			});
		} catch (e) {
			return failForm(e, values);
		}
		redirect(303, `/cohorts/${cohortId}/certificates`);
	}
};
