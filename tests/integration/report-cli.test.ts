// `npm run -s minka -- report`, run as a script would: a child process on the demo's PGlite
// database, as the system actor (everything in scope).
import { rmSync } from 'node:fs';
import { cliRunner, pgliteCliEnvWithDemo } from '../helpers/cli';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { breakdownAddsUp, type Breakdown } from '../../src/lib/domain/reports/breakdown';
import { openDb, pgliteDir } from '../../src/lib/server/db/client';
import { federation, programme } from '../../src/lib/server/db/schema';

// The demo, as `minka seed-demo` loads it (seeded once per run: helpers/cli.ts).
let dataDir = '';
let minka: ReturnType<typeof cliRunner>;

let programmeId = '';
const fed = new Map<string, string>();

beforeAll(async () => {
	const made = await pgliteCliEnvWithDemo('report');
	dataDir = made.dataDir;
	minka = cliRunner(made.env);
	// The ids the command takes, read from the database the command wrote (then closed again).
	const h = await openDb({ dir: pgliteDir(dataDir) });
	programmeId = (await h.db.select().from(programme))[0]!.id;
	for (const f of await h.db.select().from(federation)) fed.set(f.shortName, f.id);
	await h.close();
}, 400_000);
afterAll(() => {
	if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

interface Out {
	enrolled: Breakdown;
	completed: Breakdown;
	courses: { course: string; completed: Breakdown }[];
	knowledgeGain: { course: string; pre: { all: { n: number } }; post: { all: { n: number } } }[];
	actionPlans: { total: number; drafted: number; submitted: number; approved: number };
}

describe('minka report', { timeout: 400_000 }, () => {
	it('prints the figures of the programme as JSON, every breakdown adding up', async () => {
		const r = await minka('report', '--programme', programmeId, '--json');
		expect(r.stderr).toBe('');
		expect(r.code).toBe(0);
		const out = JSON.parse(r.stdout) as Out;
		// The demo: 30 members (13 women) in six cooperatives of three federations.
		expect(out.enrolled.total).toBe(30);
		expect(out.enrolled.bySex).toEqual({ F: 13, M: 17 });
		expect(out.enrolled.byFederation).toEqual({ FECOMAN: 10, FENCOMIN: 15, FERRECO: 5 });
		expect(out.enrolled.byDepartment).toEqual({ LP: 15, OR: 4, PT: 11 });
		for (const b of [out.enrolled, out.completed, ...out.courses.map((c) => c.completed)])
			expect(breakdownAddsUp(b)).toBe(true);
		// Cerro Rico Unificada's five did all of Think.COOP; nobody has finished Start.COOP.
		expect(out.courses.map((c) => [c.course, c.completed.total])).toEqual([
			['think-coop', 5],
			['start-coop', 0]
		]);
		expect(out.completed.total).toBe(0);
		expect(out.knowledgeGain.map((k) => [k.course, k.pre.all.n, k.post.all.n])).toEqual([
			['think-coop', 7, 3],
			['start-coop', 5, 0]
		]);
		// Cerro Rico's Action Plan is with the facilitator.
		expect(out.actionPlans).toEqual({ total: 1, drafted: 0, submitted: 1, approved: 0 });
	});

	it('narrows to one federation', async () => {
		const r = await minka(
			'report',
			'--programme',
			programmeId,
			'--federation',
			fed.get('FERRECO')!,
			'--json'
		);
		expect(r.code).toBe(0);
		const out = JSON.parse(r.stdout) as Out;
		expect(out.enrolled.total).toBe(5);
		expect(out.enrolled.byFederation).toEqual({ FERRECO: 5 });
		expect(out.actionPlans.total).toBe(0);
	});

	it('prints words without --json and refuses a malformed filter', async () => {
		const r = await minka('report', '--programme', programmeId);
		expect(r.code).toBe(0);
		expect(r.stdout).toContain('Enrolled: 30 (women 13, men 17)');
		expect(r.stdout).toContain('Action Plans: 1 (drafted 0, submitted 1, approved 0)');
		const bad = await minka('report', '--programme', 'not-an-id', '--json');
		expect(bad.code).toBe(2);
		expect(bad.stdout).toBe('');
		expect(bad.stderr).toContain('--programme');
		expect((await minka('report', '--sex', 'X')).code).toBe(2);
	});
});
