import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { cpSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb } from '../helpers/db';
import type { DbHandle } from '../../src/lib/server/db/client';
import { migrate } from '../../src/lib/server/db/migrate';

describe('migrations', () => {
	it('match the schema (a schema change without a committed migration fails here)', async () => {
		const out = mkdtempSync(join(tmpdir(), 'minka-drift-'));
		try {
			cpSync('drizzle', out, { recursive: true });
			const before = readdirSync(out).sort();
			await promisify(execFile)('npx', [
				'drizzle-kit',
				'generate',
				'--dialect',
				'postgresql',
				'--schema',
				'./src/lib/server/db/schema/index.ts',
				'--out',
				out,
				'--name',
				'drift'
			]);
			expect(readdirSync(out).sort()).toEqual(before);
		} finally {
			rmSync(out, { recursive: true, force: true });
		}
	});

	describe('applied to an empty database', () => {
		let handle: DbHandle;
		beforeAll(async () => {
			// Not from the run's migrated template: here the migrations build the schema.
			handle = await createTestDb({ fresh: true });
		});
		afterAll(() => handle.close());

		it('create every table of the data model', async () => {
			const rows = await handle.db.execute<{ table_name: string }>(
				sql`select table_name from information_schema.tables where table_schema = 'public'`
			);
			const names = rows.rows.map((r) => r.table_name);
			for (const t of [
				'federation',
				'cooperative',
				'person',
				'user',
				'session',
				'account',
				'programme',
				'cohort',
				'enrolment',
				'team',
				'role_assignment',
				'audit_log',
				'learning_event',
				'invitation'
			])
				expect(names).toContain(t);
		});

		it('can be applied again without change', async () => {
			await expect(migrate(handle)).resolves.toBeUndefined();
		});

		it('enforce role scopes in the database itself', async () => {
			// A facilitator must name a cohort: the check constraint refuses one without.
			await handle.db.execute(
				sql`insert into "user" (id, name, username) values ('u1', 'U', 'u1')`
			);
			await expect(
				handle.db.execute(
					sql`insert into role_assignment (user_id, role) values ('u1', 'facilitator')`
				)
			).rejects.toThrow();
			await expect(
				handle.db.execute(
					sql`insert into role_assignment (user_id, role) values ('u1', 'coordinator')`
				)
			).resolves.toBeDefined();
		});
	});
});
