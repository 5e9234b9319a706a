import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { open, stat } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { extract as tarExtract } from 'tar-stream';

/**
 * The backup file: a gzip-compressed tar (manifest.json first, then the tables as JSON lines in
 * batches, then the files of DATA_DIR), followed by a trailer that holds the SHA-256 of every byte
 * before it. gzip's own CRC misses changes in its header, so the trailer is what makes one flipped
 * byte anywhere in the file detectable before anything is restored.
 */
export const FORMAT = 'minka-backup';
export const FORMAT_VERSION = 1;
export const EXTENSION = '.minka-backup';
const MAGIC = 'MINKASUM';
/** `MINKASUM` + 64 hex digits + newline. */
export const TRAILER_BYTES = MAGIC.length + 64 + 1;

export function trailer(sha256Hex: string): Buffer {
	return Buffer.from(`${MAGIC}${sha256Hex}\n`, 'ascii');
}

export interface TableInfo {
	name: string;
	columns: string[];
	/** Column types as PostgreSQL writes them (`format_type`): restore casts each text to it. */
	types: string[];
	rows: number;
}

export interface Manifest {
	format: typeof FORMAT;
	formatVersion: number;
	createdAt: string;
	appVersion: string;
	contentVersion: string | null;
	database: 'pglite' | 'postgres';
	/** Migrations applied in the source: how many, and the last one's timestamp (drizzle's). */
	migrations: { count: number; last: number };
	/** In restore order: a table comes after the tables it references. */
	tables: TableInfo[];
	files: Array<{ path: string; size: number }>;
	/** Where the auth secret came from: the DATA_DIR file (carried in `files`) or the environment. */
	authSecret: 'file' | 'env';
	/** The whole-file SHA-256 is in the trailer; `checksum` names the algorithm. */
	checksum: 'sha256';
}

export class BackupError extends Error {
	constructor(
		readonly code:
			| 'checksum_mismatch'
			| 'not_a_backup'
			| 'newer_migrations'
			| 'target_not_empty'
			| 'data_dir_in_use'
			| 'count_mismatch',
		message: string
	) {
		super(message);
		this.name = 'BackupError';
	}
}

/** Reads the whole file once: its stored checksum against the one computed. Never throws on a mismatch. */
export async function checkChecksum(
	file: string
): Promise<{ ok: boolean; stored: string | null; actual: string; size: number }> {
	const { size } = await stat(file);
	if (size < TRAILER_BYTES) return { ok: false, stored: null, actual: '', size };
	const fh = await open(file, 'r');
	let storedText: string;
	try {
		const buf = Buffer.alloc(TRAILER_BYTES);
		await fh.read(buf, 0, TRAILER_BYTES, size - TRAILER_BYTES);
		storedText = buf.toString('ascii');
	} finally {
		await fh.close();
	}
	const match = /^MINKASUM([0-9a-f]{64})\n$/.exec(storedText);
	const hash = createHash('sha256');
	for await (const chunk of createReadStream(file, { end: size - TRAILER_BYTES - 1 }))
		hash.update(chunk as Buffer);
	const actual = hash.digest('hex');
	// A trailer whose marker stands but whose digits were damaged is a damaged backup, not
	// something else: its "stored" sum is what is left of it.
	const stored = match ? match[1]! : storedText.startsWith('MINKASUM') ? storedText.trim() : null;
	return { ok: stored === actual, stored, actual, size };
}

/** Refuses a file whose checksum does not match; returns its SHA-256. */
export async function assertChecksum(file: string): Promise<string> {
	const r = await checkChecksum(file);
	if (!r.ok)
		throw new BackupError(
			r.stored ? 'checksum_mismatch' : 'not_a_backup',
			r.stored
				? `Checksum mismatch: the file is damaged (stored ${r.stored}, computed ${r.actual})`
				: 'Not a Minka backup file (no checksum trailer)'
		);
	return r.actual;
}

export interface Entry {
	name: string;
	size: number;
	stream: Readable;
}

/** The archive's entries in order, each to be read (or drained) before the next comes. */
export async function* readEntries(file: string): AsyncGenerator<Entry> {
	const { size } = await stat(file);
	const source = createReadStream(file, { end: size - TRAILER_BYTES - 1 });
	const gunzip = createGunzip();
	const ex = tarExtract();
	source.on('error', (e) => gunzip.destroy(e));
	gunzip.on('error', (e) => ex.destroy(e));
	source.pipe(gunzip).pipe(ex as unknown as NodeJS.WritableStream);
	try {
		for await (const entry of ex)
			yield {
				name: entry.header.name,
				size: entry.header.size ?? 0,
				stream: entry as unknown as Readable
			};
	} finally {
		source.destroy();
	}
}

/** Reads a whole (small) entry. */
export async function readAll(stream: Readable, limit = 64 * 1024 * 1024): Promise<Buffer> {
	const parts: Buffer[] = [];
	let n = 0;
	for await (const chunk of stream) {
		n += (chunk as Buffer).length;
		if (n > limit) throw new BackupError('not_a_backup', 'An entry is larger than expected');
		parts.push(chunk as Buffer);
	}
	return Buffer.concat(parts);
}

/** The manifest, from the start of the file (after the checksum is checked by the caller). */
export async function readManifest(file: string): Promise<Manifest> {
	for await (const entry of readEntries(file)) {
		if (entry.name !== 'manifest.json')
			throw new BackupError('not_a_backup', 'Not a Minka backup file (no manifest)');
		const m = JSON.parse((await readAll(entry.stream, 16 * 1024 * 1024)).toString('utf8'));
		if (m?.format !== FORMAT)
			throw new BackupError('not_a_backup', 'Not a Minka backup file (unknown format)');
		return m as Manifest;
	}
	throw new BackupError('not_a_backup', 'Not a Minka backup file (empty)');
}
