import { eq } from 'drizzle-orm';
import { z } from 'zod';
import { guessMapping, missingRequirements, repeatedFields } from '../../domain/import/fields';
import { importFields, type ColumnMapping } from '../../domain/import/types';
import { assertCan, type Actor } from '../access/guard';
import { importBatch } from '../db/schema';
import { AppError } from '../errors';
import { encodeMapping, headerCells } from './batch';
import type { ImportDeps } from './deps';
import { batchOfCohort } from './get-import';

const input = z.object({
	cohortId: z.string(),
	batchId: z.string(),
	headerRow: z.number().int().positive(),
	mapping: z.array(z.enum(importFields).nullable())
});

/**
 * Saves the coordinator's column mapping. Choosing another header row guesses the mapping again
 * for that row instead (its columns are different). A mapping that lacks a name, the CI, the sex
 * or the cooperative, or gives one field to two columns, is refused with what is wrong.
 */
export async function setImportMapping(
	deps: ImportDeps,
	actor: Actor | null,
	raw: { cohortId: string; batchId: string; headerRow: number; mapping: Array<string | null> }
): Promise<{ reguessed: boolean }> {
	assertCan(actor, 'import.run');
	const parsed = input.safeParse(raw);
	if (!parsed.success) throw new AppError('invalid_input', 'mapping', { mapping: 'invalid' });
	const args = parsed.data;
	const batch = await batchOfCohort(deps.db, args.cohortId, args.batchId);
	if (batch.status !== 'previewed') throw new AppError('conflict', batch.status);

	let mapping: ColumnMapping;
	const reguessed = args.headerRow !== batch.headerRow;
	if (reguessed) {
		if (!batch.rows.some((r) => r.row === args.headerRow))
			throw new AppError('invalid_input', 'header row', { headerRow: 'invalid' });
		mapping = guessMapping(headerCells({ rows: batch.rows, headerRow: args.headerRow }));
	} else {
		const width = headerCells(batch).length;
		mapping = Array.from({ length: width }, (_, i) => args.mapping[i] ?? null);
		const repeated = repeatedFields(mapping);
		if (repeated.length)
			throw new AppError('invalid_input', 'mapping', {
				mapping: 'repeated',
				fields: repeated.join(',')
			});
		const missing = missingRequirements(mapping);
		if (missing.length)
			throw new AppError('invalid_input', 'mapping', {
				mapping: 'missing',
				fields: missing.join(',')
			});
	}
	await deps.db
		.update(importBatch)
		.set({ headerRow: args.headerRow, mapping: encodeMapping(mapping, batch.decisions) })
		.where(eq(importBatch.id, batch.id));
	return { reguessed };
}
