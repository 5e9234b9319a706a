import { eq } from 'drizzle-orm';
import { z } from 'zod';
import {
	importFields,
	type ColumnMapping,
	type CoopDecision,
	type RawRow
} from '../../domain/import/types';
import type { Executor } from '../db/client';
import { importBatch } from '../db/schema';
import { AppError } from '../errors';

// import_batch.mapping is one JSON object holding both what the coordinator chose for each
// column ("col:<index>" → field) and for each uncertain cooperative ("coop:<key>" → decision),
// so a decision survives between the preview and the confirmation and can guide later imports.
const COL = 'col:';
const COOP = 'coop:';

const rowsSchema = z.array(
	z.object({ row: z.number().int().positive(), cells: z.array(z.string()) })
);
const fieldSchema = z.enum(importFields).nullable();
const uuid = z.uuid();

export function encodeMapping(
	mapping: ColumnMapping,
	decisions: Record<string, CoopDecision>
): Record<string, string | null> {
	const out: Record<string, string | null> = {};
	mapping.forEach((f, i) => (out[`${COL}${i}`] = f));
	for (const [key, d] of Object.entries(decisions))
		out[`${COOP}${key}`] =
			d.kind === 'existing'
				? `existing:${d.cooperativeId}`
				: `new:${d.federationId}:${d.department}`;
	return out;
}

export function decodeMapping(raw: Record<string, string | null> | null): {
	mapping: ColumnMapping;
	decisions: Record<string, CoopDecision>;
} {
	const mapping: ColumnMapping = [];
	const decisions: Record<string, CoopDecision> = {};
	for (const [k, v] of Object.entries(raw ?? {})) {
		if (k.startsWith(COL)) {
			const i = Number(k.slice(COL.length));
			const f = fieldSchema.safeParse(v);
			if (Number.isInteger(i) && i >= 0 && i < 1000) mapping[i] = f.success ? f.data : null;
		} else if (k.startsWith(COOP) && v) {
			const d = parseDecision(v);
			if (d) decisions[k.slice(COOP.length)] = d;
		}
	}
	for (let i = 0; i < mapping.length; i++) mapping[i] ??= null;
	return { mapping, decisions };
}

/** "existing:<uuid>" or "new:<federation uuid>:<department>" → a decision; anything else → null. */
export function parseDecision(v: string): CoopDecision | null {
	const [kind, a, b] = v.split(':');
	if (kind === 'existing' && uuid.safeParse(a).success) return { kind, cooperativeId: a! };
	if (kind === 'new' && uuid.safeParse(a).success && b)
		return { kind, federationId: a!, department: b };
	return null;
}

export interface LoadedBatch {
	id: string;
	cohortId: string;
	fileName: string;
	fileHash: string;
	status: 'previewed' | 'committed' | 'discarded';
	headerRow: number;
	rows: RawRow[];
	mapping: ColumnMapping;
	decisions: Record<string, CoopDecision>;
	summary: Record<string, number> | null;
	createdAt: Date;
	committedAt: Date | null;
}

/** A batch with its stored rows checked; `forUpdate` locks it for the confirming transaction. */
export async function loadBatch(
	db: Executor,
	batchId: string,
	opts: { forUpdate?: boolean } = {}
): Promise<LoadedBatch> {
	if (!uuid.safeParse(batchId).success) throw new AppError('not_found');
	const q = db.select().from(importBatch).where(eq(importBatch.id, batchId));
	const [b] = opts.forUpdate ? await q.for('update') : await q;
	if (!b) throw new AppError('not_found');
	const rows = rowsSchema.safeParse(b.rows);
	if (!rows.success) throw new AppError('conflict', 'stored rows unreadable');
	const { mapping, decisions } = decodeMapping(b.mapping);
	return {
		id: b.id,
		cohortId: b.cohortId,
		fileName: b.fileName,
		fileHash: b.fileHash,
		status: b.status,
		headerRow: b.headerRow ?? 1,
		rows: rows.data,
		mapping,
		decisions,
		summary: b.summary,
		createdAt: b.createdAt,
		committedAt: b.committedAt
	};
}

/** The header cells of a batch, padded to the widest row. */
export function headerCells(batch: Pick<LoadedBatch, 'rows' | 'headerRow'>): string[] {
	const width = Math.max(0, ...batch.rows.map((r) => r.cells.length));
	const header = batch.rows.find((r) => r.row === batch.headerRow)?.cells ?? [];
	return Array.from({ length: width }, (_, i) => (header[i] ?? '').trim());
}
