import { and, asc, eq, exists, inArray, or, sql } from 'drizzle-orm';
import { proposeRoles, type RoleProposal } from '../../domain/role-rotation';
import { visibility, type Actor } from '../access/guard';
import type { Activity, ActivityType, Locale } from '../curriculum/schema';
import {
	cooperative,
	enrolment,
	person,
	runCheckin,
	runNote,
	runRole,
	sessionRun
} from '../db/schema';
import { personScopeSql } from '../lists/scope';
import { loadDraftContext, runExists, type RunDraft } from './draft-run';
import { loadRunContext, type RunContext } from './run-context';
import {
	canWriteRun,
	deviceOrNull,
	rolesFrom,
	mayLead,
	mayTakeNotes,
	readerSteps,
	roleHistory,
	runContent,
	type RunDeps
} from './run-state';

export interface RunStepView {
	/** 1-based, as people count. */
	number: number;
	type: ActivityType;
	title: string;
	duration: number;
	phase?: 'opening' | 'closing';
}

export interface RunMember {
	personId: string;
	name: string;
	/** Still an active member of the team (someone who left still shows in old attendance). */
	active: boolean;
}

/**
 * A page other than the group's current one, kept on a phone to go on with no signal: a step
 * (1-based), the roles form after attendance, or the closing check-in.
 */
export type RunAt = number | 'roles' | 'checkin';

/** Everything the player shows, in the reader's language, checked against `run.read`. */
export async function readRun(
	deps: RunDeps,
	actor: Actor | null,
	input: {
		runId: string;
		deviceId: string | null;
		locale: Locale;
		/**
		 * A page other than the group's current one (`previewOf`): the pages a phone keeps to go
		 * on with no signal (`/runs/<id>?at=<n|roles|checkin>`). Nothing is written by reading it.
		 */
		at?: RunAt | null;
		/**
		 * The session a run of this id would play, when it is not started yet: the pages a phone
		 * keeps to start the team's next session with no signal (`/runs/<id>?draft=…`). Ignored
		 * once a run of this id exists.
		 */
		draft?: RunDraft | null;
	}
) {
	const { db } = deps;
	const device = deviceOrNull(input.deviceId);
	const draft = !!input.draft && !(await runExists(db, input.runId));
	const loaded = draft
		? await loadDraftContext(deps, actor, input.runId, input.draft!, device)
		: await loadRunContext(db, actor, input.runId, 'run.read');
	const l = input.locale;
	const content = await runContent(loaded);
	const shown = previewOf(loaded, input.at ?? null, content.activities.length);
	const ctx = shown.ctx;
	const preview = shown.preview || draft;
	const canWrite = canWriteRun(actor!, ctx);
	const group = ctx.mode === 'group';
	// The reads below do not depend on one another: at once, on separate connections, so a page
	// waits for the slowest of them rather than for each in turn.
	const [{ roles, notes }, members, checkins, history] = await Promise.all([
		rolesAndNotes(db, ctx.id),
		runMembers(deps, actor!, ctx, canWrite),
		ctx.stage === 'done'
			? db
					.select({ personId: runCheckin.personId, score: runCheckin.score })
					.from(runCheckin)
					.where(eq(runCheckin.runId, ctx.id))
			: [],
		group && ctx.stage === 'setup' ? roleHistory(db, ctx) : []
	]);
	// A page kept ahead of attendance (roles, check-in) offers every member; the phone's script
	// keeps only those ticked present in the attendance it holds.
	const presentAssumed =
		shown.preview && group && ctx.stage !== 'play' && ctx.presentPersonIds.length === 0;
	if (presentAssumed) ctx.presentPersonIds = members.filter((p) => p.active).map((p) => p.personId);
	let proposal: RoleProposal | null = null;
	if (group && ctx.stage === 'setup' && ctx.presentPersonIds.length > 0) {
		// Present members in the team's order (surnames), so ties fall the same way every time.
		const present = members.filter((p) => ctx.presentPersonIds.includes(p.personId));
		const hidden = ctx.presentPersonIds.filter((id) => !present.some((p) => p.personId === id));
		proposal = proposeRoles(
			[...present.map((p) => p.personId), ...hidden.sort()],
			history,
			readerSteps(content.activities)
		);
	}
	const activity: Activity | undefined = content.activities[ctx.step];
	const audio = activity ? audioOf(activity, l) : null;
	return {
		ctx,
		/** The current step's activity (for the step forms). */
		activity: activity ?? null,
		view: {
			id: ctx.id,
			version: ctx.version,
			/** Shown at another step than the group's (a page kept for use without signal). */
			preview,
			/** Everyone counted present on a page kept ahead of attendance. */
			presentAssumed,
			mode: ctx.mode,
			stage: ctx.stage,
			status: ctx.status,
			step: ctx.step,
			teamId: ctx.teamId,
			teamName: ctx.teamName,
			guests: ctx.guests,
			startedAt: ctx.startedAt.toISOString(),
			completedAt: ctx.completedAt?.toISOString() ?? null,
			stepStartedAt: ctx.stepStartedAt?.toISOString() ?? null,
			stepExtraMinutes: ctx.stepExtraMinutes,
			course: { slug: content.course.slug, title: content.course.title[l] },
			module: {
				slug: content.module.slug,
				number: content.module.number,
				title: content.module.title[l]
			},
			session: {
				slug: content.session.slug,
				number: content.session.number,
				title: content.session.title[l]
			},
			steps: content.activities.map((a, i): RunStepView => ({
				number: i + 1,
				type: a.type,
				title: a.title[l],
				duration: a.duration,
				phase: a.phase
			})),
			current: activity
				? {
						number: ctx.step + 1,
						type: activity.type,
						title: activity.title[l],
						duration: activity.duration,
						phase: activity.phase,
						html: activity.body[l].html,
						audio
					}
				: null,
			members,
			present: ctx.presentPersonIds,
			roles,
			proposal,
			readerSteps: readerSteps(content.activities),
			notes: Object.fromEntries(notes.map((n) => [n.step, { text: n.text, revision: n.revision }])),
			checkins,
			can: {
				write: canWrite,
				lead: canWrite && mayLead(actor!, ctx, roles, device),
				notes: canWrite && mayTakeNotes(actor!, ctx, roles, device),
				isLeadDevice: !!device && ctx.leadDevice === device,
				actorPersonId: actor!.personId
			}
		}
	};
}

export type RunView = Awaited<ReturnType<typeof readRun>>['view'];

/**
 * The run as the page at `at` shows it, when that is not where the group is: a step while the
 * group sets up or plays, the roles form while it sets up, the check-in before it gets there.
 * Anything else (out of range, a finished run, the group's own place) is the run as it is.
 */
export function previewOf(
	loaded: RunContext,
	at: RunAt | null,
	steps: number
): { ctx: RunContext; preview: boolean } {
	const ahead = loaded.stage === 'setup' || loaded.stage === 'play';
	const group = loaded.mode === 'group';
	if (typeof at === 'number') {
		if (!ahead || !Number.isInteger(at) || at < 1 || at > steps)
			return { ctx: loaded, preview: false };
		if (loaded.stage === 'play' && at - 1 === loaded.step) return { ctx: loaded, preview: false };
		// A step not yet begun has no clock: it starts when the group gets there.
		const clockOf = loaded.stage === 'play' ? {} : { stepStartedAt: null, stepExtraMinutes: 0 };
		return { ctx: { ...loaded, ...clockOf, stage: 'play', step: at - 1 }, preview: true };
	}
	if (at === 'roles' && group && loaded.stage === 'setup')
		return { ctx: { ...loaded, presentPersonIds: [...loaded.presentPersonIds] }, preview: true };
	if (at === 'checkin' && group && ahead)
		return {
			ctx: { ...loaded, presentPersonIds: [...loaded.presentPersonIds], stage: 'checkin' },
			preview: true
		};
	return { ctx: loaded, preview: false };
}

/**
 * The run's roles and notes in one round trip (each query costs the server a system call and a
 * wait; the player page is loaded by every phone of the group after each move).
 */
async function rolesAndNotes(db: RunDeps['db'], runId: string) {
	type RoleRow = Parameters<typeof rolesFrom>[0][number];
	const [row] = await db
		.select({
			roles: sql<
				RoleRow[]
			>`coalesce((select json_agg(json_build_object('role', ${runRole.role}, 'step', ${runRole.step}, 'personId', ${runRole.personId})) from ${runRole} where ${runRole.runId} = ${sessionRun.id}), '[]'::json)`,
			notes: sql<
				Array<{ step: number; text: string; revision: number }>
			>`coalesce((select json_agg(json_build_object('step', ${runNote.step}, 'text', ${runNote.text}, 'revision', ${runNote.revision})) from ${runNote} where ${runNote.runId} = ${sessionRun.id}), '[]'::json)`
		})
		.from(sessionRun)
		.where(eq(sessionRun.id, runId));
	return { roles: rolesFrom(row?.roles ?? []), notes: row?.notes ?? [] };
}

/**
 * A recorded reading of the step in this language, if the content has one. Content may carry
 * `audio: { es, en }` (URLs of Opus files); read defensively so older content without it works.
 */
function audioOf(activity: Activity, locale: Locale): string | null {
	const audio = (activity as { audio?: unknown }).audio;
	if (!audio || typeof audio !== 'object') return null;
	const url = (audio as Record<string, unknown>)[locale];
	// Our own files only: the CSP allows media from this host, and a learner's page asks no other.
	return typeof url === 'string' && /^\/(?!\/)[^\s"<>\\]*$/.test(url) ? url : null;
}

/**
 * The team's members by name, and anyone named by the run who has left since. Those who run the
 * session see all their peers; readers from outside see only people within their own scope.
 */
async function runMembers(
	deps: RunDeps,
	actor: Actor,
	ctx: RunContext,
	canWrite: boolean
): Promise<RunMember[]> {
	const named = [...ctx.presentPersonIds, ...(ctx.personId ? [ctx.personId] : [])];
	// Everyone given a role in the run (read in the same query, so it need not wait for the roles).
	const hasRole = exists(
		deps.db
			.select({ one: sql`1` })
			.from(runRole)
			.where(and(eq(runRole.runId, ctx.id), eq(runRole.personId, person.id)))
	);
	const scope =
		canWrite || ctx.actorIsMember
			? undefined
			: personScopeSql(deps.db, visibility(actor, 'person.read'));
	const active = sql<boolean>`exists (select 1 from ${enrolment} where ${enrolment.personId} = ${person.id} and ${enrolment.teamId} = ${ctx.teamId} and ${enrolment.status} = 'active')`;
	const inTeam = and(
		eq(enrolment.personId, person.id),
		eq(enrolment.teamId, ctx.teamId),
		eq(enrolment.status, 'active')
	);
	return deps.db
		.select({
			personId: person.id,
			name: sql<string>`${person.givenNames} || ' ' || ${person.surnames}`,
			active
		})
		.from(person)
		.leftJoin(cooperative, eq(cooperative.id, person.cooperativeId))
		.where(
			and(
				or(
					exists(
						deps.db
							.select({ one: sql`1` })
							.from(enrolment)
							.where(inTeam)
					),
					named.length ? inArray(person.id, [...new Set(named)]) : undefined,
					hasRole
				),
				scope
			)
		)
		.orderBy(asc(person.surnames), asc(person.givenNames), asc(person.id));
}
