// `npm run -s minka -- …` as a script runs it: a child process (tsx), its exit code and output.
import { execFile } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { promisify } from 'node:util';
import { provided } from './provided';

const run = promisify(execFile);
const tsx = resolve('node_modules/.bin/tsx');

export interface CliResult {
	code: number;
	stdout: string;
	stderr: string;
}

/**
 * Runs the CLI with `env` (default: this process's); never throws on a non-zero exit. The
 * timeout is generous: on a loaded machine one command (tsx compiling, PGlite starting) takes a minute.
 */
export function cliRunner(env: NodeJS.ProcessEnv = process.env, timeout = 180_000) {
	return async (...args: string[]): Promise<CliResult> => {
		try {
			const { stdout, stderr } = await run(tsx, ['src/cli/main.ts', ...args], {
				env,
				timeout
			});
			return { code: 0, stdout, stderr };
		} catch (e) {
			const err = e as { code: number; stdout: string; stderr: string };
			return { code: err.code, stdout: err.stdout, stderr: err.stderr };
		}
	};
}

/**
 * A fresh DATA_DIR and an environment that opens PGlite in it (never DATABASE_URL). A test file
 * that uses it runs the same whatever DATABASE_URL says, so `npm test` runs it in the PGlite pass
 * only (scripts/test.js looks for this call).
 */
export function pgliteCliEnv(prefix: string) {
	const dataDir = mkdtempSync(join(tmpdir(), `minka-${prefix}-`));
	const env: NodeJS.ProcessEnv = { ...process.env, DATA_DIR: dataDir, NODE_ENV: 'test' };
	delete env.DATABASE_URL;
	return { dataDir, env };
}

const SEED_WAIT_MS = 400_000;

/**
 * `pgliteCliEnv` with the demo loaded by `minka seed-demo`. Seeding takes a CLI process most of a
 * minute on a loaded machine, so a run seeds once: the first file that asks runs the command
 * (and fails if it does), into the run's directory (tests/helpers/global-setup.ts); the others
 * wait for it and copy the directory. Outside `vitest run` (no such directory) it seeds here.
 */
export async function pgliteCliEnvWithDemo(prefix: string) {
	const { dataDir, env } = pgliteCliEnv(prefix);
	const root = await provided('cliDemoRoot');
	if (!root) {
		const r = await cliRunner(env)('seed-demo');
		if (r.code !== 0) throw new Error(`minka seed-demo failed: ${r.stderr}`);
		return { dataDir, env };
	}
	const demo = join(root, 'data');
	const ready = join(root, 'ready');
	const failed = join(root, 'failed');
	let seeding = false;
	try {
		mkdirSync(root, { recursive: true });
		mkdirSync(join(root, 'lock'));
		seeding = true;
	} catch (e) {
		if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
	}
	if (seeding) {
		const r = await cliRunner({ ...env, DATA_DIR: demo })('seed-demo');
		if (r.code !== 0) {
			writeFileSync(failed, r.stderr);
			throw new Error(`minka seed-demo failed: ${r.stderr}`);
		}
		writeFileSync(ready, '');
	} else {
		for (let waited = 0; !existsSync(ready); waited += 500) {
			if (existsSync(failed))
				throw new Error(`minka seed-demo failed: ${readFileSync(failed, 'utf8')}`);
			if (waited > SEED_WAIT_MS) throw new Error('minka seed-demo did not finish');
			await sleep(500);
		}
	}
	cpSync(demo, dataDir, { recursive: true });
	return { dataDir, env };
}
