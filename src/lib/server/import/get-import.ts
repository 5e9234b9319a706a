import { and, desc, eq, ne } from 'drizzle-orm';
import { evaluateImport } from '../../domain/import/evaluate';
import { missingRequirements, type Requirement } from '../../domain/import/fields';
import type { ColumnMapping, Evaluation, ExistingFederation } from '../../domain/import/types';
import { assertCan, type Actor } from '../access/guard';
import type { Executor } from '../db/client';
import { importBatch } from '../db/schema';
import { AppError } from '../errors';
import { headerCells, loadBatch, type LoadedBatch } from './batch';
import { nowOf, type ImportDeps } from './deps';
import { loadCohort, loadContext, type CohortInfo } from './load-context';

export interface ImportView {
	cohort: CohortInfo;
	batch: Pick<
		LoadedBatch,
		'id' | 'fileName' | 'status' | 'headerRow' | 'createdAt' | 'committedAt' | 'summary'
	>;
	headers: string[];
	/** The first data rows, to recognise each column by its content. */
	samples: string[][];
	/** The first rows of the sheet, to choose another header row. */
	firstRows: Array<{ row: number; text: string }>;
	mapping: ColumnMapping;
	missing: Requirement[];
	/** Null once committed or while the mapping lacks a required field. */
	evaluation: Evaluation | null;
	federations: ExistingFederation[];
	cooperatives: Array<{ id: string; name: string; federation: string }>;
	/** When this same file was already imported into this cohort. */
	sameFileCommittedAt: Date | null;
}

/** A batch of this cohort, or not found (a batch id from another cohort reveals nothing). */
export async function batchOfCohort(
	db: Executor,
	cohortId: string,
	batchId: string,
	opts: { forUpdate?: boolean } = {}
): Promise<LoadedBatch> {
	const batch = await loadBatch(db, batchId, opts);
	if (batch.cohortId !== cohortId) throw new AppError('not_found');
	return batch;
}

/** Evaluates a stored batch against the database as it is now. */
export async function evaluateBatch(db: Executor, batch: LoadedBatch, now: Date) {
	const context = await loadContext(db, { ...batch, cohortId: batch.cohortId, now });
	return { context, evaluation: evaluateImport(context) };
}

/** Steps two and three: the mapping and the preview of a batch (or its summary once committed). */
export async function getImport(
	deps: ImportDeps,
	actor: Actor | null,
	ids: { cohortId: string; batchId: string }
): Promise<ImportView> {
	assertCan(actor, 'import.run');
	const cohort = await loadCohort(deps.db, ids.cohortId);
	const batch = await batchOfCohort(deps.db, ids.cohortId, ids.batchId);
	const headers = headerCells(batch);
	const missing = missingRequirements(batch.mapping);
	let evaluation: Evaluation | null = null;
	let federations: ExistingFederation[] = [];
	let cooperatives: ImportView['cooperatives'] = [];
	if (batch.status === 'previewed' && missing.length === 0) {
		const r = await evaluateBatch(deps.db, batch, nowOf(deps));
		evaluation = r.evaluation;
		federations = r.context.federations;
		cooperatives = r.context.cooperatives.map((c) => ({
			id: c.id,
			name: c.shortName ?? c.name,
			federation: c.federationShortName
		}));
	}
	const [same] = await deps.db
		.select({ committedAt: importBatch.committedAt })
		.from(importBatch)
		.where(
			and(
				eq(importBatch.cohortId, ids.cohortId),
				eq(importBatch.fileHash, batch.fileHash),
				eq(importBatch.status, 'committed'),
				ne(importBatch.id, batch.id)
			)
		)
		.orderBy(desc(importBatch.committedAt))
		.limit(1);
	return {
		cohort,
		batch: {
			id: batch.id,
			fileName: batch.fileName,
			status: batch.status,
			headerRow: batch.headerRow,
			createdAt: batch.createdAt,
			committedAt: batch.committedAt,
			summary: batch.summary
		},
		headers,
		samples: batch.rows
			.filter((r) => r.row > batch.headerRow)
			.slice(0, 3)
			.map((r) => headers.map((_, i) => r.cells[i] ?? '')),
		firstRows: batch.rows.slice(0, 15).map((r) => ({
			row: r.row,
			text: r.cells.filter(Boolean).join(' · ').slice(0, 120)
		})),
		mapping: headers.map((_, i) => batch.mapping[i] ?? null),
		missing,
		evaluation,
		federations,
		cooperatives,
		sameFileCommittedAt: same?.committedAt ?? null
	};
}
