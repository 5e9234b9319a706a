import { and, asc, eq, isNotNull, or } from 'drizzle-orm';
import {
	nextSession,
	sessionKey,
	sessionStates,
	type SessionRef,
	type SessionState
} from '../../domain/next-session';
import { assertCan, can, type Actor } from '../access/guard';
import type { Course, Curriculum, Locale } from '../curriculum/schema';
import type { Executor } from '../db/client';
import { cohort, enrolment, runAttendance, sessionRun } from '../db/schema';
import { AppError } from '../errors';
import { loadTeamAccess } from './team-access';
import { attendanceOf, type AttendanceView } from './run-people';

export interface ProgressDeps {
	db: Executor;
	curriculum: Curriculum;
}

/** Where an open run stands, for "in progress" lines. */
export interface RunPosition {
	id: string;
	stage: 'setup' | 'play' | 'checkin' | 'done';
	paused: boolean;
	/** 1-based number of the current step while playing. */
	stepNumber: number;
	stepCount: number;
	stepTitle: string;
	/** When the current step (or the run, before its first step) began. */
	since: Date;
}

export interface SessionProgress extends SessionRef {
	moduleNumber: number;
	number: number;
	title: string;
	duration: number;
	state: SessionState;
	/** The open group run, when the session is under way. */
	run: RunPosition | null;
	/** The group run that completed it. */
	done: { runId: string; at: Date; attendance: AttendanceView } | null;
	/**
	 * For a member who missed a session the team completed: their own catch-up (none yet, under
	 * way, or done). Null when it does not apply.
	 */
	catchUp: { runId: string | null; completed: boolean } | null;
}

export interface CourseProgress {
	slug: string;
	title: string;
	modules: { slug: string; number: number; title: string; sessions: SessionProgress[] }[];
	done: number;
	total: number;
	next: SessionProgress | null;
}

export interface TeamProgress {
	teamId: string;
	teamName: string;
	cohortId: string;
	cohortName: string;
	courses: CourseProgress[];
	/** The actor may start and continue the team's runs (`run.write`). */
	canWrite: boolean;
	/** The actor is a member of the team (may catch up alone on what they missed). */
	isMember: boolean;
}

export function runPosition(
	curriculum: Curriculum,
	locale: Locale,
	r: typeof sessionRun.$inferSelect
): RunPosition {
	const activities = curriculum.session(r.course, r.module, r.session)?.activities ?? [];
	const step = Math.min(r.step, Math.max(activities.length - 1, 0));
	return {
		id: r.id,
		stage: r.stage,
		paused: r.status === 'paused',
		stepNumber: step + 1,
		stepCount: activities.length,
		stepTitle: activities[step]?.title[locale] ?? '',
		since: r.stage === 'play' ? (r.stepStartedAt ?? r.updatedAt) : r.updatedAt
	};
}

/** The sessions of a course in the content's order. */
export function outlineOf(course: Course): SessionRef[] {
	return course.modules.flatMap((m) =>
		m.sessions.map((s) => ({ module: m.slug, session: s.slug }))
	);
}

/**
 * A team's progress in each course of its cohort, read from the run tables: every session done,
 * under way or not started, when it was done and who attended, and the next one. Readers are
 * those who may read the team's runs (`run.read`); names are filtered by person scope.
 */
export async function getTeamProgress(
	deps: ProgressDeps,
	actor: Actor | null,
	teamId: string,
	locale: Locale
): Promise<TeamProgress> {
	if (!actor) throw new AppError('unauthenticated');
	const { db, curriculum } = deps;
	const t = await loadTeamAccess(db, actor, teamId);
	if (!t) throw new AppError('not_found');
	const { scope } = t;
	const isMember = scope.teamMember === true;
	assertCan(actor, 'run.read', scope);

	// The team's group runs, and the actor's own catch-up runs.
	const runs = await db
		.select()
		.from(sessionRun)
		.where(
			and(
				eq(sessionRun.teamId, teamId),
				actor.personId
					? or(eq(sessionRun.mode, 'group'), eq(sessionRun.personId, actor.personId))
					: eq(sessionRun.mode, 'group')
			)
		)
		.orderBy(asc(sessionRun.startedAt));
	const group = runs.filter((r) => r.mode === 'group');
	const catchUps = runs.filter((r) => r.mode === 'catch_up');
	const completed = group.filter((r) => r.status === 'completed');
	const attendance = await attendanceOf(db, actor, completed);
	const attended = actor.personId
		? new Set(
				(
					await db
						.select({ runId: runAttendance.runId })
						.from(runAttendance)
						.innerJoin(sessionRun, eq(sessionRun.id, runAttendance.runId))
						.where(and(eq(sessionRun.teamId, teamId), eq(runAttendance.personId, actor.personId)))
				).map((r) => r.runId)
			)
		: new Set<string>();

	const courses: CourseProgress[] = [];
	for (const slug of t.courses) {
		const course = curriculum.course(slug);
		if (!course) continue;
		const mine = group.filter((r) => r.course === slug);
		const outline = outlineOf(course);
		const states = sessionStates(outline, mine);
		const next = nextSession(outline, mine);
		let nextView: SessionProgress | null = null;
		let done = 0;
		const modules = course.modules.map((m) => ({
			slug: m.slug,
			number: m.number,
			title: m.title[locale],
			sessions: m.sessions.map((s): SessionProgress => {
				const ref = { module: m.slug, session: s.slug };
				const key = sessionKey(ref);
				const state = states.get(key) ?? 'not_started';
				const same = (r: SessionRef) => sessionKey(r) === key;
				const open = mine.find((r) => r.status !== 'completed' && same(r));
				// The latest completion counts (a team may run a session again).
				const finished = mine.filter((r) => r.status === 'completed' && same(r)).at(-1);
				if (finished) done++;
				const missed = isMember && !!finished && !mine.some((r) => same(r) && attended.has(r.id));
				const own = catchUps.filter((r) => r.course === slug && same(r));
				const ownDone = own.find((r) => r.status === 'completed');
				const ownOpen = own.find((r) => r.status !== 'completed');
				const view: SessionProgress = {
					...ref,
					moduleNumber: m.number,
					number: s.number,
					title: s.title[locale],
					duration: s.duration,
					state,
					run: open ? runPosition(curriculum, locale, open) : null,
					done: finished
						? {
								runId: finished.id,
								at: finished.completedAt ?? finished.updatedAt,
								attendance: attendance.get(finished.id)!
							}
						: null,
					catchUp: missed ? { runId: (ownDone ?? ownOpen)?.id ?? null, completed: !!ownDone } : null
				};
				if (next && sessionKey(next) === key) nextView = view;
				return view;
			})
		}));
		courses.push({
			slug,
			title: course.title[locale],
			modules,
			done,
			total: outline.length,
			next: nextView
		});
	}
	return {
		teamId: t.id,
		teamName: t.name,
		cohortId: t.cohortId,
		cohortName: t.cohortName,
		courses,
		canWrite: can(actor, 'run.write', scope),
		isMember
	};
}

/**
 * The member's home: each team they are an active member of, with its progress. A member of no
 * team gets an empty list (not an error: the home page is everyone's).
 */
export async function getMyTeams(
	deps: ProgressDeps,
	actor: Actor | null,
	locale: Locale
): Promise<TeamProgress[]> {
	if (!actor?.personId) return [];
	const teams = await deps.db
		.select({ id: enrolment.teamId })
		.from(enrolment)
		.innerJoin(cohort, eq(cohort.id, enrolment.cohortId))
		.where(
			and(
				eq(enrolment.personId, actor.personId),
				eq(enrolment.status, 'active'),
				isNotNull(enrolment.teamId)
			)
		)
		.orderBy(asc(cohort.startsOn));
	const out: TeamProgress[] = [];
	for (const { id } of teams) {
		if (!id) continue;
		out.push(await getTeamProgress(deps, actor, id, locale));
	}
	return out;
}
