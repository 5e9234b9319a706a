import { and, eq, gte } from 'drizzle-orm';
import { commentBody } from '../../domain/plan-review';
import type { Actor } from '../access/guard';
import type { Curriculum } from '../curriculum/schema';
import type { Db } from '../db/client';
import { planComment } from '../db/schema';
import { AppError } from '../errors';
import { clientIdOf, revisionNumber } from '../sessions/step-target';
import { moveSection } from './move-section';
import { loadSectionContext, workbookId } from './section-context';

/**
 * The reviewer's answer to a submitted section: approve the revision read, or ask for changes.
 * Reviewers are the cohort's facilitators and coordinators (`plan.review`). Changes are asked
 * for with a reason: a note written here, or comments left on this revision's fields.
 */
export async function reviewSection(
	deps: { db: Db; curriculum: Curriculum },
	actor: Actor | null,
	input: {
		teamId: string;
		sectionKey: string;
		decision: unknown;
		note?: unknown;
		revision: unknown;
		clientId: unknown;
	}
): Promise<{ revision: number }> {
	const ctx = await loadSectionContext(deps, actor, input.teamId, input.sectionKey, 'plan.review');
	const revision = revisionNumber(input.revision);
	if (revision === null) throw new AppError('invalid_input', 'revision', { _: 'invalid' });
	const clientId = clientIdOf(input.clientId);
	const decision = input.decision;
	if (decision !== 'approved' && decision !== 'changes_requested')
		throw new AppError('invalid_input', 'decision', { _: 'invalid' });
	const written = typeof input.note === 'string' && input.note.trim() !== '';
	const note = written ? commentBody(input.note) : null;
	if (note && !note.ok) throw new AppError('invalid_input', 'note', { note: note.error });
	if (decision === 'changes_requested' && !note) {
		const book = await workbookId(deps.db, ctx.ref);
		const [comment] = book
			? await deps.db
					.select({ id: planComment.id })
					.from(planComment)
					.where(
						and(
							eq(planComment.workbookId, book),
							eq(planComment.sectionKey, ctx.ref.sectionKey),
							gte(planComment.revision, revision)
						)
					)
					.limit(1)
			: [];
		if (!comment) throw new AppError('invalid_input', 'no reason', { note: 'comment_needed' });
	}
	return moveSection(
		deps.db,
		actor!,
		ctx,
		decision,
		revision,
		clientId,
		note?.ok ? note.body : undefined
	);
}
