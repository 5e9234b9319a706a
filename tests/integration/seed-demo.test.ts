import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAuth } from '../../src/lib/server/auth/auth';
import { signIn } from '../../src/lib/server/auth/sign-in';
import type { DbHandle } from '../../src/lib/server/db/client';
import { DEMO_ACCOUNTS, seedDemo } from '../../src/lib/server/db/seed-demo';
import { createTestDb } from '../helpers/db';

let handle: DbHandle;
beforeAll(async () => {
	handle = await createTestDb();
	await seedDemo(handle.db);
});
afterAll(() => handle.close());

const count = async (q: ReturnType<typeof sql>) =>
	Number((await handle.db.execute<{ n: number }>(q)).rows[0]!.n);

describe('demo data', () => {
	it('has the programme, three federations, six cooperatives and about 30 members of both sexes', async () => {
		expect(
			await count(
				sql`select count(*)::int n from programme where name = 'Fortalecimiento de cooperativas mineras'`
			)
		).toBe(1);
		expect(
			await count(
				sql`select count(*)::int n from federation where short_name in ('FENCOMIN','FERRECO','FECOMAN')`
			)
		).toBe(3);
		expect(await count(sql`select count(*)::int n from cooperative`)).toBe(6);
		const people = await count(sql`select count(*)::int n from person`);
		expect(people).toBeGreaterThanOrEqual(28);
		expect(
			await count(sql`select count(*)::int n from person where sex = 'F'`)
		).toBeGreaterThanOrEqual(10);
		expect(
			await count(sql`select count(*)::int n from person where sex = 'M'`)
		).toBeGreaterThanOrEqual(10);
		expect(await count(sql`select count(*)::int n from team`)).toBe(6);
		expect(await count(sql`select count(*)::int n from enrolment`)).toBe(people);
	});

	it('has one account per role, each able to sign in with the documented password', async () => {
		const roles = await handle.db.execute<{ role: string }>(
			sql`select distinct role from role_assignment`
		);
		expect(roles.rows.map((r) => r.role).sort()).toEqual(
			[
				'admin',
				'cooperative_lead',
				'coordinator',
				'facilitator',
				'federation_focal_point',
				'participant'
			].sort()
		);
		const auth = createAuth(handle.db, {
			secret: 'y'.repeat(40),
			baseURL: 'http://localhost:3000'
		});
		for (const a of DEMO_ACCOUNTS) {
			const r = await signIn(
				{ db: handle.db, auth },
				{ identifier: a.username, password: a.password, ip: '127.0.0.1', headers: new Headers() }
			);
			expect(r.userId).toBeTruthy();
		}
	});
});
