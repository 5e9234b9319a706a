import { getApp } from '$lib/server/app';
import { listOwnCertificates } from '$lib/server/certificates/get-certificate';
import { requireActor } from '$lib/server/http/respond';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals }) => {
	const actor = requireActor(locals);
	return { certificates: await listOwnCertificates({ db: (await getApp()).db }, actor) };
};
