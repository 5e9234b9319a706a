import { and, eq } from 'drizzle-orm';
import { assertCan, type Action, type Actor } from '../access/guard';
import type { Curriculum, WorkbookSection } from '../curriculum/schema';
import type { Executor } from '../db/client';
import { workbook } from '../db/schema';
import { AppError } from '../errors';
import { loadTeamAccess, type TeamAccess } from '../sessions/team-access';
import type { SectionRef } from './read-section';

export interface SectionContext {
	team: TeamAccess;
	section: WorkbookSection;
	ref: SectionRef;
}

const SECTION_KEY = /^[a-z0-9-]{1,40}\.[a-z0-9-]{1,40}$/;

/**
 * A section of a team's workbook, after checking that the actor may do `action` on the team:
 * every review use case starts here. A team without a cooperative, or an unknown section, is not
 * found.
 */
export async function loadSectionContext(
	deps: { db: Executor; curriculum: Curriculum },
	actor: Actor | null,
	teamId: string,
	sectionKey: string,
	action: Action
): Promise<SectionContext> {
	if (!actor) throw new AppError('unauthenticated');
	const team = await loadTeamAccess(deps.db, actor, teamId);
	if (!team) throw new AppError('not_found');
	assertCan(actor, action, team.scope);
	const section = SECTION_KEY.test(sectionKey) ? deps.curriculum.section(sectionKey) : undefined;
	if (!team.cooperativeId || !section) throw new AppError('not_found');
	return {
		team,
		section,
		ref: { cooperativeId: team.cooperativeId, programmeId: team.programmeId, sectionKey }
	};
}

/** The workbook's id, or null while nothing of it was ever saved. */
export async function workbookId(db: Executor, ref: SectionRef): Promise<string | null> {
	const [row] = await db
		.select({ id: workbook.id })
		.from(workbook)
		.where(
			and(eq(workbook.cooperativeId, ref.cooperativeId), eq(workbook.programmeId, ref.programmeId))
		);
	return row?.id ?? null;
}
