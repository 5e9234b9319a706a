import { redirect } from '@sveltejs/kit';
import type { PageServerLoad } from './$types';

// A form with a code field (GET, no JavaScript) lands on the code's own page.
export const load: PageServerLoad = ({ url }) => {
	const code = (url.searchParams.get('code') ?? '').trim().slice(0, 64);
	if (code) redirect(303, `/verify/${encodeURIComponent(code)}`);
	return {};
};
