import { eq } from 'drizzle-orm';
import { assertCan, type Actor } from '../access/guard';
import { getCurriculum } from '../curriculum/get-curriculum';
import type { Executor } from '../db/client';
import { sessionRun } from '../db/schema';
import { AppError } from '../errors';
import type { RunContext } from './run-context';
import { clock, type RunDeps } from './run-state';
import { loadTeamAccess } from './team-access';

/** The session a run not started yet would play, and for which team. */
export interface RunDraft {
	team: string;
	course: string;
	module: string;
	session: string;
}

/** A new run's version (`session_run.version` starts there): what the first change names. */
export const FIRST_RUN_VERSION = 1;

const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const slug = /^[a-z0-9-]{1,80}$/;

/** `<team>.<course>.<module>.<session>` (the `draft` parameter of a kept page), else null. */
export function parseDraft(raw: string | null): RunDraft | null {
	if (!raw || raw.length > 300) return null;
	const [team, course, module, session, ...rest] = raw.split('.');
	if (rest.length || !team || !uuid.test(team)) return null;
	if (![course, module, session].every((s) => s && slug.test(s))) return null;
	return { team, course: course!, module: module!, session: session! };
}

export const draftParam = (d: RunDraft) => `${d.team}.${d.course}.${d.module}.${d.session}`;

export async function runExists(db: Executor, runId: string): Promise<boolean> {
	if (!uuid.test(runId)) return false;
	const [row] = await db
		.select({ id: sessionRun.id })
		.from(sessionRun)
		.where(eq(sessionRun.id, runId));
	return !!row;
}

/**
 * The run a team's start of this session with this client id would make, as the player shows it
 * before anything is written: set-up, version 1, led by this device. Only someone who may start
 * the team's sessions (`run.write`) gets it; a phone keeps its pages to start with no signal, and
 * the start it keeps names this id, so the pages and the forms on them fit the run it makes.
 */
export async function loadDraftContext(
	deps: RunDeps,
	actor: Actor | null,
	runId: string,
	draft: RunDraft,
	deviceId: string | null
): Promise<RunContext> {
	if (!actor) throw new AppError('unauthenticated');
	if (!uuid.test(runId)) throw new AppError('not_found');
	const t = await loadTeamAccess(deps.db, actor, draft.team);
	if (!t) throw new AppError('not_found', 'team');
	assertCan(actor, 'run.write', t.scope);
	const curriculum = await getCurriculum();
	if (
		!t.courses.includes(draft.course) ||
		!curriculum.session(draft.course, draft.module, draft.session)
	)
		throw new AppError('not_found', 'session');
	const now = clock(deps);
	return {
		id: runId,
		teamId: t.id,
		teamName: t.name,
		cohortId: t.cohortId,
		programmeId: t.programmeId,
		cooperativeId: t.cooperativeId,
		federationId: t.federationId,
		course: draft.course,
		module: draft.module,
		session: draft.session,
		contentVersion: curriculum.version,
		mode: 'group',
		personId: null,
		stage: 'setup',
		status: 'open',
		step: 0,
		version: FIRST_RUN_VERSION,
		stepStartedAt: null,
		stepExtraMinutes: 0,
		guests: 0,
		leadDevice: deviceId,
		startedAt: now,
		completedAt: null,
		presentPersonIds: [],
		actorIsMember: t.scope.teamMember === true
	};
}
