/** The roles, and the scope each one is held in. Shared by client and server. */
export const roles = [
	'admin',
	'coordinator',
	'facilitator',
	'federation_focal_point',
	'cooperative_lead',
	'participant'
] as const;

export type Role = (typeof roles)[number];

export interface Grant {
	role: Role;
	cohortId: string | null;
	federationId: string | null;
	cooperativeId: string | null;
}

/** Order in which a person with several roles sees them. */
export function sortRoles(list: Role[]): Role[] {
	return [...new Set(list)].sort((a, b) => roles.indexOf(a) - roles.indexOf(b));
}
