import { redirect } from '@sveltejs/kit';
import type { LayoutServerLoad } from './$types';

// Read-only pages: no client JavaScript, so a lesson page stays light on prepaid 3G.
export const csr = false;

export const load: LayoutServerLoad = ({ locals }) => {
	if (!locals.actor) redirect(303, '/sign-in');
	return {};
};
