import { and, eq } from 'drizzle-orm';
import { sameData } from '../../domain/workbook-values';
import type { Actor } from '../access/guard';
import type { Executor } from '../db/client';
import { activityResponse, user } from '../db/schema';

/** A run's saved answer to a step (quiz, or worksheet with its own fields). */
export interface ResponseVersion {
	revision: number;
	data: Record<string, unknown>;
	score: number | null;
	maxScore: number | null;
	savedBy: string | null;
	savedAt: Date | null;
}

export async function readResponse(
	db: Executor,
	runId: string,
	step: number
): Promise<ResponseVersion | null> {
	const [row] = await db
		.select({
			revision: activityResponse.revision,
			data: activityResponse.data,
			score: activityResponse.score,
			maxScore: activityResponse.maxScore,
			savedBy: user.name,
			savedAt: activityResponse.updatedAt
		})
		.from(activityResponse)
		.leftJoin(user, eq(user.id, activityResponse.updatedBy))
		.where(and(eq(activityResponse.runId, runId), eq(activityResponse.step, step)));
	return row ?? null;
}

export type WriteResponseResult =
	| { status: 'saved'; revision: number; changed: boolean }
	| { status: 'conflict'; theirs: ResponseVersion };

/**
 * Saves a run's answer to a step as the next revision, if `baseRevision` is the current one
 * (0: none yet). The same data saved again (a retried post, or two phones typing the same) is
 * no change and no conflict.
 */
export async function writeResponse(
	tx: Executor,
	actor: Actor,
	at: { runId: string; step: number },
	input: {
		data: Record<string, unknown>;
		baseRevision: number;
		score?: number;
		maxScore?: number;
	}
): Promise<WriteResponseResult> {
	const current = await readResponse(tx, at.runId, at.step);
	const revision = current?.revision ?? 0;
	if (current && sameData(current.data, input.data))
		return { status: 'saved', revision, changed: false };
	if (input.baseRevision !== revision && current) return { status: 'conflict', theirs: current };
	const values = {
		data: input.data,
		score: input.score ?? null,
		maxScore: input.maxScore ?? null,
		revision: revision + 1,
		updatedBy: actor.userId,
		updatedAt: new Date()
	};
	// The revision in the WHERE makes check and write one step against a racing save.
	const written = current
		? await tx
				.update(activityResponse)
				.set(values)
				.where(
					and(
						eq(activityResponse.runId, at.runId),
						eq(activityResponse.step, at.step),
						eq(activityResponse.revision, revision)
					)
				)
				.returning({ revision: activityResponse.revision })
		: await tx
				.insert(activityResponse)
				.values({ runId: at.runId, step: at.step, ...values })
				.onConflictDoNothing()
				.returning({ revision: activityResponse.revision });
	if (written.length === 0) {
		const theirs = await readResponse(tx, at.runId, at.step);
		if (theirs) return { status: 'conflict', theirs };
	}
	return { status: 'saved', revision: revision + 1, changed: true };
}
