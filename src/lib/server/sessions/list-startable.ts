import { and, eq } from 'drizzle-orm';
import { can, type Actor } from '../access/guard';
import { getCurriculum } from '../curriculum/get-curriculum';
import type { Locale } from '../curriculum/schema';
import type { Executor } from '../db/client';
import { sessionRun } from '../db/schema';
import { loadTeamAccess } from './team-access';

export interface StartableSession {
	/** `course/module/session`, the value of the start form's `at` field. */
	value: string;
	label: string;
	group: string;
}

/**
 * What a team may start: every session of its cohort's courses, the next one (the first the team
 * has not completed) chosen. Null when the actor may not run the team's sessions.
 */
export async function listStartable(
	deps: { db: Executor },
	actor: Actor | null,
	teamId: string,
	locale: Locale
): Promise<{
	teamId: string;
	canCatchUp: boolean;
	sessions: StartableSession[];
	next: string | null;
} | null> {
	if (!actor) return null;
	const { db } = deps;
	const t = await loadTeamAccess(db, actor, teamId);
	if (!t || !can(actor, 'run.write', t.scope)) return null;
	const curriculum = await getCurriculum();
	const done = new Set(
		(
			await db
				.select({
					course: sessionRun.course,
					module: sessionRun.module,
					session: sessionRun.session
				})
				.from(sessionRun)
				.where(
					and(
						eq(sessionRun.teamId, teamId),
						eq(sessionRun.mode, 'group'),
						eq(sessionRun.status, 'completed')
					)
				)
		).map((r) => `${r.course}/${r.module}/${r.session}`)
	);
	const sessions: StartableSession[] = [];
	for (const slug of t.courses) {
		const course = curriculum.course(slug);
		if (!course) continue;
		for (const mod of course.modules)
			for (const s of mod.sessions)
				sessions.push({
					value: `${course.slug}/${mod.slug}/${s.slug}`,
					label: `${s.number}. ${s.title[locale]}`,
					group: `${course.title[locale]} · ${mod.number}. ${mod.title[locale]}`
				});
	}
	return {
		teamId,
		canCatchUp: t.scope.teamMember === true && !!actor.personId,
		sessions,
		next: sessions.find((s) => !done.has(s.value))?.value ?? null
	};
}
