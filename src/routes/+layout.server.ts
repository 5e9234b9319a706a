import { getLocale } from '$lib/paraglide/runtime';
import { sortRoles } from '$lib/domain/roles';
import { offlineUserKey } from '$lib/server/offline/user-key';
import type { LayoutServerLoad } from './$types';

export const load: LayoutServerLoad = ({ locals, url }) => {
	const grants = locals.actor?.grants ?? [];
	return {
		// `key` names the member's cache and tags their queued work on the phone (offline.js).
		user: locals.user ? { name: locals.user.name, key: offlineUserKey(locals.user.id) } : null,
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
