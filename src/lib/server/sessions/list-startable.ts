import { and, eq } from 'drizzle-orm';
import { can, type Actor } from '../access/guard';
import { getCurriculum } from '../curriculum/get-curriculum';
import type { Locale } from '../curriculum/schema';
import type { Executor } from '../db/client';
import { cohort, cooperative, sessionRun, team } from '../db/schema';
import { isTeamMember } from './run-context';

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
	const [t] = await db
		.select({
			cohortId: team.cohortId,
			cooperativeId: team.cooperativeId,
			federationId: cooperative.federationId,
			courses: cohort.courses
		})
		.from(team)
		.innerJoin(cohort, eq(cohort.id, team.cohortId))
		.leftJoin(cooperative, eq(cooperative.id, team.cooperativeId))
		.where(eq(team.id, teamId));
	if (!t) return null;
	const member = await isTeamMember(db, actor, teamId);
	const allowed = can(actor, 'run.write', {
		cohortIds: [t.cohortId],
		cooperativeId: t.cooperativeId,
		federationId: t.federationId,
		teamMember: member
	});
	if (!allowed) return null;
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
		canCatchUp: member && !!actor.personId,
		sessions,
		next: sessions.find((s) => !done.has(s.value))?.value ?? null
	};
}
