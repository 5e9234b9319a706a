// `npm test`: every check, in order, stopping at the first failure.
// Formatting, lint and types; Vitest on PGlite (and the integration tests again on PostgreSQL
// when DATABASE_URL is set); a production build; the fuzz suite against the built server (on PostgreSQL when
// DATABASE_URL is set, else on PGlite), then Playwright end-to-end (every spec on PostgreSQL and
// the @embedded journeys on PGlite when DATABASE_URL is set, else every spec on PGlite). Ends with one "N passed, N failed" line
// over all tests.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const out = mkdtempSync(join(tmpdir(), 'minka-test-'));
const totals = { passed: 0, failed: 0 };
const pgUrl = process.env.DATABASE_URL;
const withoutPg = { ...process.env };
delete withoutPg.DATABASE_URL;

/** Runs one step; `after` reads its results (even when it failed) before the run stops. */
function run(title, cmd, args, env = process.env, after = () => {}) {
	process.stdout.write(`\n▶ ${title}\n`);
	const r = spawnSync(cmd, args, { stdio: 'inherit', env });
	after();
	if (r.status !== 0) {
		process.stdout.write(`\n✗ ${title} failed\n`);
		report();
		process.exit(r.status ?? 1);
	}
}

function countVitest(file) {
	if (!existsSync(file)) return;
	const j = JSON.parse(readFileSync(file, 'utf8'));
	totals.passed += j.numPassedTests;
	totals.failed += j.numFailedTests;
}

function countPlaywright(file) {
	if (!existsSync(file)) return;
	const s = JSON.parse(readFileSync(file, 'utf8')).stats;
	totals.passed += s.expected;
	totals.failed += s.unexpected + s.flaky;
}

function report() {
	process.stdout.write(`\ntests: ${totals.passed} passed, ${totals.failed} failed\n`);
}

const npx = (title, args, env, after) => run(title, 'npx', args, env, after);

npx('i18n messages', [
	'paraglide-js',
	'compile',
	'--project',
	'./project.inlang',
	'--outdir',
	'./src/lib/paraglide',
	'--strategy',
	'cookie',
	'baseLocale',
	'--silent'
]);
npx('sync', ['svelte-kit', 'sync']);
npx('formatting (prettier)', ['prettier', '--check', '.']);
npx('lint (eslint)', ['eslint', '.', '--max-warnings', '0']);
npx('types (svelte-check)', [
	'svelte-check',
	'--tsconfig',
	'./tsconfig.json',
	'--fail-on-warnings'
]);

const vitest = (title, file, env, extra = []) =>
	npx(
		title,
		[
			'vitest',
			'run',
			'--reporter=default',
			'--reporter=json',
			`--outputFile.json=${file}`,
			...extra
		],
		env,
		() => countVitest(file)
	);
vitest('unit and integration tests on PGlite', join(out, 'vitest-pglite.json'), withoutPg);
// Again on PostgreSQL, only what a database changes: the integration tests, less the files that
// run the CLI on a PGlite directory of their own whatever DATABASE_URL says (they call
// `pgliteCliEnv`, tests/helpers/cli.ts) and would only repeat the PGlite pass. Unit tests touch no
// database.
if (pgUrl) {
	const integration = 'tests/integration';
	const pgliteOnly = readdirSync(integration)
		.filter((f) => f.endsWith('.test.ts'))
		.filter((f) => /\bpgliteCliEnv(WithDemo)?\(/.test(readFileSync(join(integration, f), 'utf8')));
	vitest('integration tests on PostgreSQL', join(out, 'vitest-pg.json'), process.env, [
		integration,
		...pgliteOnly.flatMap((f) => ['--exclude', `${integration}/${f}`])
	]);
}

npx('build', ['vite', 'build', '--logLevel', 'warn']);

// The fuzz suite needs the build: it starts the server and sends every route bad input.
const fuzz = (title, file, env) =>
	npx(
		title,
		[
			'vitest',
			'run',
			'--config',
			'vitest.fuzz.config.ts',
			'--reporter=default',
			'--reporter=json',
			`--outputFile.json=${file}`
		],
		env,
		() => countVitest(file)
	);
// Once: on PostgreSQL when it is at hand, else on PGlite. What it finds is in the routes' handling
// of input, which is the same code on both; the SQL differences are the integration tests' job.
if (pgUrl) fuzz('fuzz suite on PostgreSQL', join(out, 'fuzz-pg.json'), process.env);
else fuzz('fuzz suite on PGlite', join(out, 'fuzz-pglite.json'), withoutPg);

const e2e = (title, file, env, extra = []) =>
	npx(
		title,
		['playwright', 'test', '--reporter=list,json', ...extra],
		{ ...env, PLAYWRIGHT_JSON_OUTPUT_NAME: file },
		() => countPlaywright(file)
	);
// With PostgreSQL at hand every journey runs on it, and on PGlite only the journeys tagged
// @embedded (signing in, importing, setting up a cohort, running a session): integration and fuzz
// tests already cover both databases in detail, and the run must stay well under 30 minutes.
if (pgUrl) {
	e2e('end-to-end tests (Chromium) on PostgreSQL', join(out, 'e2e-pg.json'), process.env);
	e2e('end-to-end journeys (Chromium) on PGlite', join(out, 'e2e-pglite.json'), withoutPg, [
		'--grep',
		'@embedded'
	]);
} else e2e('end-to-end tests (Chromium) on PGlite', join(out, 'e2e-pglite.json'), withoutPg);

report();
