import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { openDb } from '../../src/lib/server/db/client';
import { migrate } from '../../src/lib/server/db/migrate';

// Vitest's global setup: the migrations run once per run, not once per test file. On PGlite the
// migrated database is kept as a file that each file's database is loaded from (`createTestDb`);
// on PostgreSQL it is a database each file's is created from (`create database … template`).
// Every file still runs `migrate` on what it gets, which finds nothing to do. It also gives the
// run a directory where the first CLI test that needs the demo seeds it once (`helpers/cli.ts`).

declare module 'vitest' {
	export interface ProvidedContext {
		/** A PGlite data directory dump (tar) of a migrated, empty database. */
		pgliteTemplate: string;
		/** A migrated, empty PostgreSQL database to copy, when DATABASE_URL is set. */
		pgTemplate: string;
		/** Where the CLI tests' demo DATA_DIR is seeded once per run. */
		cliDemoRoot: string;
	}
}

function isAlive(pid: number): boolean {
	try {
		process.kill(pid, 0);
		return true;
	} catch {
		return false;
	}
}

export default async function setup(project: TestProject) {
	const url = process.env.DATABASE_URL;
	const dir = mkdtempSync(join(tmpdir(), 'minka-vitest-'));
	const removeDir = () => rmSync(dir, { recursive: true, force: true });
	project.provide('cliDemoRoot', join(dir, 'cli-demo'));
	if (!url) {
		const file = join(dir, 'migrated.tar');
		const handle = await openDb({});
		await migrate(handle);
		const client = (handle.db as unknown as { $client: PGlite }).$client;
		writeFileSync(file, Buffer.from(await (await client.dumpDataDir('none')).arrayBuffer()));
		await handle.close();
		project.provide('pgliteTemplate', file);
		return removeDir;
	}
	const name = `minka_tpl_${process.pid}`;
	const admin = new pg.Client({ connectionString: url });
	await admin.connect();
	// A run that was killed leaves its template: drop those whose process is gone.
	const old = await admin.query(`select datname from pg_database where datname like 'minka_tpl_%'`);
	for (const { datname } of old.rows as Array<{ datname: string }>) {
		const pid = Number(datname.slice('minka_tpl_'.length));
		if (pid !== process.pid && isAlive(pid)) continue;
		await admin.query(`drop database if exists "${datname}" with (force)`);
	}
	await admin.query(`create database ${name}`);
	await admin.end();
	const tplUrl = new URL(url);
	tplUrl.pathname = `/${name}`;
	const handle = await openDb({ url: tplUrl.toString() });
	await migrate(handle);
	// A template is copied only while nobody is connected to it.
	await handle.close();
	project.provide('pgTemplate', name);
	return async () => {
		removeDir();
		const c = new pg.Client({ connectionString: url });
		await c.connect();
		await c.query(`drop database if exists ${name} with (force)`);
		await c.end();
	};
}
