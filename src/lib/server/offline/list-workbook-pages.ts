import { can, type Actor } from '../access/guard';
import { findEnrolment } from '../assessment/test-context';
import type { Curriculum } from '../curriculum/schema';
import type { Executor } from '../db/client';
import { loadTeamAccess } from '../sessions/team-access';

/** The workbook sections a course's sessions fill (worksheet and decision steps), in order. */
export function courseSections(curriculum: Curriculum, courseSlug: string): string[] {
	const keys = new Set<string>();
	for (const mod of curriculum.course(courseSlug)?.modules ?? [])
		for (const s of mod.sessions)
			for (const a of s.activities)
				if ((a.type === 'worksheet' || a.type === 'decide') && a.workbook) keys.add(a.workbook.key);
	return [...keys];
}

/**
 * The team workbook pages a member saves with a course: the overview of their team's workbook and
 * each section the course's sessions fill, so the team's answers can be read (and a section
 * filled in, kept on the phone) with no signal. Only the member's own team in the cohort the course
 * counts for, and only when they may read its workbook (`plan.read`; a team without a cooperative
 * has none). Every page is checked for access again when the phone fetches it.
 */
export async function listWorkbookPages(
	deps: { db: Executor; curriculum: Curriculum },
	actor: Actor,
	courseSlug: string
): Promise<string[]> {
	const found = await findEnrolment(deps.db, actor, courseSlug);
	if (!found?.teamId) return [];
	const t = await loadTeamAccess(deps.db, actor, found.teamId);
	if (!t?.cooperativeId || !can(actor, 'plan.read', t.scope)) return [];
	const base = `/teams/${t.id}/workbook`;
	return [base, ...courseSections(deps.curriculum, courseSlug).map((key) => `${base}/${key}`)];
}
