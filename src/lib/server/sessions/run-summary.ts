import { and, asc, eq, sql } from 'drizzle-orm';
import type { Actor } from '../access/guard';
import type { Curriculum, Locale } from '../curriculum/schema';
import type { Executor } from '../db/client';
import { runCheckin, runDecision, runNote, runRole, sessionRun } from '../db/schema';
import { decisionView, runLabel, type DecisionView, type RunLabel } from './cohort-runs';
import { loadRunContext } from './run-context';
import { attendanceOf, readableNames, type AttendanceView } from './run-people';
import { runPosition, type RunPosition } from './team-progress';

export interface RunSummary extends RunLabel {
	id: string;
	teamId: string;
	teamName: string;
	mode: 'group' | 'catch_up';
	status: 'open' | 'paused' | 'completed';
	startedAt: Date;
	completedAt: Date | null;
	position: RunPosition;
	attendance: AttendanceView;
	/** The run's time-keeper and note-taker (null: not assigned, or a person this reader may not see). */
	timekeeper: string | null;
	notetaker: string | null;
	steps: {
		number: number;
		title: string;
		type: string;
		reader: string | null;
		note: string | null;
	}[];
	decisions: DecisionView[];
	/** How many present members said they took part little (1), some (2), a lot (3). */
	checkins: { 1: number; 2: number; 3: number };
}

/** A run as those who follow the team read it: who came, who did what, notes and decisions. */
export async function getRunSummary(
	deps: { db: Executor; curriculum: Curriculum },
	actor: Actor | null,
	runId: string,
	locale: Locale
): Promise<RunSummary> {
	const { db, curriculum } = deps;
	const ctx = await loadRunContext(db, actor, runId, 'run.read');
	const [run] = await db.select().from(sessionRun).where(eq(sessionRun.id, runId));
	const acts = curriculum.session(ctx.course, ctx.module, ctx.session)?.activities ?? [];
	const [roles, notes, decisions, checkins, attendance] = await Promise.all([
		db.select().from(runRole).where(eq(runRole.runId, runId)),
		db.select().from(runNote).where(eq(runNote.runId, runId)).orderBy(asc(runNote.step)),
		db
			.select()
			.from(runDecision)
			.where(eq(runDecision.runId, runId))
			.orderBy(asc(runDecision.step)),
		db
			.select({ score: runCheckin.score, n: sql<number>`count(*)::int` })
			.from(runCheckin)
			.where(and(eq(runCheckin.runId, runId)))
			.groupBy(runCheckin.score),
		attendanceOf(db, actor!, [{ id: runId, guests: ctx.guests }])
	]);
	const names = await readableNames(
		db,
		actor!,
		roles.map((r) => r.personId)
	);
	const roleOf = (role: string, step = -1) => {
		const r = roles.find((x) => x.role === role && x.step === step);
		return r ? (names.get(r.personId) ?? null) : null;
	};
	const counts = { 1: 0, 2: 0, 3: 0 };
	for (const c of checkins)
		if (c.score === 1 || c.score === 2 || c.score === 3) counts[c.score] = c.n;
	return {
		...runLabel(curriculum, locale, ctx),
		id: ctx.id,
		teamId: ctx.teamId,
		teamName: ctx.teamName,
		mode: ctx.mode,
		status: ctx.status,
		startedAt: ctx.startedAt,
		completedAt: ctx.completedAt,
		position: runPosition(curriculum, locale, run!),
		attendance: attendance.get(runId)!,
		timekeeper: roleOf('timekeeper'),
		notetaker: roleOf('notetaker'),
		steps: acts.map((a, i) => ({
			number: i + 1,
			title: a.title[locale],
			type: a.type,
			reader: roleOf('reader', i),
			note: notes.find((n) => n.step === i)?.text ?? null
		})),
		decisions: decisions.map((d) => decisionView(acts, locale, d)),
		checkins: counts
	};
}
