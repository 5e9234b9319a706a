import { error } from '@sveltejs/kit';
import type { PageServerLoad } from './$types';

// The app's translated error page on its own, for answers that are not pages: a download that is
// refused shows it (`withErrorPage` in $lib/server/http/export.ts) instead of a bare "forbidden".
export const load: PageServerLoad = ({ params }) => {
	const status = Number(params.status);
	if (status === 403) error(403, 'forbidden');
	error(404, 'not_found');
};
