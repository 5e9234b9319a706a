import { and, eq, isNull } from 'drizzle-orm';
import { commentBody } from '../../domain/plan-review';
import { can, type Actor } from '../access/guard';
import type { Curriculum } from '../curriculum/schema';
import type { Db, Executor } from '../db/client';
import { uniqueViolation } from '../db/errors';
import { planComment } from '../db/schema';
import { AppError } from '../errors';
import { clientIdOf } from '../sessions/step-target';
import { readSection } from './read-section';
import { loadSectionContext, workbookId } from './section-context';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * A comment on a section's field (or the section as a whole), or an answer to one. Reviewers
 * (`plan.review`) comment; the team (`plan.write`) and reviewers answer. A comment is written on
 * the section's current revision, which must exist. A retried post (same client id) adds nothing.
 */
export async function addComment(
	deps: { db: Db; curriculum: Curriculum },
	actor: Actor | null,
	input: {
		teamId: string;
		sectionKey: string;
		fieldId?: unknown;
		parentId?: unknown;
		body: unknown;
		clientId: unknown;
	}
): Promise<{ id: string }> {
	const ctx = await loadSectionContext(deps, actor, input.teamId, input.sectionKey, 'plan.read');
	const scope = ctx.team.scope;
	const reviewer = can(actor, 'plan.review', scope);
	const answering = typeof input.parentId === 'string' && input.parentId !== '';
	if (!reviewer && !(answering && can(actor, 'plan.write', scope)))
		throw new AppError('forbidden', 'may not comment');
	const clientId = clientIdOf(input.clientId);
	const checked = commentBody(input.body);
	if (!checked.ok) throw new AppError('invalid_input', 'body', { body: checked.error });
	const body = checked.body;

	const before = (db: Executor) =>
		db
			.select({ id: planComment.id })
			.from(planComment)
			.where(eq(planComment.clientId, clientId))
			.then((rows) => rows[0]);
	try {
		return await write();
	} catch (e) {
		// The same post twice at once: the other one wrote it.
		const again = uniqueViolation(e) === 'plan_comment_client_key' && (await before(deps.db));
		if (again) return again;
		throw e;
	}

	function write() {
		return deps.db.transaction(async (tx) => {
			const again = await before(tx);
			if (again) return again;
			const current = await readSection(tx, ctx.ref);
			const book = await workbookId(tx, ctx.ref);
			if (!book || current.revision === 0)
				throw new AppError('invalid_input', 'empty section', { _: 'nothing_to_submit' });
			let fieldId: string | null = null;
			let parentId: string | null = null;
			if (answering) {
				// An answer belongs to a comment of this section, and to that comment's field.
				const [parent] = UUID.test(String(input.parentId))
					? await tx
							.select({ id: planComment.id, fieldId: planComment.fieldId })
							.from(planComment)
							.where(
								and(
									eq(planComment.id, String(input.parentId)),
									eq(planComment.workbookId, book),
									eq(planComment.sectionKey, ctx.ref.sectionKey),
									isNull(planComment.parentId)
								)
							)
					: [];
				if (!parent) throw new AppError('invalid_input', 'no such comment', { _: 'invalid' });
				parentId = parent.id;
				fieldId = parent.fieldId;
			} else if (typeof input.fieldId === 'string' && input.fieldId !== '') {
				if (!ctx.section.fields.some((f) => f.id === input.fieldId))
					throw new AppError('invalid_input', 'no such field', { fieldId: 'unknown_option' });
				fieldId = input.fieldId;
			}
			const [row] = await tx
				.insert(planComment)
				.values({
					clientId,
					workbookId: book,
					sectionKey: ctx.ref.sectionKey,
					fieldId,
					parentId,
					revision: current.revision,
					body,
					authorId: actor!.userId
				})
				.returning({ id: planComment.id });
			return row!;
		});
	}
}
