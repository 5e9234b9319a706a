import { getLocale } from '$lib/paraglide/runtime';
import { sortRoles } from '$lib/domain/roles';
import type { LayoutServerLoad } from './$types';

export const load: LayoutServerLoad = ({ locals, url }) => ({
	user: locals.user ? { name: locals.user.name } : null,
	roles: sortRoles(locals.actor?.grants.map((g) => g.role) ?? []),
	locale: getLocale(),
	path: url.pathname + url.search
});
