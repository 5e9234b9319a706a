// 5,000 members in one list: previewed and confirmed quickly, and importing it again changes nothing.
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../../src/lib/server/access/guard';
import type { Db, DbHandle } from '../../src/lib/server/db/client';
import { auditLog, cooperative, enrolment, person, team } from '../../src/lib/server/db/schema';
import { commitImport } from '../../src/lib/server/import/commit-import';
import { getImport } from '../../src/lib/server/import/get-import';
import { startImport } from '../../src/lib/server/import/start-import';
import { createTestDb } from '../helpers/db';
import { generateMembers, memberListXlsx } from '../helpers/member-list';
import { makeActor, makeCohort, makeFederation } from '../factories/org';

let handle: DbHandle;
let db: Db;
let actor: Actor;
let bytes: Uint8Array;
let cohortId: string;

beforeAll(async () => {
	handle = await createTestDb();
	db = handle.db;
	actor = await makeActor(db, 'coordinator');
	const fed = await makeFederation(db);
	const list = generateMembers(5000, 40);
	await db.insert(cooperative).values(
		list.cooperatives.map((name, i) => ({
			federationId: fed.id,
			name: `Cooperativa Minera ${name} Ltda.`,
			shortName: name,
			registryNumber: `REC-PT-${1000 + i}`,
			department: 'PT'
		}))
	);
	cohortId = (await makeCohort(db)).id;
	bytes = await memberListXlsx(list);
});
afterAll(() => handle.close());

async function counts() {
	const n = async (
		t: typeof person | typeof enrolment | typeof cooperative | typeof team | typeof auditLog
	) => ((await db.select({ n: sql<number>`count(*)::int` }).from(t)) as [{ n: number }])[0].n;
	return {
		people: await n(person),
		enrolments: await n(enrolment),
		cooperatives: await n(cooperative),
		teams: await n(team),
		audit: await n(auditLog)
	};
}

describe('a list of 5,000 members', () => {
	it('is previewed and confirmed in well under a minute', { timeout: 120_000 }, async () => {
		const before = await counts();
		const { batchId } = await startImport({ db }, actor, {
			cohortId,
			fileName: 'grande.xlsx',
			bytes
		});
		const view = await getImport({ db }, actor, { cohortId, batchId });
		expect(view.batch.headerRow).toBe(4);
		expect(view.evaluation!.counts).toEqual({
			total: 5000,
			new: 5000,
			update: 0,
			duplicate: 0,
			error: 0
		});
		expect(view.evaluation!.questions).toEqual([]);
		const result = await commitImport({ db }, actor, {
			cohortId,
			batchId,
			expectedFingerprint: view.evaluation!.fingerprint
		});
		expect(result).toMatchObject({ created: 5000, enrolled: 5000 });
		expect(result.teamsCreated).toHaveLength(40);
		expect(await counts()).toEqual({
			people: before.people + 5000,
			enrolments: before.enrolments + 5000,
			cooperatives: before.cooperatives,
			teams: before.teams + 40,
			audit: before.audit + 5001
		});
	});

	it(
		'imported again, every row is a duplicate and nothing is written',
		{ timeout: 120_000 },
		async () => {
			const before = await counts();
			const { batchId } = await startImport({ db }, actor, {
				cohortId,
				fileName: 'grande.xlsx',
				bytes
			});
			const view = await getImport({ db }, actor, { cohortId, batchId });
			expect(view.evaluation!.counts).toEqual({
				total: 5000,
				new: 0,
				update: 0,
				duplicate: 5000,
				error: 0
			});
			expect(view.sameFileCommittedAt).not.toBeNull();
			const result = await commitImport({ db }, actor, { cohortId, batchId });
			expect(result).toMatchObject({
				created: 0,
				updated: 0,
				enrolled: 0,
				cooperativesCreated: [],
				teamsCreated: []
			});
			// Only the record that the list was imported again.
			expect(await counts()).toEqual({ ...before, audit: before.audit + 1 });
		}
	);
});
