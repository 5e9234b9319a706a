// `npm run -s minka -- …` as a script runs it: a child process (tsx), its exit code and output.
import { execFile } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';

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

/** A fresh DATA_DIR and an environment that opens PGlite in it (never DATABASE_URL). */
export function pgliteCliEnv(prefix: string) {
	const dataDir = mkdtempSync(join(tmpdir(), `minka-${prefix}-`));
	const env: NodeJS.ProcessEnv = { ...process.env, DATA_DIR: dataDir, NODE_ENV: 'test' };
	delete env.DATABASE_URL;
	return { dataDir, env };
}
