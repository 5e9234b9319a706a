import { sql } from 'drizzle-orm';
import { createHash, randomBytes } from 'node:crypto';
import { createReadStream, existsSync, readFileSync } from 'node:fs';
import { lstat, mkdir, open, readdir, rename, unlink } from 'node:fs/promises';
import { join, relative, resolve, sep } from 'node:path';
import { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGzip } from 'node:zlib';
import { pack as tarPack, type Pack } from 'tar-stream';
import type { Db } from '../db/client';
import { EXTENSION, FORMAT, FORMAT_VERSION, trailer, type Manifest } from './archive';
import { countRows, dbMigrationLevel, listTables, quoteIdent } from './schema-info';

/** Rows per tar entry: what one batch holds in memory, whatever the size of the database. */
export const BATCH_ROWS = 500;

export interface BackupResult {
	file: string;
	fileName: string;
	size: number;
	sha256: string;
	manifest: Manifest;
}

export interface BackupSource {
	db: Db;
	kind: 'pglite' | 'postgres';
	/** Files under it are carried along (except the database directory and the backups). */
	dataDir: string;
	/** Whether AUTH_SECRET comes from the environment (then it is not in the file). */
	authSecretFromEnv: boolean;
	contentVersion: string | null;
	/** More directories never to carry (the configured BACKUP_DIR when writing elsewhere). */
	skipDirs?: string[];
}

/** The application's version, from package.json. */
export function appVersion(): string {
	for (const p of [
		resolve('package.json'),
		join(import.meta.dirname ?? '.', '../../../../package.json')
	])
		if (existsSync(p)) return (JSON.parse(readFileSync(p, 'utf8')) as { version: string }).version;
	return 'unknown';
}

export function backupFileName(now: Date): string {
	const stamp = now
		.toISOString()
		.replace(/[-:]/g, '')
		.replace(/\.\d+Z$/, 'Z');
	return `minka-${stamp}-${randomBytes(3).toString('hex')}${EXTENSION}`;
}

/**
 * Writes one backup file into `outDir`: the tables read in one REPEATABLE READ, READ ONLY
 * transaction (one consistent snapshot while others keep writing), batch by batch through a
 * cursor, then the files of DATA_DIR. Written under a temporary name, fsynced, then renamed: a
 * crash leaves no half-written backup under the final name. Owner-only permissions.
 */
export async function writeBackup(
	source: BackupSource,
	outDir: string,
	now = new Date()
): Promise<BackupResult> {
	await mkdir(outDir, { recursive: true, mode: 0o700 });
	const fileName = backupFileName(now);
	const file = join(outDir, fileName);
	const temp = join(outDir, `.${fileName}.part`);
	const fh = await open(temp, 'wx', 0o600);
	const hash = createHash('sha256');
	let size = 0;
	let manifest: Manifest | undefined;
	try {
		const sink = new Writable({
			write(chunk: Buffer, _enc, cb) {
				hash.update(chunk);
				size += chunk.length;
				fh.write(chunk).then(() => cb(), cb);
			}
		});
		const pack = tarPack();
		const written = pipeline(pack, createGzip({ level: 6 }), sink);
		// If writing fails, stop producing entries at once.
		let failure: unknown;
		written.catch((e) => (failure = e));
		const produce = async () => {
			manifest = await dumpDatabase(source, outDir, pack, now, () => failure);
			pack.finalize();
		};
		await Promise.all([
			produce().catch((e) => {
				pack.destroy(e as Error);
				throw e;
			}),
			written
		]);
		const sha256 = hash.digest('hex');
		const t = trailer(sha256);
		await fh.write(t);
		size += t.length;
		await fh.sync();
		await fh.close();
		await rename(temp, file);
		await syncDir(outDir);
		return { file, fileName, size, sha256, manifest: manifest! };
	} catch (e) {
		await fh.close().catch(() => undefined);
		await unlink(temp).catch(() => undefined);
		throw e;
	}
}

async function syncDir(dir: string) {
	// A rename is durable once the directory is synced (not possible on every platform).
	const d = await open(dir, 'r').catch(() => undefined);
	await d?.sync().catch(() => undefined);
	await d?.close();
}

function addEntry(pack: Pack, name: string, body: Buffer): Promise<void> {
	return new Promise((res, rej) =>
		pack.entry({ name, size: body.length, mode: 0o600 }, body, (e) => (e ? rej(e) : res()))
	);
}

async function dumpDatabase(
	source: BackupSource,
	outDir: string,
	pack: Pack,
	now: Date,
	failed: () => unknown
): Promise<Manifest> {
	return source.db.transaction(async (tx) => {
		await tx.execute(sql.raw('set transaction isolation level repeatable read, read only'));
		// Text forms that read back the same whatever the server's settings.
		await tx.execute(sql.raw(`set local datestyle = 'ISO, YMD'`));
		await tx.execute(sql.raw(`set local intervalstyle = 'postgres'`));
		const tables = await listTables(tx);
		const counts = await countRows(
			tx,
			tables.map((t) => t.name)
		);
		const migrations = await dbMigrationLevel(tx);
		// Listed after the snapshot: an evidence row it holds had its file renamed into place.
		const files = await listDataFiles(source.dataDir, [outDir, ...(source.skipDirs ?? [])]);
		const manifest: Manifest = {
			format: FORMAT,
			formatVersion: FORMAT_VERSION,
			createdAt: now.toISOString(),
			appVersion: appVersion(),
			contentVersion: source.contentVersion,
			database: source.kind,
			migrations,
			tables: tables.map((t) => ({ ...t, rows: counts[t.name]! })),
			files: files.map((f) => ({ path: f.path, size: f.size })),
			authSecret: source.authSecretFromEnv ? 'env' : 'file',
			checksum: 'sha256'
		};
		await addEntry(pack, 'manifest.json', Buffer.from(JSON.stringify(manifest, null, 1)));
		for (const t of tables) {
			const select = t.columns.map((c, i) => `${quoteIdent(c)}::text as c${i}`).join(', ');
			await tx.execute(
				sql.raw(
					`declare minka_backup no scroll cursor for select ${select} from ${quoteIdent(t.name)}`
				)
			);
			for (let batch = 1; ; batch++) {
				if (failed()) throw failed();
				const r = await tx.execute(sql.raw(`fetch ${BATCH_ROWS} from minka_backup`));
				const rows = r.rows as Array<Record<string, string | null>>;
				if (!rows.length) break;
				const lines = rows.map((row) =>
					JSON.stringify(t.columns.map((_, i) => row[`c${i}`] ?? null))
				);
				await addEntry(
					pack,
					`db/${t.name}/${String(batch).padStart(6, '0')}.jsonl`,
					Buffer.from(lines.join('\n') + '\n')
				);
				if (rows.length < BATCH_ROWS) break;
			}
			await tx.execute(sql.raw('close minka_backup'));
		}
		for (const f of files) {
			if (failed()) throw failed();
			await new Promise<void>((res, rej) => {
				const entry = pack.entry({ name: `files/${f.path}`, size: f.size, mode: 0o600 }, (e) =>
					e ? rej(e) : res()
				);
				pipeline(createReadStream(f.abs), entry).catch(rej);
			});
		}
		return manifest;
	});
}

/**
 * Files to carry: everything under DATA_DIR (evidence, the auth secret, issuer keys…) except the
 * PGlite directory (the database is in the dump), the backups themselves and temporary files.
 */
export async function listDataFiles(
	dataDir: string,
	backupDirs: string[]
): Promise<Array<{ path: string; abs: string; size: number }>> {
	const root = resolve(dataDir);
	const skip = new Set([
		join(root, 'pglite'),
		join(root, 'pglite.lock'),
		join(root, 'backups'),
		...backupDirs.map((d) => resolve(d))
	]);
	const out: Array<{ path: string; abs: string; size: number }> = [];
	const walk = async (dir: string) => {
		let names: string[];
		try {
			names = (await readdir(dir)).sort();
		} catch {
			return;
		}
		for (const name of names) {
			const abs = join(dir, name);
			if (skip.has(abs) || name.startsWith('.')) continue;
			const st = await lstat(abs).catch(() => undefined);
			if (!st) continue;
			if (st.isDirectory()) await walk(abs);
			else if (st.isFile())
				out.push({ path: relative(root, abs).split(sep).join('/'), abs, size: st.size });
		}
	};
	await walk(root);
	return out;
}
