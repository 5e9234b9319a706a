// `npm run minka -- cohorts` and `… import`, run as a script would: a child process on a
// PGlite database of its own.
import { rmSync } from 'node:fs';
import { resolve } from 'node:path';
import { cliRunner, pgliteCliEnvWithDemo } from '../helpers/cli';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const fixtures = resolve('tests/fixtures/member-lists');
// The demo, as `minka seed-demo` loads it (seeded once per run: helpers/cli.ts).
let dataDir = '';
let minka: ReturnType<typeof cliRunner>;

let cohortId: string;

beforeAll(async () => {
	const made = await pgliteCliEnvWithDemo('cli');
	dataDir = made.dataDir;
	minka = cliRunner(made.env);
}, 400_000);
afterAll(() => {
	if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

describe('CLI', { timeout: 400_000 }, () => {
	it('lists cohorts as JSON', async () => {
		const r = await minka('cohorts', '--json');
		expect(r.code).toBe(0);
		const { cohorts } = JSON.parse(r.stdout) as { cohorts: Array<Record<string, unknown>> };
		expect(cohorts).toHaveLength(1);
		expect(cohorts[0]).toEqual({
			id: expect.stringMatching(/^[0-9a-f-]{36}$/),
			name: 'Cohorte 1',
			programme: 'Fortalecimiento de cooperativas mineras',
			startsOn: '2026-09-07',
			endsOn: '2026-12-04',
			enrolled: expect.any(Number)
		});
		cohortId = cohorts[0]!.id as string;
	});

	it('previews a list as JSON without writing (--dry-run)', async () => {
		const r = await minka(
			'import',
			`${fixtures}/lista-participantes-grupo1.xlsx`,
			'--cohort',
			cohortId,
			'--dry-run',
			'--json'
		);
		expect(r.code).toBe(0);
		const out = JSON.parse(r.stdout);
		expect(out.dryRun).toBe(true);
		expect(out.committed).toBeNull();
		expect(out.rows).toHaveLength(122);
		for (const row of out.rows) {
			expect(Object.keys(row).sort()).toEqual(['person', 'reasons', 'row', 'status']);
			expect(['new', 'update', 'duplicate', 'error']).toContain(row.status);
			expect(row.reasons.every((x: unknown) => typeof x === 'string' && x.length > 0)).toBe(true);
		}
		expect(out.rows[0].row).toBe(5);
		// Uncertain cooperatives are errors in scripted use unless told to create them.
		expect(out.counts.error).toBe(122);
		expect(out.rows[0].reasons).toEqual([
			'La cooperativa «Cooperativa Aurífera "Nueva Guanay" R.L.» no coincide con seguridad con una registrada (parecidas: Guanay Dorado, Nueva Esperanza): hay que confirmar cuál es.'
		]);
		const r13 = out.rows.find((x: { row: number }) => x.row === 13);
		expect(r13.reasons[0]).toMatch(
			/^Es menor de edad \(\d+ años, nació el 07\/04\/2012\): el trabajo en la minería está prohibido para menores de 18 años\.$/
		);
	});

	it('imports, creating the cooperatives in the federation given, and says what it wrote', async () => {
		const r = await minka(
			'import',
			`${fixtures}/lista-participantes-grupo1.xlsx`,
			'--cohort',
			cohortId,
			'--create-cooperatives',
			'--federation',
			'FENCOMIN',
			'--json'
		);
		expect(r.code).toBe(0);
		const out = JSON.parse(r.stdout);
		expect(out.counts).toEqual({ total: 122, new: 113, update: 0, duplicate: 0, error: 9 });
		expect(
			out.rows
				.filter((x: { status: string }) => x.status === 'error')
				.map((x: { row: number }) => x.row)
		).toEqual([8, 12, 13, 14, 15, 17, 19, 125, 126]);
		expect(out.committed).toMatchObject({ created: 113, updated: 0, enrolled: 113 });
		expect(out.committed.cooperativesCreated).toHaveLength(4);
	});

	it('importing the .csv of the same list afterwards writes nothing', async () => {
		const r = await minka(
			'import',
			`${fixtures}/lista-participantes-grupo1.csv`,
			'--cohort',
			cohortId,
			'--json'
		);
		const out = JSON.parse(r.stdout);
		expect(out.counts).toEqual({ total: 122, new: 0, update: 0, duplicate: 113, error: 9 });
		expect(out.committed).toBeNull();
		const text = await minka(
			'import',
			`${fixtures}/lista-participantes-grupo1.csv`,
			'--cohort',
			cohortId
		);
		expect(text.stdout).toContain('Nothing to import: nothing was written.');
	});

	it('explains mistakes in the command line', async () => {
		expect((await minka('import')).code).toBe(2);
		const missing = await minka('import', 'no-such-file.xlsx', '--cohort', cohortId);
		expect(missing).toMatchObject({ code: 2, stderr: 'File not found: no-such-file.xlsx\n' });
		const cohort = await minka(
			'import',
			`${fixtures}/lista-participantes-grupo1.csv`,
			'--cohort',
			'nope'
		);
		expect(cohort.code).toBe(2);
		expect(cohort.stderr).toContain('Cohort not found');
		const fed = await minka(
			'import',
			`${fixtures}/lista-participantes-grupo1.csv`,
			'--cohort',
			cohortId,
			'--create-cooperatives'
		);
		expect(fed.code).toBe(2);
		expect(fed.stderr).toContain('--federation');
		const bad = await minka('import', 'package.json', '--cohort', cohortId);
		expect(bad).toMatchObject({ code: 2 });
		expect(bad.stderr).toContain('No encontramos la fila de encabezados');
	});
});
