import { and, eq } from 'drizzle-orm';
import { NOTE_MAX } from '../../domain/follow-up';
import type { Actor } from '../access/guard';
import type { Db } from '../db/client';
import { uniqueViolation } from '../db/errors';
import { followUpEvent, followUpRound, followUpUpdate } from '../db/schema';
import { AppError } from '../errors';
import { isUuid, loadFollowUpTeam } from './round-context';

export interface ReviewUpdateInput {
	teamId: string;
	updateId: string;
	/** The item the form was shown for: it must be the update's own. */
	itemKey: string;
	/** The update's revision the reviewer read (-1: none readable): a newer one must be read first. */
	revision: number;
	/** `validated` or `queried`; anything else is refused. */
	decision: string;
	/** Why it is queried (required then); a validation may say something too. */
	note: string;
	clientId: string;
}

export type ReviewUpdateResult =
	| { status: 'saved' }
	/** The lead wrote a newer update meanwhile. */
	| { status: 'conflict' };

/**
 * The cohort's facilitator (or a coordinator) validates an item's update or queries it with a
 * note. The judgement names the revision read; the same post again changes nothing.
 */
export async function reviewUpdate(
	deps: { db: Db },
	actor: Actor | null,
	input: ReviewUpdateInput
): Promise<ReviewUpdateResult> {
	const { db } = deps;
	const { team, workbookId } = await loadFollowUpTeam(db, actor, input.teamId, 'followup.review');
	if (!actor) throw new AppError('unauthenticated');
	if (!isUuid(input.updateId) || !workbookId) throw new AppError('not_found');
	if (!isUuid(input.clientId)) throw new AppError('invalid_input', 'client id', { _: 'invalid' });
	const decision = input.decision;
	if (decision !== 'validated' && decision !== 'queried')
		throw new AppError('invalid_input', 'decision', { _: 'invalid' });
	if (input.revision < 1) throw new AppError('invalid_input', 'revision', { _: 'invalid' });
	const note = input.note.trim();
	if (decision === 'queried' && !note)
		throw new AppError('invalid_input', 'query without note', {
			reviewerNote: 'followup_err_query_note'
		});
	if (note.length > NOTE_MAX)
		throw new AppError('invalid_input', 'note', { reviewerNote: 'followup_err_too_long' });
	const [target] = await db
		.select({ id: followUpUpdate.id, itemKey: followUpUpdate.itemKey })
		.from(followUpUpdate)
		.innerJoin(followUpRound, eq(followUpRound.id, followUpUpdate.roundId))
		.where(
			and(
				eq(followUpUpdate.id, input.updateId),
				eq(followUpUpdate.workbookId, workbookId),
				eq(followUpRound.cohortId, team.cohortId)
			)
		);
	if (!target) throw new AppError('not_found');
	// A form for one item cannot judge another's update.
	if (target.itemKey !== input.itemKey)
		throw new AppError('invalid_input', 'item', { _: 'invalid' });
	try {
		return await db.transaction(async (tx) => {
			const [done] = await tx
				.select({ id: followUpEvent.id })
				.from(followUpEvent)
				.where(eq(followUpEvent.clientId, input.clientId));
			if (done) return { status: 'saved' as const };
			const now = new Date();
			const written = await tx
				.update(followUpUpdate)
				.set({
					reviewState: decision,
					reviewerNote: note || null,
					reviewedBy: actor.userId,
					reviewedAt: now
				})
				.where(and(eq(followUpUpdate.id, target.id), eq(followUpUpdate.revision, input.revision)))
				.returning({ id: followUpUpdate.id });
			if (!written.length) return { status: 'conflict' as const };
			await tx.insert(followUpEvent).values({
				clientId: input.clientId,
				updateId: target.id,
				kind: decision,
				revision: input.revision,
				data: { note: note || null },
				actorId: actor.userId,
				at: now
			});
			return { status: 'saved' as const };
		});
	} catch (e) {
		// The same post twice at once: the other one wrote it.
		if (uniqueViolation(e) === 'follow_up_event_client_key') return { status: 'saved' };
		throw e;
	}
}
