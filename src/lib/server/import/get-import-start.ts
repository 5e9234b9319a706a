import { desc, eq } from 'drizzle-orm';
import { assertCan, type Actor } from '../access/guard';
import { importBatch } from '../db/schema';
import type { ImportDeps } from './deps';
import { loadCohort, type CohortInfo } from './load-context';

export interface ImportStart {
	cohort: CohortInfo;
	/** The cohort's latest imports, to pick up a preview left half-way or see what was done. */
	recent: Array<{
		id: string;
		fileName: string;
		status: 'previewed' | 'committed' | 'discarded';
		createdAt: Date;
		summary: Record<string, number> | null;
	}>;
}

/** Step one: the cohort an upload goes into, and its recent imports. */
export async function getImportStart(
	deps: ImportDeps,
	actor: Actor | null,
	cohortId: string
): Promise<ImportStart> {
	assertCan(actor, 'import.run');
	const cohort = await loadCohort(deps.db, cohortId);
	const recent = await deps.db
		.select({
			id: importBatch.id,
			fileName: importBatch.fileName,
			status: importBatch.status,
			createdAt: importBatch.createdAt,
			summary: importBatch.summary
		})
		.from(importBatch)
		.where(eq(importBatch.cohortId, cohortId))
		.orderBy(desc(importBatch.createdAt))
		.limit(5);
	return { cohort, recent };
}
