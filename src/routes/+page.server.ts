import { redirect } from '@sveltejs/kit';
import { can } from '$lib/server/access/guard';
import { getApp } from '$lib/server/app';
import { countOpenCorrections } from '$lib/server/org/corrections';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals }) => {
	if (!locals.user) redirect(303, '/sign-in');
	const actor = locals.actor;
	return {
		// Coordinators see at a glance what cooperative leads asked them to correct.
		openCorrections:
			actor && can(actor, 'org.manage') ? await countOpenCorrections(await getApp(), actor) : 0
	};
};
