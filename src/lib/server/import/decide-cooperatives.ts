import { eq } from 'drizzle-orm';
import type { CoopDecision } from '../../domain/import/types';
import { assertCan, type Actor } from '../access/guard';
import { importBatch } from '../db/schema';
import { AppError } from '../errors';
import { encodeMapping } from './batch';
import type { ImportDeps } from './deps';
import { batchOfCohort } from './get-import';

/**
 * Records what the coordinator answered for uncertain cooperatives (null clears an answer).
 * Answers naming a cooperative or federation that does not exist are kept but not applied:
 * the preview asks again. Returns whether anything changed.
 */
export async function decideCooperatives(
	deps: ImportDeps,
	actor: Actor | null,
	args: { cohortId: string; batchId: string; decisions: Record<string, CoopDecision | null> }
): Promise<{ changed: boolean }> {
	assertCan(actor, 'import.run');
	const batch = await batchOfCohort(deps.db, args.cohortId, args.batchId);
	if (batch.status !== 'previewed') throw new AppError('conflict', batch.status);
	const next = { ...batch.decisions };
	for (const [key, d] of Object.entries(args.decisions)) {
		if (d) next[key] = d;
		else delete next[key];
	}
	const changed = JSON.stringify(sorted(next)) !== JSON.stringify(sorted(batch.decisions));
	if (changed)
		await deps.db
			.update(importBatch)
			.set({ mapping: encodeMapping(batch.mapping, next) })
			.where(eq(importBatch.id, batch.id));
	return { changed };
}

const sorted = (o: Record<string, CoopDecision>) =>
	Object.keys(o)
		.sort()
		.map((k) => [k, o[k]]);
