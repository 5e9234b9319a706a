// Starts the built server for end-to-end tests on a database of its own: a fresh PostgreSQL
// database when DATABASE_URL is set, otherwise a new PGlite directory. The demo is always loaded.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';

process.env.DEMO = 'always';
process.env.PORT ||= '4173';
process.env.ORIGIN = `http://localhost:${process.env.PORT}`;

function isAlive(pid) {
	try {
		process.kill(pid, 0);
		return true;
	} catch {
		return false;
	}
}

if (process.env.DATABASE_URL) {
	const name = `minka_e2e_${process.pid}`;
	const admin = new pg.Client({ connectionString: process.env.DATABASE_URL });
	await admin.connect();
	// The server is killed at the end of a run, so its database stays: drop those of earlier
	// runs whose process is gone (a run still going elsewhere keeps its own).
	const old = await admin.query(`select datname from pg_database where datname like 'minka_e2e_%'`);
	for (const { datname } of old.rows) {
		const pid = Number(datname.slice('minka_e2e_'.length));
		if (pid !== process.pid && isAlive(pid)) continue;
		await admin.query(`drop database if exists "${datname}" with (force)`);
	}
	await admin.query(`create database ${name}`);
	await admin.end();
	const url = new URL(process.env.DATABASE_URL);
	url.pathname = `/${name}`;
	process.env.DATABASE_URL = url.toString();
} else {
	process.env.DATA_DIR = mkdtempSync(join(tmpdir(), 'minka-e2e-'));
}

await import('./start.js');
