import { sql, type SQL } from 'drizzle-orm';
import { randomBytes } from 'node:crypto';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { mkdir, open, readdir, rename, unlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, normalize, resolve, sep } from 'node:path';
import type { Readable } from 'node:stream';
import type { DbHandle, Executor } from '../db/client';
import { migrate, migrationsFolder } from '../db/migrate';
import {
	assertChecksum,
	BackupError,
	FORMAT_VERSION,
	readAll,
	readEntries,
	type Manifest
} from './archive';
import {
	codeMigrationLevel,
	countRows,
	dbMigrationLevel,
	NOT_BACKED_UP,
	quoteIdent,
	readJournal
} from './schema-info';

/** Parameters per INSERT: well under PostgreSQL's 65,535. */
const MAX_PARAMS = 20_000;

export interface RestoreReport {
	sha256: string;
	manifest: Manifest;
	/** Rows per table after the restore, before pending migrations ran. */
	tables: Array<{ name: string; expected: number; actual: number }>;
	files: number;
	migrations: { backup: number; code: number; applied: number };
}

/** Refuses a backup made by newer code: its tables would not match this code's. */
export function assertNotNewer(manifest: Manifest) {
	const code = codeMigrationLevel();
	if (manifest.formatVersion > FORMAT_VERSION)
		throw new BackupError('newer_migrations', 'The backup was written by a newer Minka');
	if (manifest.migrations.count > code.count || manifest.migrations.last > code.last)
		throw new BackupError(
			'newer_migrations',
			`The backup's migration level (${manifest.migrations.count}) is newer than this code's (${code.count}): upgrade Minka first`
		);
}

/** Whether the database holds rows or DATA_DIR holds programme files (the auth secret aside). */
export async function targetContents(
	db: Executor,
	dataDir: string | null
): Promise<{ rows: number; files: number }> {
	const t = await db.execute(
		sql`select relname as name from pg_class where relnamespace = 'public'::regnamespace and relkind = 'r'`
	);
	const names = (t.rows as Array<{ name: string }>)
		.map((r) => r.name)
		.filter((n) => !NOT_BACKED_UP.has(n));
	const counts = await countRows(db, names);
	const rows = Object.values(counts).reduce((a, b) => a + b, 0);
	let files = 0;
	if (dataDir)
		for (const name of await readdir(dataDir).catch(() => [] as string[]))
			if (
				!['pglite', 'pglite.lock', 'backups', 'auth-secret'].includes(name) &&
				!name.startsWith('.')
			)
				files++;
	return { rows, files };
}

/**
 * Restores a backup into the database of `target` and the files into `dataDir`: the checksum is
 * checked first (nothing is touched for a damaged file), then the schema is rebuilt at the
 * backup's migration level, the rows are inserted in one transaction and counted against the
 * manifest, and the migrations the backup did not have yet are applied.
 */
export async function restoreBackup(
	file: string,
	target: DbHandle,
	dataDir: string | null,
	opts: { replace?: boolean } = {}
): Promise<RestoreReport> {
	const sha256 = await assertChecksum(file);
	let manifest: Manifest | undefined;
	const tables: RestoreReport['tables'] = [];
	let files = 0;
	for await (const entry of readEntries(file)) {
		if (!manifest) {
			if (entry.name !== 'manifest.json')
				throw new BackupError('not_a_backup', 'Not a Minka backup file (no manifest)');
			manifest = JSON.parse((await readAll(entry.stream)).toString('utf8')) as Manifest;
			assertNotNewer(manifest);
			if (!opts.replace) {
				const c = await targetContents(target.db, dataDir);
				if (c.rows || c.files)
					throw new BackupError(
						'target_not_empty',
						`The target is not empty (${c.rows} rows, ${c.files} files in the data directory): restore into an empty one, or add --replace`
					);
			}
			await resetSchema(target, manifest.migrations.last);
			continue;
		}
		const m = /^db\/([^/]+)\/\d+\.jsonl$/.exec(entry.name);
		if (m) {
			const info = manifest.tables.find((t) => t.name === m[1]);
			if (!info) throw new BackupError('not_a_backup', `Unknown table in backup: ${m[1]}`);
			const body = await readAll(entry.stream);
			await insertRows(target.db, info, body);
			continue;
		}
		if (entry.name.startsWith('files/') && dataDir) {
			await writeDataFile(dataDir, entry.name.slice('files/'.length), entry.stream);
			files++;
			continue;
		}
		await readAll(entry.stream);
	}
	if (!manifest) throw new BackupError('not_a_backup', 'Not a Minka backup file (empty)');
	const counts = await countRows(
		target.db,
		manifest.tables.map((t) => t.name)
	);
	for (const t of manifest.tables)
		tables.push({ name: t.name, expected: t.rows, actual: counts[t.name] ?? -1 });
	const bad = tables.filter((t) => t.expected !== t.actual);
	if (bad.length)
		throw new BackupError(
			'count_mismatch',
			`Row counts differ from the manifest: ${bad.map((t) => `${t.name} ${t.actual}/${t.expected}`).join(', ')}`
		);
	const before = await dbMigrationLevel(target.db);
	await migrate(target);
	const after = await dbMigrationLevel(target.db);
	return {
		sha256,
		manifest,
		tables,
		files,
		migrations: {
			backup: manifest.migrations.count,
			code: codeMigrationLevel().count,
			applied: after.count - before.count
		}
	};
}

/** Drops our schema and builds it again as it was at the backup's migration level. */
async function resetSchema(target: DbHandle, last: number) {
	await target.db.execute(sql.raw('drop schema if exists drizzle cascade'));
	await target.db.execute(sql.raw('drop schema if exists public cascade'));
	await target.db.execute(sql.raw('create schema public'));
	// The migrator applies every migration in its folder: give it those the backup had.
	const from = migrationsFolder();
	const journal = readJournal(from);
	const folder = mkdtempSync(join(tmpdir(), 'minka-migrations-'));
	try {
		mkdirSync(join(folder, 'meta'));
		const entries = journal.entries.filter((e) => e.when <= last);
		for (const e of entries) copyFileSync(join(from, `${e.tag}.sql`), join(folder, `${e.tag}.sql`));
		writeFileSync(join(folder, 'meta', '_journal.json'), JSON.stringify({ ...journal, entries }));
		await migrateFrom(target, folder);
	} finally {
		rmSync(folder, { recursive: true, force: true });
	}
}

async function migrateFrom(target: DbHandle, folder: string) {
	if (target.kind === 'postgres') {
		const { migrate: m } = await import('drizzle-orm/node-postgres/migrator');
		await m(target.db, { migrationsFolder: folder });
	} else {
		const { migrate: m } = await import('drizzle-orm/pglite/migrator');
		await m(target.db as unknown as Parameters<typeof m>[0], { migrationsFolder: folder });
	}
}

/** One batch: each value goes in as text and is cast to its column's type (exact round trip). */
async function insertRows(
	db: Executor,
	info: { name: string; columns: string[]; types: string[] },
	body: Buffer
) {
	const rows = body
		.toString('utf8')
		.split('\n')
		.filter((l) => l.length)
		.map((l) => JSON.parse(l) as Array<string | null>);
	const per = Math.max(1, Math.floor(MAX_PARAMS / info.columns.length));
	const cols = info.columns.map(quoteIdent).join(', ');
	await db.transaction(async (tx) => {
		await tx.execute(sql.raw(`set local datestyle = 'ISO, YMD'`));
		for (let i = 0; i < rows.length; i += per) {
			const values: SQL[] = rows.slice(i, i + per).map((row) => {
				if (row.length !== info.columns.length)
					throw new BackupError('not_a_backup', `A row of ${info.name} has the wrong shape`);
				return sql`(${sql.join(
					row.map((v, c) => sql`${v}::text::${sql.raw(info.types[c]!)}`),
					sql`, `
				)})`;
			});
			await tx.execute(
				sql`insert into ${sql.raw(quoteIdent(info.name))} (${sql.raw(cols)}) values ${sql.join(values, sql`, `)}`
			);
		}
	});
}

/** Writes one file under DATA_DIR (never outside it), under a temporary name then renamed. */
async function writeDataFile(dataDir: string, path: string, stream: Readable) {
	const root = resolve(dataDir);
	const dest = resolve(root, normalize(path));
	if (!dest.startsWith(root + sep) || path.includes('\0'))
		throw new BackupError('not_a_backup', `A file path leaves the data directory: ${path}`);
	await mkdir(dirname(dest), { recursive: true, mode: 0o700 });
	const temp = join(dirname(dest), `.restore-${randomBytes(6).toString('hex')}.part`);
	const fh = await open(temp, 'w', 0o600);
	try {
		for await (const chunk of stream) await fh.write(chunk as Buffer);
		await fh.sync();
		await fh.close();
		await rename(temp, dest);
	} catch (e) {
		await fh.close().catch(() => undefined);
		await unlink(temp).catch(() => undefined);
		throw e;
	}
}
