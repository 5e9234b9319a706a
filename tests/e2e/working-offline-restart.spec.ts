import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import http from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { devices, type Page } from '@playwright/test';
import { expect, PASSWORD, test } from './helpers';

// The signal comes back and the phone sends what it kept, but the server dies in the middle
// (SIGKILL: no goodbye, the answer of the item it had just written never leaves). Started again
// on the same embedded database, it takes the rest, and every item is there exactly once.
//
// The suite's server cannot be killed mid-test, so this test runs its own (the build, as
// `npm start` does) on a PGlite directory of its own, whatever DATABASE_URL says: it runs once,
// in whichever pass of `npm test` runs every spec. Between the phone and the server stands a small
// proxy that lets the test lose one answer on purpose and then kill the server.

const PORT = Number(process.env.E2E_RESTART_PORT ?? 4195);
const SERVER_PORT = PORT + 1;
const ORIGIN = `http://localhost:${PORT}`;
const SESSION = 'think-coop/orientation/collective-action';
const PRESENT = ['Teodoro Choque Mamani', 'Justina Condori Flores'];
const NOTE = 'Notas que llegaron una vez.';
// Starting on a loaded machine: migrations and the demo on the first start.
const START_TIMEOUT = 240_000;

/** What the servers wrote to stderr, attached to the report when the test fails. */
const serverErrors: string[] = [];

interface Server {
	proc: ChildProcess;
	exited: Promise<number | null>;
}

function startServer(dataDir: string): Server {
	const env: NodeJS.ProcessEnv = {
		...process.env,
		PORT: String(SERVER_PORT),
		HOST: '127.0.0.1',
		// The address the phone uses (the proxy's): forms are checked against it.
		ORIGIN,
		DATA_DIR: dataDir,
		DEMO: 'always'
	};
	delete env.DATABASE_URL;
	const proc = spawn(process.execPath, ['scripts/start.js'], {
		env,
		stdio: ['ignore', 'ignore', 'pipe']
	});
	proc.stderr!.on('data', (chunk: Buffer) => serverErrors.push(chunk.toString()));
	const exited = new Promise<number | null>((resolve) =>
		proc.once('exit', (code) => resolve(code))
	);
	return { proc, exited };
}

async function healthy(): Promise<boolean> {
	try {
		return (await fetch(`http://127.0.0.1:${SERVER_PORT}/healthz`)).ok;
	} catch {
		return false;
	}
}

async function waitUntilUp() {
	await expect.poll(healthy, { timeout: START_TIMEOUT, intervals: [500, 1000, 2000] }).toBe(true);
}

/**
 * Passes everything on to the server; `loseAnswerOf(n)` lets the n-th post from the phone's queue
 * reach the server and, once the server has answered, calls `then` and drops the connection: the
 * phone never hears back. While the server is down, every request fails as on a dead network.
 */
async function startProxy() {
	let queued = 0;
	let lose: { n: number; then: () => Promise<void> } | null = null;
	const server = http.createServer((req, res) => {
		const fromQueue = req.method === 'POST' && req.headers['x-minka-queue'] !== undefined;
		const n = fromQueue ? ++queued : 0;
		const upstream = http.request(
			{
				host: '127.0.0.1',
				port: SERVER_PORT,
				method: req.method,
				path: req.url,
				headers: req.headers,
				agent: false
			},
			(answer) => {
				if (lose && n === lose.n) {
					const { then } = lose;
					lose = null;
					answer.resume();
					void then().then(() => res.destroy());
					return;
				}
				res.writeHead(answer.statusCode ?? 502, answer.headers);
				answer.pipe(res);
			}
		);
		upstream.on('error', () => res.destroy());
		req.pipe(upstream);
	});
	// A port already taken fails the test here, not later as a refused connection.
	await new Promise<void>((resolve, reject) => {
		server.once('error', reject);
		server.listen(PORT, '127.0.0.1', resolve);
	});
	return {
		server,
		loseAnswerOf(n: number, then: () => Promise<void>) {
			lose = { n, then };
		},
		queuedPosts: () => queued
	};
}

async function signIn(page: Page, identifier: string) {
	await page.goto('/sign-in');
	await page.locator('#identifier').fill(identifier);
	await page.locator('#password').fill(PASSWORD);
	await page.locator('form:has(#identifier) button[type=submit]').click();
	await expect(page).toHaveURL('/');
}

const stepShown = (page: Page) => page.getByText(/^Paso \d+ de \d+$/);

test(
	'a queue interrupted by a server restart resumes where it stopped and sends each item once',
	{ tag: '@restart' },
	async ({ browser }, testInfo) => {
		test.setTimeout(2 * START_TIMEOUT + 180_000);
		const dataDir = mkdtempSync(join(tmpdir(), 'minka-restart-'));
		const proxy = await startProxy();
		let server = startServer(dataDir);
		let finished = false;
		try {
			await waitUntilUp();
			const context = await browser.newContext({
				...devices['Pixel 5'],
				locale: 'es-BO',
				baseURL: ORIGIN
			});
			const page = await context.newPage();
			await signIn(page, 'dirigente');

			// With signal: the session starts, and Think.COOP is saved on the phone.
			await page.getByRole('link', { name: /^Ver todas las sesiones del grupo/ }).click();
			const choose = page.getByRole('region', { name: 'Elegir una sesión' });
			await choose.getByLabel('Sesión').selectOption(SESSION);
			await choose.getByRole('button', { name: 'Empezar la sesión' }).click();
			await expect(page).toHaveURL(/\/runs\/[0-9a-f-]{36}$/);
			const runPath = new URL(page.url()).pathname;
			const runId = runPath.slice('/runs/'.length);
			for (const name of PRESENT) await page.getByRole('checkbox', { name }).check();
			await page.getByRole('button', { name: 'Guardar asistencia' }).click();
			await page.getByRole('button', { name: 'Empezar los pasos' }).click();
			await expect(stepShown(page)).toHaveText('Paso 1 de 7');
			await page.goto('/courses/think-coop');
			await page.getByRole('button', { name: 'Guardar para usar sin internet' }).click();
			await expect(page.locator('[data-offline-state]')).toHaveAttribute('data-saved', 'current', {
				timeout: 60_000
			});

			// No signal: two moves, the note of step 3, one more move. Four items wait.
			await context.setOffline(true);
			await page.goto(runPath);
			await expect(stepShown(page)).toHaveText('Paso 1 de 7');
			for (const n of [2, 3]) {
				await page.getByRole('button', { name: 'Siguiente paso →' }).click();
				await expect(stepShown(page)).toHaveText(`Paso ${n} de 7`);
			}
			await page.getByLabel('Escriba lo que responde el grupo.').fill(NOTE);
			await page.getByRole('button', { name: 'Guardar notas' }).click();
			await page.getByRole('button', { name: 'Siguiente paso →' }).click();
			await expect(stepShown(page)).toHaveText('Paso 4 de 7');
			await expect(page.locator('[data-offline-waiting]')).toHaveText('Por enviar: 4');

			// Signal again. The two moves are taken; the note reaches the server and is written,
			// then the server is killed before its answer leaves.
			let killed = false;
			proxy.loseAnswerOf(3, async () => {
				server.proc.kill('SIGKILL');
				await server.exited;
				killed = true;
			});
			await context.setOffline(false);
			await expect.poll(() => killed, { timeout: 60_000 }).toBe(true);
			// The phone heard nothing: the note and the last move still wait.
			await expect(page.locator('[data-offline-waiting]')).toHaveText('Por enviar: 2', {
				timeout: 30_000
			});

			// The same server, on the same data, a little later.
			server = startServer(dataDir);
			await waitUntilUp();
			// The phone tries again on its own (back-off); "Enviar ahora" does not wait for it. The
			// page reloads once everything is taken.
			await expect(async () => {
				const now = page.getByRole('button', { name: 'Enviar ahora' });
				if (await now.isVisible()) await now.click();
				await expect(page.locator('[data-offline-box]')).toBeHidden({ timeout: 15_000 });
			}).toPass({ timeout: 180_000 });
			await expect(page).toHaveURL(ORIGIN + runPath);
			await expect(stepShown(page)).toHaveText('Paso 4 de 7');
			const step3 = await (await page.request.get(`${runPath}?at=3`)).text();
			expect(step3).toContain(NOTE);
			// The note's first revision: the second sending changed nothing.
			expect(step3).toMatch(/name="revision" value="1"/);
			// Sent again: the note (its answer was lost) and maybe a retry that found no server.
			expect(proxy.queuedPosts()).toBeGreaterThanOrEqual(5);
			await context.close();

			// Stopped properly, the database is read directly: each item once.
			server.proc.kill('SIGTERM');
			await server.exited;
			const db = await PGlite.create({ dataDir: join(dataDir, 'pglite'), extensions: { pg_trgm } });
			try {
				const one = async <T>(sql: string) => (await db.query<T>(sql, [runId])).rows as T[];
				expect(
					await one<{ step: number; stage: string }>(
						'select step, stage from session_run where id = $1'
					)
				).toEqual([{ step: 3, stage: 'play' }]);
				expect(
					await one<{ step: number; revision: number; text: string }>(
						'select step, revision, text from run_note where run_id = $1'
					)
				).toEqual([{ step: 2, revision: 1, text: NOTE }]);
				// Steps 1, 2 and 3 done, once each.
				expect(
					await one<{ n: number }>(
						`select count(*)::int as n from learning_event
						 where verb like '%/progressed' and context ->> 'run' = $1`
					)
				).toEqual([{ n: 3 }]);
				// One audit line per item, each taken, each from the queue.
				const lines = await one<{ path: string; status: number; via: string }>(
					`select changes ->> 'path' as path, (changes ->> 'status')::int as status,
					        changes ->> 'via' as via
					 from audit_log where action = 'queue.replayed' and entity_id = $1 order by at`
				);
				expect(lines).toEqual([
					{ path: `${runPath}?/move`, status: 303, via: 'offline-queue' },
					{ path: `${runPath}?/move`, status: 303, via: 'offline-queue' },
					{ path: `${runPath}?/note`, status: 303, via: 'offline-queue' },
					{ path: `${runPath}?/move`, status: 303, via: 'offline-queue' }
				]);
			} finally {
				await db.close();
			}
			finished = true;
		} finally {
			if (server.proc.exitCode === null && server.proc.signalCode === null)
				server.proc.kill('SIGKILL');
			await server.exited;
			proxy.server.close();
			proxy.server.closeAllConnections();
			rmSync(dataDir, { recursive: true, force: true });
			if (!finished && serverErrors.length)
				await testInfo.attach('server stderr', { body: serverErrors.join('') });
		}
	}
);
