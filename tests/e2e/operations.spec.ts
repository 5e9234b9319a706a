import { expect, test } from './helpers';
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Starts the built server on its own port and PGlite directory. */
function startServer(env: Record<string, string>) {
	const child = spawn('node', ['scripts/start.js'], {
		env: { ...process.env, DATABASE_URL: '', DEMO: 'never', ...env },
		stdio: ['ignore', 'pipe', 'pipe']
	});
	let output = '';
	child.stdout.on('data', (d) => (output += d));
	child.stderr.on('data', (d) => (output += d));
	const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
	return { child, exited, output: () => output };
}

async function waitHealthy(url: string) {
	for (let i = 0; i < 100; i++) {
		const ok = await fetch(url)
			.then((r) => r.ok)
			.catch(() => false);
		if (ok) return;
		await new Promise((r) => setTimeout(r, 200));
	}
	throw new Error(`${url} never became healthy`);
}

test('SIGTERM stops the server cleanly within a few seconds, and the database reopens', async () => {
	const dataDir = mkdtempSync(join(tmpdir(), 'minka-ops-'));
	const env = { PORT: '4191', DATA_DIR: dataDir };
	const first = startServer(env);
	await waitHealthy('http://localhost:4191/healthz');
	const health = await (await fetch('http://localhost:4191/healthz')).json();
	// A new data directory has no backup yet: a detail for monitors, still a 200.
	expect(health).toMatchObject({
		status: 'ok',
		database: 'pglite',
		backup: { state: 'missing', last: null }
	});

	first.child.kill('SIGTERM');
	expect(await first.exited).toBe(0);
	expect(first.output()).toContain('shutting down');

	// A cleanly closed PGlite directory opens again.
	const second = startServer(env);
	await waitHealthy('http://localhost:4191/healthz');
	second.child.kill('SIGTERM');
	expect(await second.exited).toBe(0);
});

test('a wrong configuration value stops start-up with a message naming the variable', async () => {
	const bad = startServer({
		PORT: '4192',
		DATA_DIR: mkdtempSync(join(tmpdir(), 'minka-ops-')),
		DEMO: 'sometimes'
	});
	expect(await bad.exited).toBe(1);
	expect(bad.output()).toMatch(/Invalid configuration:\s+DEMO:/);
});
