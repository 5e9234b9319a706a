// Backups of real databases: the demo backed up, restored into PGlite (and PostgreSQL when
// DATABASE_URL is set: the PGlite → PostgreSQL move), compared table by table to the byte; a
// session and a password still work after; damaged, newer and misdirected restores are refused.
import { sql } from 'drizzle-orm';
import {
	copyFileSync,
	mkdirSync,
	mkdtempSync,
	readFileSync,
	readdirSync,
	rmSync,
	statSync,
	writeFileSync
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAuth } from '../../src/lib/server/auth/auth';
import { signIn } from '../../src/lib/server/auth/sign-in';
import { WhoCache, whoIsAsking } from '../../src/lib/server/auth/who-is-asking';
import { BackupError, TRAILER_BYTES, readManifest } from '../../src/lib/server/backup/archive';
import { restoreBackup } from '../../src/lib/server/backup/restore-backup';
import { codeMigrationLevel } from '../../src/lib/server/backup/schema-info';
import { verifyBackup } from '../../src/lib/server/backup/verify-backup';
import { writeBackup, type BackupResult } from '../../src/lib/server/backup/write-backup';
import { openDb, type DbHandle, type Executor } from '../../src/lib/server/db/client';
import { migrate } from '../../src/lib/server/db/migrate';
import { auditLog } from '../../src/lib/server/db/schema';
import { DEMO_PASSWORD, seedDemo } from '../../src/lib/server/db/seed-demo';
import { createTestDb } from '../helpers/db';

const SECRET = 's'.repeat(48);
const ORIGIN = 'http://localhost:3000';
const tmp = mkdtempSync(join(tmpdir(), 'minka-backup-test-'));
let src: DbHandle & { url?: string };
let srcDir: string;
let backup: BackupResult;
let cookie: string;

/** Every table's rows as text, hashed: equal only if every value came back exactly. */
async function fingerprint(db: Executor): Promise<Record<string, string>> {
	return db.transaction(async (tx) => {
		await tx.execute(sql.raw(`set local timezone = 'UTC'`));
		await tx.execute(sql.raw(`set local datestyle = 'ISO, YMD'`));
		const t = await tx.execute(
			sql`select relname as name from pg_class where relnamespace = 'public'::regnamespace and relkind = 'r' and relname <> 'backup_run' order by 1`
		);
		const out: Record<string, string> = {};
		for (const { name } of t.rows as Array<{ name: string }>) {
			const r = await tx.execute(
				sql.raw(
					`select count(*)::int as n, md5(coalesce(string_agg(x.t, '|' order by x.t), '')) as h from (select r::text as t from "${name}" r) x`
				)
			);
			const row = r.rows[0] as { n: number; h: string };
			out[name] = `${row.n}:${row.h}`;
		}
		return out;
	});
}

function dir(name: string) {
	const d = join(tmp, name);
	mkdirSync(d, { recursive: true });
	return d;
}

/** A data directory as the server leaves it: the auth secret and an uploaded file. */
function dataDirWithFiles(name: string) {
	const d = dir(name);
	writeFileSync(join(d, 'auth-secret'), `${SECRET}\n`, { mode: 0o600 });
	mkdirSync(join(d, 'evidence'));
	writeFileSync(join(d, 'evidence', 'f0e1d2c3'), Buffer.from([0, 1, 2, 255, 254, 10, 13]));
	// Never carried: an upload not yet committed, and older backups.
	writeFileSync(join(d, 'evidence', '.a1b2.part'), 'half');
	mkdirSync(join(d, 'backups'));
	writeFileSync(join(d, 'backups', 'old.minka-backup'), 'old');
	return d;
}

async function backupOf(db: DbHandle, dataDir: string, out: string) {
	return writeBackup(
		{ db: db.db, kind: db.kind, dataDir, authSecretFromEnv: false, contentVersion: 'test' },
		out
	);
}

async function expectRefused(p: Promise<unknown>, code: string) {
	const e = await p.then(
		() => undefined,
		(x: unknown) => x
	);
	expect(e).toBeInstanceOf(BackupError);
	expect((e as BackupError).code).toBe(code);
}

beforeAll(async () => {
	src = await createTestDb();
	await seedDemo(src.db);
	// Values whose text forms are easy to get wrong: microseconds, nested JSON, quotes, unicode.
	await src.db.insert(auditLog).values({
		action: 'test',
		entity: 'person',
		entityId: 'x',
		changes: { nested: { a: [1, 2.5, null, 'ñ "quoted" \\ back'] }, big: 1234567890.123456 },
		at: new Date('2026-03-04T05:06:07.891Z')
	});
	await src.db.execute(
		sql`update audit_log set at = '2026-03-04 05:06:07.891234+00' where action = 'test'`
	);
	srcDir = dataDirWithFiles('src');
	const auth = createAuth(src.db, { secret: SECRET, baseURL: ORIGIN });
	const { setCookies } = await signIn(
		{ db: src.db, auth },
		{
			identifier: 'admin',
			password: DEMO_PASSWORD,
			ip: '10.9.9.9',
			headers: new Headers({ origin: ORIGIN })
		}
	);
	cookie = setCookies.map((c) => c.split(';')[0]).join('; ');
	backup = await backupOf(src, srcDir, dir('out'));
}, 120_000);

afterAll(async () => {
	await src?.close();
	rmSync(tmp, { recursive: true, force: true });
});

describe('backup file', () => {
	it('is one owner-only file with a manifest, and no temporary file is left', async () => {
		expect(statSync(backup.file).mode & 0o777).toBe(0o600);
		expect(readdirSync(dir('out'))).toEqual([backup.fileName]);
		const m = await readManifest(backup.file);
		expect(m.migrations).toEqual(codeMigrationLevel());
		expect(m.database).toBe(src.kind);
		expect(m.tables.find((t) => t.name === 'user')?.rows).toBe(8);
		expect(m.tables.map((t) => t.name)).not.toContain('backup_run');
		expect(m.files.map((f) => f.path).sort()).toEqual(['auth-secret', 'evidence/f0e1d2c3']);
		// Parents before children: the user table before the sessions that point at it.
		const names = m.tables.map((t) => t.name);
		expect(names.indexOf('user')).toBeLessThan(names.indexOf('session'));
	});
});

describe('restore', { timeout: 120_000 }, () => {
	it('gives back every row exactly, the files and the auth secret; sessions and passwords work', async () => {
		const target = await openDb({});
		const targetDir = dir('restored');
		try {
			const r = await restoreBackup(backup.file, target, targetDir);
			expect(r.tables.every((t) => t.expected === t.actual)).toBe(true);
			expect(await fingerprint(target.db)).toEqual(await fingerprint(src.db));
			expect(readFileSync(join(targetDir, 'auth-secret'), 'utf8')).toBe(`${SECRET}\n`);
			expect(readFileSync(join(targetDir, 'evidence', 'f0e1d2c3'))).toEqual(
				readFileSync(join(srcDir, 'evidence', 'f0e1d2c3'))
			);
			const secret = readFileSync(join(targetDir, 'auth-secret'), 'utf8').trim();
			const auth = createAuth(target.db, { secret, baseURL: ORIGIN });
			const who = await whoIsAsking(
				{ db: target.db, auth, cache: new WhoCache() },
				new Headers({ cookie })
			);
			expect(who?.user.username).toBe('admin');
			const again = await signIn(
				{ db: target.db, auth },
				{
					identifier: 'coordinadora',
					password: DEMO_PASSWORD,
					ip: '10.9.9.8',
					headers: new Headers({ origin: ORIGIN })
				}
			);
			expect(again.setCookies.join(';')).toMatch(/session_token=/);

			// Not into a database that holds rows, unless told to replace it.
			await expectRefused(restoreBackup(backup.file, target, null), 'target_not_empty');
			const replaced = await restoreBackup(backup.file, target, null, { replace: true });
			expect(replaced.tables.every((t) => t.expected === t.actual)).toBe(true);
		} finally {
			await target.close();
		}
	});

	// The move needs a PostgreSQL server: this test exists in the PostgreSQL pass of `npm test`
	// (which CI always runs), not in the PGlite-only pass.
	const withPostgres = process.env.DATABASE_URL ? it : null;
	withPostgres?.('moves a PGlite database to PostgreSQL', async () => {
		const lite = await openDb({});
		await migrate(lite);
		await seedDemo(lite.db);
		const file = await backupOf(lite, dataDirWithFiles('lite'), dir('lite-out'));
		const pgTarget = await createTestDb();
		try {
			await restoreBackup(file.file, pgTarget, dir('pg-files'), { replace: true });
			expect(pgTarget.kind).toBe('postgres');
			expect(await fingerprint(pgTarget.db)).toEqual(await fingerprint(lite.db));
		} finally {
			await pgTarget.close();
			await lite.close();
		}
	});

	it('refuses a file with one byte changed anywhere, before touching the target', async () => {
		const size = statSync(backup.file).size;
		// In the gzip header (its modification time: no CRC covers it), the data, the trailer.
		const target = await openDb({});
		try {
			// In the gzip header (its modification time: no CRC covers it), the data, the trailer.
			for (const at of [5, Math.floor(size / 2), size - TRAILER_BYTES + 20]) {
				const bad = join(dir('bad'), `flip-${at}.minka-backup`);
				copyFileSync(backup.file, bad);
				const bytes = readFileSync(bad);
				bytes[at] = bytes[at]! ^ 0x01;
				writeFileSync(bad, bytes);
				await expectRefused(restoreBackup(bad, target, null), 'checksum_mismatch');
				// Nothing was created in the target.
				const t = await target.db.execute(sql`select to_regclass('public.user') as t`);
				expect((t.rows[0] as { t: string | null }).t).toBeNull();
				const v = await verifyBackup(bad);
				expect(v.ok).toBe(false);
				expect(v.checksum).toBe('mismatch');
			}
			// A digit of the stored sum turned into something that is not a digit: still damaged.
			const bad = join(dir('bad'), 'not-hex.minka-backup');
			const bytes = readFileSync(backup.file);
			bytes[size - TRAILER_BYTES + 20] = 'z'.charCodeAt(0);
			writeFileSync(bad, bytes);
			await expectRefused(restoreBackup(bad, target, null), 'checksum_mismatch');
		} finally {
			await target.close();
		}
	});

	it('refuses a backup whose migration level is newer than the code', async () => {
		const future = Date.now() + 365 * 86_400_000;
		await src.db.execute(
			sql`insert into drizzle.__drizzle_migrations (hash, created_at) values ('future', ${future})`
		);
		let file: BackupResult;
		try {
			file = await backupOf(src, dir('empty'), dir('newer'));
		} finally {
			await src.db.execute(sql`delete from drizzle.__drizzle_migrations where hash = 'future'`);
		}
		const target = await openDb({});
		try {
			await expectRefused(restoreBackup(file.file, target, null), 'newer_migrations');
		} finally {
			await target.close();
		}
		const v = await verifyBackup(file.file);
		expect(v.ok).toBe(false);
		expect(v.code).toBe('newer_migrations');
	});

	it('applies the migrations an older backup did not have', async () => {
		const target = await openDb({});
		const older = await openDb({});
		try {
			// A database one migration behind the code, as a backup made before an upgrade.
			const { entries } = JSON.parse(readFileSync('drizzle/meta/_journal.json', 'utf8')) as {
				entries: Array<{ tag: string; when: number }>;
			};
			const folder = dir('older-migrations');
			mkdirSync(join(folder, 'meta'), { recursive: true });
			const kept = entries.slice(0, -1);
			for (const e of kept) copyFileSync(`drizzle/${e.tag}.sql`, join(folder, `${e.tag}.sql`));
			writeFileSync(
				join(folder, 'meta', '_journal.json'),
				JSON.stringify({ version: '7', dialect: 'postgresql', entries: kept })
			);
			const { migrate: m } = await import('drizzle-orm/pglite/migrator');
			await m(older.db as unknown as Parameters<typeof m>[0], { migrationsFolder: folder });
			await older.db.execute(
				sql`insert into federation (name, short_name, level) values ('Federación Antigua', 'FANT', 'national')`
			);
			const file = await backupOf(older, dir('empty'), dir('older-out'));
			expect((await readManifest(file.file)).migrations.count).toBe(entries.length - 1);
			const r = await restoreBackup(file.file, target, null);
			expect(r.migrations).toEqual({
				backup: entries.length - 1,
				code: entries.length,
				applied: 1
			});
			const f = await target.db.execute(sql`select count(*)::int as n from federation`);
			expect((f.rows[0] as { n: number }).n).toBe(1);
		} finally {
			await older.close();
			await target.close();
		}
	});

	it('verifies a good backup by restoring it into a scratch database', async () => {
		const v = await verifyBackup(backup.file, { databaseUrl: process.env.DATABASE_URL });
		expect(v.ok).toBe(true);
		expect(v.scratch).toBe(process.env.DATABASE_URL ? 'postgres' : 'pglite');
		expect(v.tables?.find((t) => t.name === 'person')).toEqual({
			name: 'person',
			expected: 30,
			actual: 30
		});
		expect(v.files).toBe(2);
	});

	it('makes a consistent file while others keep writing', async () => {
		// Each write adds two rows in one transaction: a consistent snapshot holds an even number.
		let stop = false;
		let writes = 0;
		const writer = (async () => {
			while (!stop) {
				// As requests do, each write comes from the event loop (PGlite never yields on its own).
				await new Promise((r) => setImmediate(r));
				await src.db.transaction(async (tx) => {
					for (let i = 0; i < 2; i++)
						await tx
							.insert(auditLog)
							.values({ action: 'pair', entity: 'person', entityId: `p${writes}` });
				});
				writes++;
			}
		})();
		// Let writes start before and go on during the backup.
		for (let i = 0; writes < 3 && i < 2000; i++) await new Promise((r) => setTimeout(r, 5));
		expect(writes).toBeGreaterThanOrEqual(3);
		const during = await backupOf(src, srcDir, dir('during'));
		stop = true;
		await writer;
		const target = await openDb({});
		try {
			await restoreBackup(during.file, target, null);
			const r = await target.db.execute(
				sql`select count(*)::int as n from audit_log where action = 'pair'`
			);
			const n = (r.rows[0] as { n: number }).n;
			expect(n % 2).toBe(0);
			expect(n).toBeGreaterThan(0);
		} finally {
			await target.close();
		}
	});
});
