import { getLocale } from '$lib/paraglide/runtime';
import { sortRoles } from '$lib/domain/roles';
import type { LayoutServerLoad } from './$types';

export const load: LayoutServerLoad = ({ locals, url }) => {
	const grants = locals.actor?.grants ?? [];
	return {
		user: locals.user ? { name: locals.user.name } : null,
		roles: sortRoles(grants.map((g) => g.role)),
		// Where "My cohort" and "My cooperative" lead: straight to the one, or to the list of several.
		cohortIds: grants.flatMap((g) => (g.role === 'facilitator' && g.cohortId ? [g.cohortId] : [])),
		cooperativeIds: grants.flatMap((g) =>
			g.role === 'cooperative_lead' && g.cooperativeId ? [g.cooperativeId] : []
		),
		locale: getLocale(),
		path: url.pathname + url.search
	};
};
