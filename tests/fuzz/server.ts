import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import pg from 'pg';
import { openDb, pgliteDir, type DbHandle } from '../../src/lib/server/db/client';
import { migrate } from '../../src/lib/server/db/migrate';
import { seedDemo } from '../../src/lib/server/db/seed-demo';

/**
 * Tables that a fuzz run changes by design: signing the demo accounts in (and out, and failing
 * to sign in with garbage) writes sessions, counted failures and the time of the last sign-in.
 * Nothing else may change.
 */
export const SIGN_IN_TABLES = new Set(['session', 'sign_in_throttle', 'sign_in_record']);

/** Where the fuzzed server keeps its data: a PGlite directory or a PostgreSQL database. */
export interface FuzzDb {
	kind: 'pglite' | 'postgres';
	env: Record<string, string>;
	open(): Promise<DbHandle>;
	drop(): Promise<void>;
}

/** A fresh database with the migrations and the demo, as `minka migrate` + `minka seed-demo`. */
export async function prepareDb(): Promise<FuzzDb> {
	const url = process.env.DATABASE_URL;
	let db: FuzzDb;
	if (!url) {
		const dir = mkdtempSync(join(tmpdir(), 'minka-fuzz-'));
		db = {
			kind: 'pglite',
			env: { DATA_DIR: dir },
			open: () => openDb({ dir: pgliteDir(dir) }),
			drop: async () => rmSync(dir, { recursive: true, force: true })
		};
	} else {
		const name = `minka_fuzz_${randomBytes(6).toString('hex')}`;
		const admin = new pg.Client({ connectionString: url });
		await admin.connect();
		await admin.query(`create database ${name}`);
		await admin.end();
		const u = new URL(url);
		u.pathname = `/${name}`;
		db = {
			kind: 'postgres',
			env: { DATABASE_URL: u.toString() },
			open: () => openDb({ url: u.toString() }),
			drop: async () => {
				const c = new pg.Client({ connectionString: url });
				await c.connect();
				await c.query(`drop database if exists ${name} with (force)`);
				await c.end();
			}
		};
	}
	const h = await db.open();
	try {
		await migrate(h);
		await seedDemo(h.db);
	} finally {
		await h.close();
	}
	return db;
}

/** Per table (sign-in tables left out): row count and a hash of every row's contents. */
export async function fingerprint(h: DbHandle): Promise<Record<string, string>> {
	const tables = await h.db.execute<{ t: string }>(
		sql`select table_name as t from information_schema.tables
		    where table_schema = 'public' and table_type = 'BASE TABLE' order by 1`
	);
	const out: Record<string, string> = {};
	for (const { t } of tables.rows) {
		if (SIGN_IN_TABLES.has(t)) continue;
		const r = await h.db.execute<{ n: number; h: string | null }>(
			sql.raw(
				`select count(*)::int as n, md5(string_agg(x::text, '|' order by x::text)) as h from "${t}" x`
			)
		);
		const row = r.rows[0]!;
		out[t] = `${row.n} rows, ${row.h ?? '-'}`;
	}
	return out;
}

export interface Server {
	origin: string;
	stop(): Promise<void>;
	/** Lines the server printed to stderr (errors are logged there). */
	stderr: string[];
}

/** Starts the built app (`node scripts/start.js`) on its own port and waits for /healthz. */
export async function startServer(db: FuzzDb, port: number): Promise<Server> {
	const origin = `http://127.0.0.1:${port}`;
	const env: Record<string, string> = {
		...(process.env as Record<string, string>),
		...db.env,
		PORT: String(port),
		HOST: '127.0.0.1',
		ORIGIN: origin,
		DEMO: 'never',
		NODE_ENV: 'production',
		// A daily backup (on in production) would restore a copy of the database mid-run.
		BACKUP_SCHEDULE: 'off',
		// The outbox planner writes reminders on its own; the run checks that nothing else wrote.
		OUTBOX_WORKER: 'off',
		// Each fuzzed role signs in from an address of its own (see client.ts), so that garbage
		// sent to the sign-in form cannot lock out the accounts' own sign-ins.
		ADDRESS_HEADER: 'x-forwarded-for'
	};
	if (db.kind === 'pglite') delete env.DATABASE_URL;
	else delete env.DATA_DIR;
	const child: ChildProcess = spawn(process.execPath, ['scripts/start.js'], {
		env,
		stdio: ['ignore', 'pipe', 'pipe']
	});
	const stderr: string[] = [];
	child.stderr!.setEncoding('utf8').on('data', (s: string) => stderr.push(s));
	child.stdout!.resume();
	const exited = new Promise<void>((r) => child.once('exit', () => r()));
	const deadline = Date.now() + 180_000;
	for (;;) {
		if (child.exitCode !== null) throw new Error(`server exited: ${stderr.join('')}`);
		try {
			const r = await fetch(`${origin}/healthz`);
			if (r.ok) break;
		} catch {
			// not listening yet
		}
		if (Date.now() > deadline) {
			child.kill('SIGKILL');
			throw new Error(`server did not start: ${stderr.join('')}`);
		}
		await new Promise((r) => setTimeout(r, 200));
	}
	return {
		origin,
		stderr,
		async stop() {
			if (child.exitCode === null) child.kill('SIGTERM');
			await exited;
		}
	};
}
