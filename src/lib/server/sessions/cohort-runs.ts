import { and, asc, desc, eq, inArray, sql } from 'drizzle-orm';
import { can, type Actor } from '../access/guard';
import type { Activity, Curriculum, Locale } from '../curriculum/schema';
import type { Executor } from '../db/client';
import {
	cohort,
	cooperative,
	enrolment,
	runDecision,
	runNote,
	sessionRun,
	team
} from '../db/schema';
import { AppError } from '../errors';
import { attendanceOf, type AttendanceView } from './run-people';
import { runPosition, type RunPosition } from './team-progress';

export interface RunLabel {
	course: string;
	module: string;
	session: string;
	/** "Module 1 · Session 2", as numbers, and the session's title. */
	moduleNumber: number;
	sessionNumber: number;
	title: string;
}

export interface DecisionView {
	step: number;
	stepTitle: string;
	method: 'consensus' | 'vote';
	option: string;
	votes: { yes: number; no: number; abstain: number } | null;
	reasons: string;
}

export interface CompletedRun extends RunLabel {
	id: string;
	at: Date;
	attendance: AttendanceView;
	notes: { step: number; stepTitle: string; text: string }[];
	decisions: DecisionView[];
}

export interface CohortRuns {
	id: string;
	name: string;
	teams: {
		id: string;
		name: string;
		cooperative: string | null;
		inProgress: (RunLabel & RunPosition)[];
		completed: CompletedRun[];
	}[];
}

export function runLabel(
	curriculum: Curriculum,
	locale: Locale,
	r: { course: string; module: string; session: string }
): RunLabel {
	const m = curriculum.module(r.course, r.module);
	const s = curriculum.session(r.course, r.module, r.session);
	return {
		course: r.course,
		module: r.module,
		session: r.session,
		moduleNumber: m?.number ?? 0,
		sessionNumber: s?.number ?? 0,
		title: s?.title[locale] ?? r.session
	};
}

function activitiesOf(
	curriculum: Curriculum,
	r: { course: string; module: string; session: string }
) {
	return curriculum.session(r.course, r.module, r.session)?.activities ?? [];
}

export function decisionView(
	activities: Activity[],
	locale: Locale,
	d: typeof runDecision.$inferSelect
): DecisionView {
	const a = activities[d.step];
	const option = a?.type === 'decide' ? a.options.find((o) => o.id === d.optionId) : undefined;
	return {
		step: d.step,
		stepTitle: a?.title[locale] ?? '',
		method: d.method,
		option: option?.text[locale] ?? d.optionId,
		votes:
			d.method === 'vote'
				? { yes: d.votesYes ?? 0, no: d.votesNo ?? 0, abstain: d.votesAbstain ?? 0 }
				: null,
		reasons: d.reasons
	};
}

/**
 * The facilitator's view of a cohort: for each team the reader may follow (`run.read`), its group
 * runs under way and those completed, with attendance, notes and decisions. Read-only. Those
 * who read the whole cohort see every team; a federation's focal point only its federation's.
 */
export async function getCohortRuns(
	deps: { db: Executor; curriculum: Curriculum },
	actor: Actor | null,
	cohortId: string,
	locale: Locale
): Promise<CohortRuns> {
	if (!actor) throw new AppError('unauthenticated');
	const { db, curriculum } = deps;
	const [c] = await db
		.select({ id: cohort.id, name: cohort.name })
		.from(cohort)
		.where(eq(cohort.id, cohortId));
	if (!c) throw new AppError('not_found');
	const teams = await db
		.select({
			id: team.id,
			name: team.name,
			cooperativeId: team.cooperativeId,
			federationId: cooperative.federationId,
			cooperative: sql<string | null>`coalesce(${cooperative.shortName}, ${cooperative.name})`
		})
		.from(team)
		.leftJoin(cooperative, eq(cooperative.id, team.cooperativeId))
		.where(eq(team.cohortId, cohortId))
		.orderBy(sql`lower(${team.name})`);
	const memberOf = actor.personId
		? new Set(
				(
					await db
						.select({ teamId: enrolment.teamId })
						.from(enrolment)
						.where(
							and(
								eq(enrolment.cohortId, cohortId),
								eq(enrolment.personId, actor.personId),
								eq(enrolment.status, 'active')
							)
						)
				).map((r) => r.teamId)
			)
		: new Set<string | null>();
	const visible = teams.filter((t) =>
		can(actor, 'run.read', {
			cohortIds: [cohortId],
			cooperativeId: t.cooperativeId,
			federationId: t.federationId,
			teamMember: memberOf.has(t.id)
		})
	);
	if (visible.length === 0 && !can(actor, 'cohort.read', { cohortIds: [cohortId] }))
		throw new AppError('forbidden');
	const ids = visible.map((t) => t.id);
	const runs = ids.length
		? await db
				.select()
				.from(sessionRun)
				.where(and(inArray(sessionRun.teamId, ids), eq(sessionRun.mode, 'group')))
				.orderBy(desc(sessionRun.completedAt), asc(sessionRun.startedAt))
		: [];
	const completed = runs.filter((r) => r.status === 'completed');
	const doneIds = completed.map((r) => r.id);
	const attendance = await attendanceOf(db, actor, completed);
	const notes = doneIds.length
		? await db
				.select()
				.from(runNote)
				.where(inArray(runNote.runId, doneIds))
				.orderBy(asc(runNote.step))
		: [];
	const decisions = doneIds.length
		? await db
				.select()
				.from(runDecision)
				.where(inArray(runDecision.runId, doneIds))
				.orderBy(asc(runDecision.step))
		: [];
	return {
		id: c.id,
		name: c.name,
		teams: visible.map((t) => ({
			id: t.id,
			name: t.name,
			cooperative: t.cooperative,
			inProgress: runs
				.filter((r) => r.teamId === t.id && r.status !== 'completed')
				.map((r) => ({
					...runLabel(curriculum, locale, r),
					...runPosition(curriculum, locale, r)
				})),
			completed: completed
				.filter((r) => r.teamId === t.id)
				.map((r) => {
					const acts = activitiesOf(curriculum, r);
					return {
						...runLabel(curriculum, locale, r),
						id: r.id,
						at: r.completedAt ?? r.updatedAt,
						attendance: attendance.get(r.id)!,
						notes: notes
							.filter((n) => n.runId === r.id)
							.map((n) => ({
								step: n.step,
								stepTitle: acts[n.step]?.title[locale] ?? '',
								text: n.text
							})),
						decisions: decisions
							.filter((d) => d.runId === r.id)
							.map((d) => decisionView(acts, locale, d))
					};
				})
		}))
	};
}
