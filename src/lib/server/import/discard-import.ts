import { eq } from 'drizzle-orm';
import { assertCan, type Actor } from '../access/guard';
import { importBatch } from '../db/schema';
import { AppError } from '../errors';
import type { ImportDeps } from './deps';
import { batchOfCohort } from './get-import';

/** Drops a previewed batch: its rows stay for the record, but it can no longer be confirmed. */
export async function discardImport(
	deps: ImportDeps,
	actor: Actor | null,
	args: { cohortId: string; batchId: string }
): Promise<void> {
	assertCan(actor, 'import.run');
	const batch = await batchOfCohort(deps.db, args.cohortId, args.batchId);
	if (batch.status === 'committed') throw new AppError('conflict', 'committed');
	await deps.db
		.update(importBatch)
		.set({ status: 'discarded' })
		.where(eq(importBatch.id, batch.id));
}
