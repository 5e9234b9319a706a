import type { Role } from './roles';

export type NavKey =
	| 'cohorts'
	| 'myCohorts'
	| 'reviews'
	| 'cooperatives'
	| 'myCooperative'
	| 'federations'
	| 'people'
	| 'import'
	| 'dashboards'
	| 'apiKeys'
	| 'backups';

export interface NavLink {
	key: NavKey;
	href: string;
}

/**
 * The management links each role sees, in order, without repeats: coordinators run everything;
 * facilitators follow their cohorts; focal points their federation; leads their cooperative.
 */
export function navLinks(
	roles: readonly Role[],
	scope: { cohortIds: readonly string[]; cooperativeIds: readonly string[] }
): NavLink[] {
	const out: NavLink[] = [];
	const add = (key: NavKey, href: string) => {
		if (!out.some((l) => l.key === key)) out.push({ key, href });
	};
	const staff = roles.includes('admin') || roles.includes('coordinator');
	// Plans waiting for a reviewer: the cohort's facilitators and coordinators review them.
	const reviewer = roles.includes('coordinator') || roles.includes('facilitator');
	if (staff) {
		add('cohorts', '/cohorts');
		if (reviewer) add('reviews', '/reviews');
		add('cooperatives', '/cooperatives');
		add('federations', '/federations');
		add('people', '/people');
		add('import', '/import');
	}
	if (roles.includes('facilitator') && !staff)
		add('myCohorts', scope.cohortIds.length === 1 ? `/cohorts/${scope.cohortIds[0]}` : '/cohorts');
	if (reviewer) add('reviews', '/reviews');
	if (roles.includes('federation_focal_point')) add('cooperatives', '/cooperatives');
	if (roles.includes('cooperative_lead') && !staff)
		add(
			'myCooperative',
			scope.cooperativeIds.length === 1
				? `/cooperatives/${scope.cooperativeIds[0]}`
				: '/cooperatives'
		);
	if (roles.some((r) => r !== 'participant')) add('people', '/people');
	// Every role that follows others sees the figures of its own scope.
	if (roles.some((r) => r !== 'participant')) add('dashboards', '/dashboards');
	// Keys to the learning-data feed read across every scope: admins hand them out.
	if (roles.includes('admin')) add('apiKeys', '/api-keys');
	// Backups hold everyone's data: admins only.
	if (roles.includes('admin')) add('backups', '/admin/backups');
	return out;
}
