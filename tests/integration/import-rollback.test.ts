// A confirmation is one transaction: when the database fails half-way, nothing stays written.
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../../src/lib/server/access/guard';
import type { Db, DbHandle } from '../../src/lib/server/db/client';
import {
	auditLog,
	cooperative,
	enrolment,
	importBatch,
	person,
	team
} from '../../src/lib/server/db/schema';
import { commitImport } from '../../src/lib/server/import/commit-import';
import { decideCooperatives } from '../../src/lib/server/import/decide-cooperatives';
import { getImport } from '../../src/lib/server/import/get-import';
import { startImport } from '../../src/lib/server/import/start-import';
import { createTestDb } from '../helpers/db';
import { generateMembers, memberListXlsx } from '../helpers/member-list';
import { makeActor, makeCohort, makeFederation } from '../factories/org';

let handle: DbHandle;
let db: Db;
let actor: Actor;

beforeAll(async () => {
	handle = await createTestDb();
	db = handle.db;
	actor = await makeActor(db, 'coordinator');
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

describe('rollback', () => {
	it('writes nothing when an insert fails after people, enrolments and teams were written', async () => {
		const fed = await makeFederation(db);
		const c = await makeCohort(db);
		const list = generateMembers(1200, 12);
		const { batchId } = await startImport({ db }, actor, {
			cohortId: c.id,
			fileName: 'lista.xlsx',
			bytes: await memberListXlsx(list)
		});
		const view = await getImport({ db }, actor, { cohortId: c.id, batchId });
		await decideCooperatives({ db }, actor, {
			cohortId: c.id,
			batchId,
			decisions: Object.fromEntries(
				view.evaluation!.questions.map((q) => [
					q.key,
					{ kind: 'new', federationId: fed.id, department: 'PT' }
				])
			)
		});
		const before = await counts();

		// The audit log is written last: make the database refuse it, after everything else went in.
		await db.execute(sql`create function minka_test_fail() returns trigger language plpgsql as $$
			begin raise exception 'disk full (simulated)'; end $$`);
		await db.execute(
			sql`create trigger minka_test_fail before insert on audit_log for each row execute function minka_test_fail()`
		);
		await expect(commitImport({ db }, actor, { cohortId: c.id, batchId })).rejects.toThrow();
		expect(await counts()).toEqual(before);
		const [b] = await db
			.select({ status: importBatch.status })
			.from(importBatch)
			.where(sql`${importBatch.id} = ${batchId}`);
		expect(b!.status).toBe('previewed');

		// Once the database works again, the same batch goes through whole.
		await db.execute(sql`drop trigger minka_test_fail on audit_log`);
		const result = await commitImport({ db }, actor, { cohortId: c.id, batchId });
		expect(result).toMatchObject({ created: 1200, enrolled: 1200 });
		expect(result.cooperativesCreated).toHaveLength(12);
		expect(await counts()).toEqual({
			people: before.people + 1200,
			enrolments: before.enrolments + 1200,
			cooperatives: before.cooperatives + 12,
			teams: before.teams + 12,
			audit: before.audit + 1200 + 12 + 1
		});
	});

	it('writes nothing when a person insert in a later chunk fails', async () => {
		const fed = await makeFederation(db);
		const c = await makeCohort(db);
		const list = generateMembers(1200, 3, 99);
		// Other CI numbers than the first test: shift them.
		for (const r of list.rows) r[4] = String(Number(r[4]) + 5_000_000);
		const { batchId } = await startImport({ db }, actor, {
			cohortId: c.id,
			fileName: 'lista.xlsx',
			bytes: await memberListXlsx(list)
		});
		const view = await getImport({ db }, actor, { cohortId: c.id, batchId });
		await decideCooperatives({ db }, actor, {
			cohortId: c.id,
			batchId,
			decisions: Object.fromEntries(
				view.evaluation!.questions.map((q) => [
					q.key,
					{ kind: 'new', federationId: fed.id, department: 'LP' }
				])
			)
		});
		const before = await counts();
		// The 1,100th person (third chunk of 500) is refused by the database.
		const ci = String(list.rows[1099]![4]);
		await db.execute(
			sql.raw(`create function minka_test_fail_ci() returns trigger language plpgsql as $$
			begin if new.ci_number = '${ci}' then raise exception 'refused (simulated)'; end if; return new; end $$`)
		);
		await db.execute(
			sql`create trigger minka_test_fail_ci before insert on person for each row execute function minka_test_fail_ci()`
		);
		await expect(commitImport({ db }, actor, { cohortId: c.id, batchId })).rejects.toThrow();
		expect(await counts()).toEqual(before);
		await db.execute(sql`drop trigger minka_test_fail_ci on person`);
	});
});
