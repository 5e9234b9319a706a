import { assertCan, type Actor } from '../access/guard';
import type { Curriculum, Locale } from '../curriculum/schema';
import type { Executor } from '../db/client';
import { AppError } from '../errors';
import { loadTeamAccess } from '../sessions/team-access';
import { readSection } from './read-section';

/** The workbook section the Think.COOP closing session decides into. */
export const DECISION_SECTION = 'think.decision';

export interface TeamDecision {
	/** The chosen option's label, in the reader's language. */
	option: string;
	reasons: string;
	savedBy: string | null;
	savedAt: Date | null;
}

/**
 * The group's Think.COOP decision as it stands in its cooperative's workbook (the plan views come
 * later; until then the team's page shows this much). Readers are those who may read the team's
 * runs (`run.read`). Null when the team has no cooperative or nothing was decided yet.
 */
export async function readTeamDecision(
	deps: { db: Executor; curriculum: Curriculum },
	actor: Actor | null,
	teamId: string,
	locale: Locale
): Promise<TeamDecision | null> {
	if (!actor) throw new AppError('unauthenticated');
	const { db, curriculum } = deps;
	const t = await loadTeamAccess(db, actor, teamId);
	if (!t) throw new AppError('not_found');
	assertCan(actor, 'run.read', t.scope);
	const section = curriculum.section(DECISION_SECTION);
	if (!t.cooperativeId || !section) return null;
	const saved = await readSection(db, {
		cooperativeId: t.cooperativeId,
		programmeId: t.programmeId,
		sectionKey: DECISION_SECTION
	});
	const chosen = saved.data.decision;
	if (typeof chosen !== 'string' || !chosen) return null;
	const field = section.fields.find((f) => f.id === 'decision');
	const option = field?.options?.find((o) => o.id === chosen)?.label[locale] ?? chosen;
	const reasons = typeof saved.data.reasons === 'string' ? saved.data.reasons : '';
	return { option, reasons, savedBy: saved.savedBy, savedAt: saved.savedAt };
}
