import { randomUUID } from 'node:crypto';
import { mkdir, rename, unlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { EVIDENCE_MAX_BYTES, sniffEvidence, type EvidenceType } from '../../domain/follow-up';
import { AppError } from '../errors';

export const EVIDENCE_DIR = 'evidence';

/** A photo or PDF as posted with an update. */
export interface EvidenceUpload {
	name: string;
	bytes: Uint8Array;
}

/** An evidence file written under a temporary name, waiting for its database row. */
export interface StagedEvidence {
	name: string;
	type: EvidenceType;
	bytes: number;
	/** Relative to DATA_DIR, as stored in the row. */
	path: string;
	/** Gives the file its real name, once the row that names it is committed. */
	keep(): Promise<void>;
	/** Removes the temporary file (the write failed or was not needed). */
	drop(): Promise<void>;
}

/** The file's name as shown and sent back: no path, no control characters, not too long. */
export function cleanFileName(name: string, type: EvidenceType): string {
	const base = (name.split(/[\\/]/).pop() ?? '')
		.replace(/[\p{Cc}"]/gu, '')
		.trim()
		.slice(-120);
	if (base) return base;
	return `evidencia.${{ 'image/jpeg': 'jpg', 'image/png': 'png', 'image/webp': 'webp', 'application/pdf': 'pdf' }[type]}`;
}

/**
 * Checks an upload (a photo or PDF by its first bytes, whatever its name says; at most
 * EVIDENCE_MAX_BYTES) and writes it under a temporary name in DATA_DIR/evidence. Nothing is
 * written for a refused file.
 */
export async function stageEvidence(
	dataDir: string,
	upload: EvidenceUpload
): Promise<StagedEvidence> {
	if (upload.bytes.length > EVIDENCE_MAX_BYTES)
		throw new AppError('invalid_input', 'evidence too large', {
			evidence: 'followup_err_evidence_size'
		});
	const type = sniffEvidence(upload.bytes);
	if (!type)
		throw new AppError('invalid_input', 'evidence type', {
			evidence: 'followup_err_evidence_type'
		});
	const dir = join(dataDir, EVIDENCE_DIR);
	await mkdir(dir, { recursive: true });
	const id = randomUUID();
	const temp = join(dir, `.${id}.part`);
	await writeFile(temp, upload.bytes, { mode: 0o600 });
	return {
		name: cleanFileName(upload.name, type),
		type,
		bytes: upload.bytes.length,
		path: `${EVIDENCE_DIR}/${id}`,
		keep: () => rename(temp, join(dir, id)),
		drop: () => unlink(temp).catch(() => undefined)
	};
}
