import { and, eq, inArray } from 'drizzle-orm';
import { stepSources, type ReviewStep } from '../../domain/plan-review';
import type { Actor } from '../access/guard';
import { recordAudit } from '../audit/record-audit';
import type { Db, Executor } from '../db/client';
import { uniqueViolation } from '../db/errors';
import { planComment, planReviewEvent, planSection } from '../db/schema';
import { AppError } from '../errors';
import { readSection } from './read-section';
import { workbookId, type SectionContext } from './section-context';

const auditAction: Record<ReviewStep, string> = {
	submitted: 'plan.submit',
	changes_requested: 'plan.request_changes',
	approved: 'plan.approve'
};

/**
 * Moves a section one step through its review, for the revision the person was reading: a
 * newer revision saved meanwhile is a conflict (nobody approves what they did not read), a
 * step that does not start from the current status is refused with why. The step, its audit
 * line and (for a request of changes) the reviewer's note are written together; a retried post
 * with the same client id changes nothing and answers as the first did.
 */
export async function moveSection(
	db: Db,
	actor: Actor,
	ctx: SectionContext,
	step: ReviewStep,
	revision: number,
	clientId: string,
	note?: string
): Promise<{ revision: number }> {
	try {
		return await db.transaction((tx) =>
			moveSectionIn(tx, actor, ctx, step, revision, clientId, note)
		);
	} catch (e) {
		// The same post twice at once: the other one did it.
		if (uniqueViolation(e) === 'plan_review_event_client_key') {
			const done = await doneBefore(db, clientId, step);
			if (done) return done;
		}
		throw e;
	}
}

/** `moveSection` inside a transaction the caller holds (several sections moved together). */
export async function moveSectionIn(
	tx: Executor,
	actor: Actor,
	ctx: SectionContext,
	step: ReviewStep,
	revision: number,
	clientId: string,
	note?: string
): Promise<{ revision: number }> {
	const done = await doneBefore(tx, clientId, step);
	if (done) return done;
	const current = await readSection(tx, ctx.ref);
	if (current.revision === 0)
		throw new AppError('invalid_input', 'empty section', { _: 'nothing_to_submit' });
	if (current.revision !== revision) throw new AppError('conflict', 'newer revision');
	const book = (await workbookId(tx, ctx.ref))!;
	const moved = await tx
		.update(planSection)
		.set({ status: step })
		.where(
			and(
				eq(planSection.workbookId, book),
				eq(planSection.sectionKey, ctx.ref.sectionKey),
				eq(planSection.revision, revision),
				inArray(
					planSection.status,
					stepSources(step).filter((x) => x !== 'empty')
				)
			)
		)
		.returning({ revision: planSection.revision });
	if (!moved.length)
		throw new AppError('invalid_input', `cannot ${step} from ${current.status}`, {
			_: `review_from_${current.status}`
		});
	await tx.insert(planReviewEvent).values({
		clientId,
		workbookId: book,
		sectionKey: ctx.ref.sectionKey,
		kind: step,
		revision,
		actorId: actor.userId
	});
	if (note)
		await tx.insert(planComment).values({
			clientId,
			workbookId: book,
			sectionKey: ctx.ref.sectionKey,
			revision,
			body: note,
			authorId: actor.userId
		});
	await recordAudit(tx, actor, {
		action: auditAction[step],
		entity: 'plan_section',
		entityId: `${book}:${ctx.ref.sectionKey}`,
		changes: { status: { from: current.status, to: step }, revision }
	});
	return { revision };
}

export async function doneBefore(
	db: Executor,
	clientId: string,
	step: ReviewStep
): Promise<{ revision: number } | null> {
	const [row] = await db
		.select({ kind: planReviewEvent.kind, revision: planReviewEvent.revision })
		.from(planReviewEvent)
		.where(eq(planReviewEvent.clientId, clientId));
	if (!row) return null;
	if (row.kind !== step) throw new AppError('invalid_input', 'client id reused', { _: 'invalid' });
	return { revision: row.revision };
}
