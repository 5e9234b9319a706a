// Where a team stands in a course: which sessions are done, which one is under way, and which
// one comes next. Pure: the caller reads the runs, this decides.

/** A session's place in a course, in the content's order. */
export interface SessionRef {
	module: string;
	session: string;
}

/** What a team's group runs say about one session (catch-up runs never count here). */
export interface RunRef extends SessionRef {
	id: string;
	status: 'open' | 'paused' | 'completed';
}

export type SessionState = 'done' | 'in_progress' | 'not_started';

export const sessionKey = (s: SessionRef): string => `${s.module}/${s.session}`;

/**
 * Each session's state: done when a group run completed it (a later open run, a replay, does not
 * undo that), in progress when a group run is open or paused, else not started.
 */
export function sessionStates(
	outline: readonly SessionRef[],
	runs: readonly RunRef[]
): Map<string, SessionState> {
	const done = new Set<string>();
	const open = new Set<string>();
	for (const r of runs) (r.status === 'completed' ? done : open).add(sessionKey(r));
	const states = new Map<string, SessionState>();
	for (const s of outline) {
		const k = sessionKey(s);
		states.set(k, done.has(k) ? 'done' : open.has(k) ? 'in_progress' : 'not_started');
	}
	return states;
}

/**
 * The session the team should run next: one it has under way (the earliest in the course, so
 * the group finishes what it started), else the first it has not done. Null when all are done.
 * The run to continue is given with it.
 */
export function nextSession(
	outline: readonly SessionRef[],
	runs: readonly RunRef[]
): (SessionRef & { runId: string | null }) | null {
	const states = sessionStates(outline, runs);
	const underWay = outline.find((s) => states.get(sessionKey(s)) === 'in_progress');
	if (underWay) {
		const run = runs.find(
			(r) => r.status !== 'completed' && sessionKey(r) === sessionKey(underWay)
		);
		return { ...underWay, runId: run?.id ?? null };
	}
	const first = outline.find((s) => states.get(sessionKey(s)) === 'not_started');
	return first ? { ...first, runId: null } : null;
}
