// When a member has completed a course (docs/architecture.md, "Monitoring").

/** Share of a course's sessions a member must have taken part in. */
export const MIN_ATTENDANCE = 0.75;

/**
 * A member completes a course when their team completed every session of it in a group run, and
 * they took part in at least 75 % of its sessions (present at a group run of the session, or a
 * completed catch-up run of it). The database applies the same rule (reports/get-indicators.ts).
 */
export function completesCourse(input: {
	sessions: number;
	teamDone: number;
	taken: number;
}): boolean {
	return (
		input.sessions > 0 &&
		input.teamDone >= input.sessions &&
		input.taken >= MIN_ATTENDANCE * input.sessions
	);
}

export type ActionPlanState = 'drafted' | 'submitted' | 'approved';

/**
 * A cooperative's Action Plan as a whole, from the statuses of its saved `action-plan.*`
 * sections: approved when all are approved, submitted when all are with the reviewer or approved,
 * else drafted (a draft, or changes asked for). Mirrors the SQL in get-indicators.ts.
 */
export function actionPlanState(statuses: readonly string[]): ActionPlanState | null {
	if (!statuses.length) return null;
	if (statuses.every((s) => s === 'approved')) return 'approved';
	if (statuses.every((s) => s === 'submitted' || s === 'approved')) return 'submitted';
	return 'drafted';
}
