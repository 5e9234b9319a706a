import { createHash } from 'node:crypto';
import { guessMapping } from '../../domain/import/fields';
import { assertCan, type Actor } from '../access/guard';
import { importBatch } from '../db/schema';
import { encodeMapping, headerCells } from './batch';
import type { ImportDeps } from './deps';
import { loadCohort } from './load-context';
import { readMemberFile } from './read-file';
import { authorOf } from './system-actor';

/** A file name safe to show and store: no folders, no control characters, not too long. */
export function cleanFileName(name: string): string {
	const base = name.split(/[\\/]/).pop() ?? '';
	// eslint-disable-next-line no-control-regex
	const clean = base.replace(/[\u0000-\u001f\u007f]/g, '').trim();
	return (clean || 'lista').slice(0, 200);
}

/**
 * Step one: read an uploaded member list and keep its rows, with the header row found and the
 * column mapping guessed, in an import batch. Nothing else is written until it is confirmed.
 */
export async function startImport(
	deps: ImportDeps,
	actor: Actor | null,
	input: { cohortId: string; fileName: string; bytes: Uint8Array }
): Promise<{ batchId: string }> {
	assertCan(actor, 'import.run');
	await loadCohort(deps.db, input.cohortId);
	const sheet = await readMemberFile(input.bytes, input.fileName);
	const mapping = guessMapping(headerCells(sheet));
	const [row] = await deps.db
		.insert(importBatch)
		.values({
			cohortId: input.cohortId,
			fileName: cleanFileName(input.fileName),
			fileHash: createHash('sha256').update(input.bytes).digest('hex'),
			headerRow: sheet.headerRow,
			mapping: encodeMapping(mapping, {}),
			rows: sheet.rows,
			createdBy: authorOf(actor)
		})
		.returning({ id: importBatch.id });
	return { batchId: row!.id };
}
