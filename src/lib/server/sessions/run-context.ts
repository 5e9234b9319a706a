import { and, eq, sql } from 'drizzle-orm';
import { assertCan, type Actor } from '../access/guard';
import type { Executor } from '../db/client';
import { cohort, cooperative, enrolment, runAttendance, sessionRun, team } from '../db/schema';
import { AppError } from '../errors';

/** A run and where it belongs, loaded once per request and handed to every step function. */
export interface RunContext {
	id: string;
	teamId: string;
	teamName: string;
	cohortId: string;
	programmeId: string;
	/** The team's cooperative (null for a team made for no cooperative: it has no workbook). */
	cooperativeId: string | null;
	federationId: string | null;
	course: string;
	module: string;
	session: string;
	contentVersion: string;
	mode: 'group' | 'catch_up';
	/** The member catching up alone (mode catch_up). */
	personId: string | null;
	stage: 'setup' | 'play' | 'checkin' | 'done';
	status: 'open' | 'paused' | 'completed';
	step: number;
	version: number;
	stepStartedAt: Date | null;
	stepExtraMinutes: number;
	guests: number;
	leadDevice: string | null;
	startedAt: Date;
	completedAt: Date | null;
	/** People ticked present (group runs). */
	presentPersonIds: string[];
	/** The asking actor's person is an active member of the run's team. */
	actorIsMember: boolean;
}

/**
 * Loads a run and checks that the actor may read it (`run.read`) or write to it (`run.write`).
 * A run the actor may not see is "not found" for readers outside every scope.
 */
export async function loadRunContext(
	db: Executor,
	actor: Actor | null,
	runId: string,
	action: 'run.read' | 'run.write'
): Promise<RunContext> {
	if (!actor) throw new AppError('unauthenticated');
	if (!/^[0-9a-f-]{36}$/i.test(runId)) throw new AppError('not_found');
	// One round trip: the run, whether the actor is in its team, and who is present. Every page,
	// action and events stream of the player starts here.
	const [row] = await db
		.select({
			run: sessionRun,
			teamName: team.name,
			programmeId: cohort.programmeId,
			cooperativeId: team.cooperativeId,
			federationId: cooperative.federationId,
			actorIsMember: actor.personId
				? sql<boolean>`exists (select 1 from ${enrolment} where ${enrolment.teamId} = ${sessionRun.teamId} and ${enrolment.personId} = ${actor.personId} and ${enrolment.status} = 'active')`
				: sql<boolean>`false`,
			// Text, not uuid[]: both drivers (pg, PGlite) parse a text[] into strings.
			present: sql<
				string[]
			>`array(select ${runAttendance.personId}::text from ${runAttendance} where ${runAttendance.runId} = ${sessionRun.id})`
		})
		.from(sessionRun)
		.innerJoin(team, eq(team.id, sessionRun.teamId))
		.innerJoin(cohort, eq(cohort.id, sessionRun.cohortId))
		.leftJoin(cooperative, eq(cooperative.id, team.cooperativeId))
		.where(eq(sessionRun.id, runId));
	if (!row) throw new AppError('not_found');
	const actorIsMember = row.actorIsMember === true;
	assertCan(actor, action, {
		cohortIds: [row.run.cohortId],
		cooperativeId: row.cooperativeId,
		federationId: row.federationId,
		// A catch-up run is its member's own: other members of the team only read it.
		teamMember:
			actorIsMember &&
			(action === 'run.read' || row.run.mode === 'group' || row.run.personId === actor.personId)
	});
	const r = row.run;
	return {
		id: r.id,
		teamId: r.teamId,
		teamName: row.teamName,
		cohortId: r.cohortId,
		programmeId: row.programmeId,
		cooperativeId: row.cooperativeId,
		federationId: row.federationId,
		course: r.course,
		module: r.module,
		session: r.session,
		contentVersion: r.contentVersion,
		mode: r.mode,
		personId: r.personId,
		stage: r.stage,
		status: r.status,
		step: r.step,
		version: r.version,
		stepStartedAt: r.stepStartedAt,
		stepExtraMinutes: r.stepExtraMinutes,
		guests: r.guests,
		leadDevice: r.leadDevice,
		startedAt: r.startedAt,
		completedAt: r.completedAt,
		presentPersonIds: row.present,
		actorIsMember
	};
}

/** Whether the actor's person is an active member of the team. */
export async function isTeamMember(db: Executor, actor: Actor, teamId: string): Promise<boolean> {
	if (!actor.personId) return false;
	const [m] = await db
		.select({ id: enrolment.id })
		.from(enrolment)
		.where(
			and(
				eq(enrolment.teamId, teamId),
				eq(enrolment.personId, actor.personId),
				eq(enrolment.status, 'active')
			)
		)
		.limit(1);
	return !!m;
}
