import { and, eq } from 'drizzle-orm';
import { parseUpdate, type UpdateValues } from '../../domain/follow-up';
import type { Actor } from '../access/guard';
import type { Db, Executor } from '../db/client';
import { uniqueViolation } from '../db/errors';
import { followUpEvent, followUpUpdate } from '../db/schema';
import { AppError } from '../errors';
import { log } from '../log';
import { stageEvidence, type EvidenceUpload, type StagedEvidence } from './evidence-file';
import { currentItems, isUuid, loadFollowUpTeam, loadRound, type UpdateRow } from './round-context';

export interface SaveUpdateInput {
	teamId: string;
	roundId: string;
	itemKey: string;
	/** The update's revision the lead was editing (0 for an item not updated yet in the round). */
	baseRevision: number;
	/** Generated when the form was rendered: a retried post writes nothing twice. */
	clientId: string;
	/** The form's fields, checked here. */
	raw: Record<string, string | string[] | undefined>;
	/** A new photo or PDF; without one the update keeps the evidence it had. */
	evidence?: EvidenceUpload | null;
}

export type SaveUpdateResult =
	| { status: 'saved'; revision: number }
	/** Someone updated the item since the form was opened: the latest, for the lead to see. */
	| { status: 'conflict'; theirs: UpdateRow };

/**
 * The cooperative's lead says how one Action Plan item stands in a round. Each write is a new
 * revision of the item's update and a step of its history; it puts the review back to pending.
 * A write that names an older revision is answered with the current one, never written over it.
 * The evidence file is written under a temporary name first and renamed once the row naming it
 * is committed; it is removed when the write fails or is not needed.
 */
export async function saveUpdate(
	deps: { db: Db; dataDir: string },
	actor: Actor | null,
	input: SaveUpdateInput
): Promise<SaveUpdateResult> {
	const { db } = deps;
	const { team, workbookId } = await loadFollowUpTeam(db, actor, input.teamId, 'followup.write');
	if (!actor) throw new AppError('unauthenticated');
	const round = await loadRound(db, team.cohortId, input.roundId);
	if (!isUuid(input.clientId)) throw new AppError('invalid_input', 'client id', { _: 'invalid' });
	if (!Number.isInteger(input.baseRevision) || input.baseRevision < 0)
		throw new AppError('invalid_input', 'revision', { _: 'invalid' });
	const item = (await currentItems(db, team)).find((i) => i.key === input.itemKey);
	if (!item || !workbookId) throw new AppError('not_found', 'no such item');
	const parsed = parseUpdate(input.raw);
	if (!parsed.ok) throw new AppError('invalid_input', 'update', parsed.fields);

	const staged = input.evidence ? await stageEvidence(deps.dataDir, input.evidence) : null;
	let kept = false;
	try {
		const result = await db.transaction((tx) =>
			write(tx, actor, {
				...input,
				workbookId,
				roundId: round.id,
				snapshot: { activity: item.activity, budget: item.budget },
				values: parsed.values,
				staged
			})
		);
		if (result.status === 'saved' && result.wrote && staged) {
			kept = true;
			// The row is committed: a failed rename leaves it naming a missing file (served as not
			// found), which is better than telling the lead that a saved update was not saved.
			await staged
				.keep()
				.catch((e) =>
					log.error('evidence file not renamed', { path: staged.path, error: String(e) })
				);
		}
		return result.status === 'saved'
			? { status: 'saved', revision: result.revision }
			: { status: 'conflict', theirs: result.theirs };
	} catch (e) {
		// Two posts of the same form raced: the other one wrote it.
		if (uniqueViolation(e) === 'follow_up_event_client_key') {
			const again = await doneBefore(db, input.clientId);
			if (again) return { status: 'saved', revision: again };
		}
		throw e;
	} finally {
		if (staged && !kept) await staged.drop();
	}
}

/** The revision an earlier post with this client id wrote, if any. */
async function doneBefore(db: Executor, clientId: string): Promise<number | null> {
	const [done] = await db
		.select({ revision: followUpEvent.revision, kind: followUpEvent.kind })
		.from(followUpEvent)
		.where(eq(followUpEvent.clientId, clientId));
	if (!done) return null;
	if (done.kind !== 'updated') throw new AppError('invalid_input', 'client id', { _: 'invalid' });
	return done.revision;
}

type WriteResult =
	{ status: 'saved'; revision: number; wrote: boolean } | { status: 'conflict'; theirs: UpdateRow };

async function write(
	tx: Executor,
	actor: Actor,
	input: SaveUpdateInput & {
		workbookId: string;
		snapshot: { activity: string; budget: number | null };
		values: UpdateValues;
		staged: StagedEvidence | null;
	}
): Promise<WriteResult> {
	const retried = await doneBefore(tx, input.clientId);
	if (retried) return { status: 'saved', revision: retried, wrote: false };
	const where = and(
		eq(followUpUpdate.roundId, input.roundId),
		eq(followUpUpdate.workbookId, input.workbookId),
		eq(followUpUpdate.itemKey, input.itemKey)
	);
	const [current] = await tx.select().from(followUpUpdate).where(where);
	const currentRevision = current?.revision ?? 0;
	if (input.baseRevision !== currentRevision) return conflict(tx, current);
	const now = new Date();
	const evidence = input.staged
		? {
				evidenceName: input.staged.name,
				evidenceType: input.staged.type,
				evidenceBytes: input.staged.bytes,
				evidencePath: input.staged.path
			}
		: {};
	const values = {
		...input.values,
		...evidence,
		revision: currentRevision + 1,
		updatedBy: actor.userId,
		updatedAt: now,
		// A new update is a new thing to look at.
		reviewState: 'pending' as const,
		reviewerNote: null,
		reviewedBy: null,
		reviewedAt: null
	};
	// The revision in the WHERE makes the check and the write one step: a write that raced past
	// the read above finds nothing to change and is answered as a conflict.
	const [written] = current
		? await tx
				.update(followUpUpdate)
				.set(values)
				.where(and(where, eq(followUpUpdate.revision, currentRevision)))
				.returning()
		: await tx
				.insert(followUpUpdate)
				.values({
					roundId: input.roundId,
					workbookId: input.workbookId,
					itemKey: input.itemKey,
					snapshot: input.snapshot,
					...values
				})
				.onConflictDoNothing()
				.returning();
	if (!written) {
		const [latest] = await tx.select().from(followUpUpdate).where(where);
		return conflict(tx, latest);
	}
	await tx.insert(followUpEvent).values({
		clientId: input.clientId,
		updateId: written.id,
		kind: 'updated',
		revision: written.revision,
		data: {
			status: written.status,
			percent: written.percent,
			indicatorValue: written.indicatorValue,
			spent: written.spent,
			note: written.note,
			evidenceName: written.evidenceName,
			evidencePath: written.evidencePath
		},
		actorId: actor.userId,
		at: now
	});
	return { status: 'saved', revision: written.revision, wrote: true };
}

async function conflict(_tx: Executor, theirs: UpdateRow | undefined): Promise<WriteResult> {
	if (!theirs) throw new AppError('conflict', 'update gone');
	return { status: 'conflict', theirs };
}
