import { and, eq, ne, sql } from 'drizzle-orm';
import { can, type Actor } from '../access/guard';
import { getCurriculum } from '../curriculum/get-curriculum';
import type { Activity, Course, Module, Session } from '../curriculum/schema';
import type { Db, Executor } from '../db/client';
import { runRole, sessionRun } from '../db/schema';
import { AppError } from '../errors';
import { contentIri } from '../learning/record-event';
import type { RunContext } from './run-context';

/** What every run function is given: the database and, for tests, a clock. */
export interface RunDeps {
	db: Db;
	now?: () => Date;
}

export const clock = (deps: RunDeps) => deps.now?.() ?? new Date();

/** Minutes the time-keeper adds with one tap. */
export const EXTENSION_MINUTES = 5;
export const NOTE_MAX = 4000;
export const GUESTS_MAX = 500;

/**
 * Another device changed the run since this page was built: nothing was written, and the page
 * says where the group is now.
 */
export class StaleRunError extends AppError {
	constructor(readonly current: { step: number; stage: RunContext['stage']; version: number }) {
		super('conflict', 'stale run version', { _: 'stale' });
	}
}

export interface RunContent {
	course: Course;
	module: Module;
	session: Session;
	activities: Activity[];
}

/** The session a run plays, from the curriculum (a session removed from the content is gone). */
export async function runContent(at: {
	course: string;
	module: string;
	session: string;
}): Promise<RunContent> {
	const c = await getCurriculum();
	const course = c.course(at.course);
	const mod = c.module(at.course, at.module);
	const session = c.session(at.course, at.module, at.session);
	if (!course || !mod || !session) throw new AppError('not_found', 'session not in the content');
	return { course, module: mod, session, activities: session.activities };
}

/** Where learning events of a run are placed (xAPI context). */
export function eventContext(ctx: RunContext): Record<string, unknown> {
	return {
		team: ctx.teamId,
		cohort: ctx.cohortId,
		cooperative: ctx.cooperativeId,
		run: ctx.id,
		mode: ctx.mode
	};
}

export const sessionIri = (ctx: RunContext) =>
	contentIri(ctx.contentVersion, ctx.course, ctx.module, ctx.session);

export const stepIri = (ctx: RunContext, activity: Activity) =>
	contentIri(ctx.contentVersion, ctx.course, ctx.module, ctx.session, activity.slug);

/**
 * Writes a change of the run's state if it is still at `fromVersion`, bumping the version. A
 * change from an older version writes nothing and throws StaleRunError with where the run is.
 */
export async function commitRun(
	tx: Executor,
	ctx: RunContext,
	fromVersion: number,
	patch: Partial<typeof sessionRun.$inferInsert>,
	now: Date
): Promise<number> {
	const [row] = await tx
		.update(sessionRun)
		.set({ ...patch, version: sql`${sessionRun.version} + 1`, updatedAt: now })
		.where(and(eq(sessionRun.id, ctx.id), eq(sessionRun.version, fromVersion)))
		.returning({ version: sessionRun.version });
	if (!row) await throwStale(tx, ctx.id);
	return row!.version;
}

export async function throwStale(db: Executor, runId: string): Promise<never> {
	const [cur] = await db
		.select({ step: sessionRun.step, stage: sessionRun.stage, version: sessionRun.version })
		.from(sessionRun)
		.where(eq(sessionRun.id, runId));
	throw new StaleRunError(cur ?? { step: 0, stage: 'setup', version: 0 });
}

export interface RunRoles {
	timekeeper: string | null;
	notetaker: string | null;
	readers: Record<number, string>;
}

export async function loadRoles(db: Executor, runId: string): Promise<RunRoles> {
	return rolesFrom(await db.select().from(runRole).where(eq(runRole.runId, runId)));
}

/** The run's role rows as who keeps time, who takes notes and who reads which step. */
export function rolesFrom(
	rows: Array<{ role: 'timekeeper' | 'notetaker' | 'reader'; step: number; personId: string }>
): RunRoles {
	const roles: RunRoles = { timekeeper: null, notetaker: null, readers: {} };
	for (const r of rows) {
		if (r.role === 'reader') roles.readers[r.step] = r.personId;
		else roles[r.role] = r.personId;
	}
	return roles;
}

/** Roles this team's members took in the course's earlier runs: what rotation counts. */
export async function roleHistory(db: Executor, ctx: RunContext) {
	return db
		.select({ personId: runRole.personId, role: runRole.role, at: runRole.assignedAt })
		.from(runRole)
		.innerJoin(sessionRun, eq(sessionRun.id, runRole.runId))
		.where(
			and(
				eq(sessionRun.teamId, ctx.teamId),
				eq(sessionRun.course, ctx.course),
				ne(sessionRun.id, ctx.id)
			)
		);
}

/** Whether the actor may write to the run (the run context was loaded for reading). */
export function canWriteRun(actor: Actor, ctx: RunContext): boolean {
	return can(actor, 'run.write', {
		cohortIds: [ctx.cohortId],
		cooperativeId: ctx.cooperativeId,
		federationId: ctx.federationId,
		teamMember: ctx.actorIsMember && (ctx.mode === 'group' || ctx.personId === actor.personId)
	});
}

/**
 * Who moves the group's step and keeps its time: the device leading the run, or the
 * time-keeper on any phone; in a catch-up run, the member catching up.
 */
export function mayLead(
	actor: Actor,
	ctx: RunContext,
	roles: RunRoles,
	deviceId: string | null
): boolean {
	if (ctx.mode === 'catch_up') return ctx.personId === actor.personId;
	if (deviceId && ctx.leadDevice === deviceId) return true;
	return !!actor.personId && roles.timekeeper === actor.personId;
}

/** Who writes the notes: the note-taker on any phone, or the leading device (one shared phone). */
export function mayTakeNotes(
	actor: Actor,
	ctx: RunContext,
	roles: RunRoles,
	deviceId: string | null
): boolean {
	if (ctx.mode === 'catch_up') return ctx.personId === actor.personId;
	if (deviceId && ctx.leadDevice === deviceId) return true;
	return !!actor.personId && roles.notetaker === actor.personId;
}

/** The steps read aloud (the opening and every read step): each gets a reader. */
export const readerSteps = (activities: Activity[]) =>
	activities.flatMap((a, i) => (a.type === 'read' ? [i] : []));

/** A valid device id (the random `minka_device` cookie), else null. */
export const deviceOrNull = (d: string | null | undefined) =>
	d && /^[A-Za-z0-9_-]{16,64}$/.test(d) ? d : null;
