import type { Actor } from '../access/guard';
import type { Curriculum } from '../curriculum/schema';
import type { Db } from '../db/client';
import { AppError } from '../errors';
import { clientIdOf, revisionNumber } from '../sessions/step-target';
import { moveSection } from './move-section';
import { loadSectionContext } from './section-context';

/**
 * The team sends a section for review, as the revision it was reading. Writers (`plan.write`:
 * the team's members and its cooperative's lead) submit; until the reviewer asks for changes the
 * section cannot be changed.
 */
export async function submitSection(
	deps: { db: Db; curriculum: Curriculum },
	actor: Actor | null,
	input: { teamId: string; sectionKey: string; revision: unknown; clientId: unknown }
): Promise<{ revision: number }> {
	const ctx = await loadSectionContext(deps, actor, input.teamId, input.sectionKey, 'plan.write');
	const revision = revisionNumber(input.revision);
	if (revision === null) throw new AppError('invalid_input', 'revision', { _: 'invalid' });
	return moveSection(deps.db, actor!, ctx, 'submitted', revision, clientIdOf(input.clientId));
}
