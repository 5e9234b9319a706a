import { parse } from 'csv-parse/sync';
import { and, eq } from 'drizzle-orm';
import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseAuditQuery, type AuditQuery } from '../../src/lib/domain/audit-query';
import type { Actor } from '../../src/lib/server/access/guard';
import { loadActor } from '../../src/lib/server/access/load-actor';
import { auditCsvColumns } from '../../src/lib/server/admin/audit-csv';
import { getAccount } from '../../src/lib/server/admin/get-account';
import { getServerStatus } from '../../src/lib/server/admin/get-server-status';
import { grantRole, removeRole } from '../../src/lib/server/admin/grant-role';
import { accountListSpec, listAccounts } from '../../src/lib/server/admin/list-accounts';
import { endSessions, lockAccount, unlockAccount } from '../../src/lib/server/admin/lock-account';
import { AUDIT_PAGE, auditBatches, searchAudit } from '../../src/lib/server/admin/search-audit';
import { recordAudits } from '../../src/lib/server/audit/record-audit';
import { createAuth, type Auth } from '../../src/lib/server/auth/auth';
import { createAccount } from '../../src/lib/server/auth/create-account';
import { signIn } from '../../src/lib/server/auth/sign-in';
import { whoIsAsking } from '../../src/lib/server/auth/who-is-asking';
import type { Db, DbHandle } from '../../src/lib/server/db/client';
import { auditLog, roleAssignment, session, user } from '../../src/lib/server/db/schema';
import { csvStream, streamToBuffer } from '../../src/lib/server/export/write-table';
import { parseListQuery } from '../../src/lib/domain/list-query';
import { createTestDb } from '../helpers/db';
import { makeActor, makeCohort, makeWorld } from '../factories/org';

let handle: DbHandle;
let db: Db;
let auth: Auth;
let admin: Actor;
let coordinator: Actor;
const PASSWORD = 'contraseña-segura';

// The CLI acts as an admin with no account of its own: the one actor that could lock the last.
const cliAdmin: Actor = {
	userId: 'system:cli',
	personId: null,
	grants: [{ role: 'admin', cohortId: null, federationId: null, cooperativeId: null }]
};

let ip = 0;
async function signedIn(username: string) {
	const { setCookies } = await signIn(
		{ db, auth },
		{
			identifier: username,
			password: PASSWORD,
			ip: `10.7.0.${++ip}`,
			headers: new Headers({ origin: 'http://localhost:3000' })
		}
	);
	return new Headers({ cookie: setCookies.map((c) => c.split(';')[0]).join('; ') });
}
const ask = (headers: Headers) => whoIsAsking({ db, auth }, headers);
const usernameOf = async (id: string) =>
	(await db.select({ u: user.username }).from(user).where(eq(user.id, id)))[0]!.u;
const revisionOf = async (id: string) => (await getAccount({ db }, admin, id)).revision;
const fields = (e: unknown) => (e as { fields?: Record<string, string> }).fields;

beforeAll(async () => {
	handle = await createTestDb();
	db = handle.db;
	auth = createAuth(db, { secret: 'y'.repeat(40), baseURL: 'http://localhost:3000' });
	admin = await makeActor(db, 'admin');
	coordinator = await makeActor(db, 'coordinator');
});
afterAll(async () => {
	await handle.close();
});

describe('admin console: the last admin and oneself', () => {
	// First in the file: `admin` is the only admin account so far.
	it('never locks nor takes the role from the last unlocked admin', async () => {
		const rev = await revisionOf(admin.userId);
		await expect(
			lockAccount({ db }, cliAdmin, { userId: admin.userId, revision: rev })
		).rejects.toSatisfy((e) => fields(e)?._ === 'admin_last_admin');
		const [adminRole] = await db
			.select({ id: roleAssignment.id })
			.from(roleAssignment)
			.where(and(eq(roleAssignment.userId, admin.userId), eq(roleAssignment.role, 'admin')));
		await expect(
			removeRole({ db }, cliAdmin, {
				userId: admin.userId,
				revision: rev,
				assignmentId: adminRole!.id
			})
		).rejects.toSatisfy((e) => fields(e)?._ === 'admin_last_admin');
		// Nothing was written: same revision, still unlocked, still admin.
		const after = await getAccount({ db }, admin, admin.userId);
		expect(after.revision).toBe(rev);
		expect(after.state).toBe('active');
		expect(after.roles.map((r) => r.role)).toEqual(['admin']);
	});

	it('refuses to lock oneself or remove one’s own admin role', async () => {
		const a = await getAccount({ db }, admin, admin.userId);
		expect(a.isSelf).toBe(true);
		expect(a.roles[0]!.canRemove).toBe(false);
		await expect(
			lockAccount({ db }, admin, { userId: admin.userId, revision: a.revision })
		).rejects.toSatisfy((e) => fields(e)?._ === 'admin_self_lock');
		await expect(
			removeRole({ db }, admin, {
				userId: admin.userId,
				revision: a.revision,
				assignmentId: a.roles[0]!.id
			})
		).rejects.toSatisfy((e) => fields(e)?._ === 'admin_self_admin');
	});

	it('lets one admin lock another while one stays', async () => {
		const other = await makeActor(db, 'admin');
		await lockAccount({ db }, admin, { userId: other.userId, revision: 0 });
		expect(await loadActor(db, other.userId)).toBeNull();
	});
});

describe('admin console: locking and sessions', () => {
	it('lock ends every session at once; the session no longer resolves; unlock lets them in', async () => {
		const member = await makeActor(db, 'participant');
		const username = await usernameOf(member.userId);
		const phone = await signedIn(username);
		const laptop = await signedIn(username);
		// Both resolve, and are now remembered by the who-is-asking cache.
		expect((await ask(phone))?.user.id).toBe(member.userId);
		expect((await ask(laptop))?.user.id).toBe(member.userId);
		const before = await getAccount({ db }, admin, member.userId);
		expect(before.openSessions).toBe(2);
		expect(before.lastSignInAt).not.toBeNull();

		const { sessionsEnded } = await lockAccount({ db }, admin, {
			userId: member.userId,
			revision: before.revision
		});
		expect(sessionsEnded).toBe(2);
		expect(await db.select().from(session).where(eq(session.userId, member.userId))).toEqual([]);
		expect(await ask(phone)).toBeNull();
		expect(await ask(laptop)).toBeNull();
		await expect(signedIn(username)).rejects.toMatchObject({ code: 'invalid_credentials' });
		const locked = await getAccount({ db }, admin, member.userId);
		expect(locked.state).toBe('locked');

		// The same form posted again does nothing twice.
		await expect(
			lockAccount({ db }, admin, { userId: member.userId, revision: before.revision })
		).rejects.toSatisfy((e) => fields(e)?._ === 'admin_already_locked');

		await unlockAccount({ db }, admin, { userId: member.userId, revision: locked.revision });
		await expect(
			unlockAccount({ db }, admin, { userId: member.userId, revision: locked.revision })
		).rejects.toSatisfy((e) => fields(e)?._ === 'admin_not_locked');
		const again = await signedIn(username);
		expect((await ask(again))?.user.id).toBe(member.userId);
		// The old sessions stay ended.
		expect(await ask(phone)).toBeNull();

		const lines = await db
			.select({ action: auditLog.action, changes: auditLog.changes, by: auditLog.actorUserId })
			.from(auditLog)
			.where(and(eq(auditLog.entity, 'user'), eq(auditLog.entityId, member.userId)));
		expect(lines.filter((l) => l.action === 'lock')).toEqual([
			{ action: 'lock', changes: { sessions: 2 }, by: admin.userId }
		]);
		expect(lines.filter((l) => l.action === 'unlock')).toHaveLength(1);
	});

	it('ends all sessions without locking; a stale form writes nothing', async () => {
		const member = await makeActor(db, 'participant');
		const username = await usernameOf(member.userId);
		const a = await signedIn(username);
		const b = await signedIn(username);
		expect(await ask(a)).not.toBeNull();
		const rev = await revisionOf(member.userId);
		expect(
			(await endSessions({ db }, admin, { userId: member.userId, revision: rev })).sessionsEnded
		).toBe(2);
		expect(await ask(a)).toBeNull();
		expect(await ask(b)).toBeNull();
		expect((await getAccount({ db }, admin, member.userId)).state).toBe('active');
		// The form made before that change is stale now: nothing is written, the page says why.
		await expect(
			endSessions({ db }, admin, { userId: member.userId, revision: rev })
		).rejects.toMatchObject({ code: 'conflict', fields: { _: 'admin_stale' } });
		await expect(
			lockAccount({ db }, admin, { userId: member.userId, revision: rev })
		).rejects.toMatchObject({ code: 'conflict' });
		expect((await getAccount({ db }, admin, member.userId)).state).toBe('active');
		await expect(
			lockAccount({ db }, admin, { userId: member.userId, revision: 'x' })
		).rejects.toMatchObject({ code: 'invalid_input' });
		await expect(
			lockAccount({ db }, admin, { userId: 'no-such-account', revision: 0 })
		).rejects.toMatchObject({ code: 'not_found' });
	});
});

describe('admin console: roles', () => {
	it('grants and removes roles in their scope; the next request sees them', async () => {
		const w = await makeWorld(db);
		const { id: userId } = await createAccount(
			db,
			{ name: 'Rosa', username: 'rosaadmin', personId: w.p1a.id, password: PASSWORD },
			null
		);
		const headers = await signedIn('rosaadmin');
		const roles = async () => (await ask(headers))!.actor.grants.map((g) => g.role).sort();
		expect(await roles()).toEqual([]);

		const a = await getAccount({ db }, admin, userId);
		// A lead leads their own cooperative: the only place offered.
		expect(a.grantable.find((g) => g.role === 'cooperative_lead')?.options).toEqual([
			{ id: w.coop1.id, name: w.coop1.shortName }
		]);
		await grantRole({ db }, admin, {
			userId,
			revision: a.revision,
			role: 'facilitator',
			scopeId: w.cohortA.id
		});
		expect(await roles()).toEqual(['facilitator']);
		const b = await getAccount({ db }, admin, userId);
		expect(b.roles).toMatchObject([{ role: 'facilitator', scope: w.cohortA.name }]);
		// What it holds is not offered again.
		const cohorts = b.grantable.find((g) => g.role === 'facilitator')!.options.map((o) => o.id);
		expect(cohorts).toContain(w.cohortB.id);
		expect(cohorts).not.toContain(w.cohortA.id);

		// Refusals: no scope, an unknown role, a role already held.
		await expect(
			grantRole({ db }, admin, { userId, revision: b.revision, role: 'facilitator' })
		).rejects.toSatisfy((e) => fields(e)?.scopeId === 'admin_scope_required');
		await expect(
			grantRole({ db }, admin, { userId, revision: b.revision, role: 'superuser' })
		).rejects.toSatisfy((e) => fields(e)?.role === 'admin_role_invalid');
		await expect(
			grantRole({ db }, admin, {
				userId,
				revision: b.revision,
				role: 'facilitator',
				scopeId: w.cohortA.id
			})
		).rejects.toSatisfy((e) => fields(e)?.role === 'admin_already_held');

		await removeRole({ db }, admin, { userId, revision: b.revision, assignmentId: b.roles[0]!.id });
		expect(await roles()).toEqual([]);
		const actions = await db
			.select({ action: auditLog.action, changes: auditLog.changes })
			.from(auditLog)
			.where(and(eq(auditLog.entity, 'user'), eq(auditLog.entityId, userId)));
		expect(actions).toEqual(
			expect.arrayContaining([
				{ action: 'grant_role', changes: { roles: ['facilitator'], cohortId: w.cohortA.id } },
				{ action: 'remove_role', changes: { roles: ['facilitator'], cohortId: w.cohortA.id } }
			])
		);
	});

	it('refuses every console function to anyone but an admin', async () => {
		const cohort = await makeCohort(db);
		const target = await makeActor(db, 'participant');
		const facilitator = await makeActor(db, 'facilitator', { cohortId: cohort.id });
		const query = parseListQuery(new URLSearchParams(), accountListSpec);
		for (const who of [coordinator, facilitator, target, null]) {
			const w = { userId: target.userId, revision: 0 };
			const calls = [
				() => lockAccount({ db }, who, w),
				() => unlockAccount({ db }, who, w),
				() => endSessions({ db }, who, w),
				() => grantRole({ db }, who, { ...w, role: 'participant' }),
				() => removeRole({ db }, who, { ...w, assignmentId: target.userId }),
				() => getAccount({ db }, who, target.userId),
				() => listAccounts({ db }, who, query),
				() => searchAudit({ db }, who, parseAuditQuery(new URLSearchParams()), 'es'),
				() =>
					getServerStatus({ db, kind: handle.kind, dataDir: tmpdir(), contentVersion: 'x' }, who)
			];
			for (const call of calls)
				await expect(call()).rejects.toMatchObject({
					code: who ? 'forbidden' : 'unauthenticated'
				});
		}
		expect((await getAccount({ db }, admin, target.userId)).revision).toBe(0);
	});
});

describe('admin console: accounts list', () => {
	it('finds accounts by name, username, phone and e-mail, and filters by state', async () => {
		await createAccount(
			db,
			{
				name: 'Ñusta Condori',
				username: 'ncondori',
				phone: '71234567',
				email: 'Nusta@Example.org',
				password: PASSWORD
			},
			null
		);
		const find = async (q: string, extra: Record<string, string> = {}) =>
			(
				await listAccounts(
					{ db },
					admin,
					parseListQuery(new URLSearchParams({ q, ...extra }), accountListSpec)
				)
			).rows.map((r) => r.username);
		expect(await find('nusta condo')).toEqual(['ncondori']);
		expect(await find('NCONDORI')).toEqual(['ncondori']);
		expect(await find('712 345')).toEqual(['ncondori']);
		expect(await find('nusta@example')).toEqual(['ncondori']);
		expect(await find('ncondori', { status: 'locked' })).toEqual([]);
		expect(await find('ncondori', { status: 'active' })).toEqual(['ncondori']);
		const all = await listAccounts(
			{ db },
			admin,
			parseListQuery(new URLSearchParams({ role: 'admin' }), accountListSpec)
		);
		expect(all.rows.every((r) => r.roles.includes('admin'))).toBe(true);
		expect(all.rows.some((r) => r.state === 'locked')).toBe(true);
	});
});

describe('admin console: audit log', () => {
	const q = (params: Record<string, string>): AuditQuery =>
		parseAuditQuery(new URLSearchParams(params));

	it('searches by person, record, action and date, a page at a time', async () => {
		const actor = await makeActor(db, 'coordinator');
		const name = (await db.select({ n: user.name }).from(user).where(eq(user.id, actor.userId)))[0]!
			.n;
		// 120 lines in one statement share one time: the cursor still gives each exactly once.
		await recordAudits(
			db,
			actor,
			Array.from({ length: 120 }, (_, i) => ({
				action: 'update',
				entity: 'cohort' as const,
				entityId: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
				changes: { name: { from: `A${i}`, to: `B${i}` } }
			}))
		);
		const seen = new Set<string>();
		let query = q({ who: name });
		for (let pages = 0; ; pages++) {
			const page = await searchAudit({ db }, admin, query, 'es');
			for (const r of page.rows) {
				expect(r.who).toBe(name);
				seen.add(r.id);
			}
			if (!page.next) {
				expect(pages).toBe(2);
				expect(page.rows).toHaveLength(120 - 2 * AUDIT_PAGE);
				break;
			}
			expect(page.rows).toHaveLength(AUDIT_PAGE);
			query = { ...query, before: page.next };
		}
		expect(seen.size).toBe(120);

		const one = await searchAudit(
			{ db },
			admin,
			q({ entity: 'cohort', entityId: '00000000-0000-4000-8000-000000000007' }),
			'es'
		);
		expect(one.rows).toHaveLength(1);
		expect(one.rows[0]!.details).toEqual([{ label: 'Nombre', value: 'A7 → B7' }]);

		const locks = await searchAudit({ db }, admin, q({ action: 'lock' }), 'es');
		expect(locks.rows.length).toBeGreaterThan(0);
		expect(locks.rows.every((r) => r.action === 'lock')).toBe(true);
		expect(locks.rows[0]!.title).toMatch(/^Bloqueó la cuenta de /);

		const byUser = await searchAudit({ db }, admin, q({ user: admin.userId }), 'es');
		expect(byUser.rows.length).toBeGreaterThan(0);
		expect(
			byUser.rows.every(
				(r) =>
					r.actorUserId === admin.userId || (r.entity === 'user' && r.entityId === admin.userId)
			)
		).toBe(true);

		// Days are Bolivian days: today finds them, tomorrow and last year find nothing.
		const today = new Date(Date.now() - 4 * 3_600_000).toISOString().slice(0, 10);
		const tomorrow = new Date(Date.now() + 20 * 3_600_000).toISOString().slice(0, 10);
		const inRange = await searchAudit(
			{ db },
			admin,
			q({ who: name, from: today, to: today }),
			'es'
		);
		expect(inRange.rows).toHaveLength(AUDIT_PAGE);
		expect((await searchAudit({ db }, admin, q({ who: name, from: tomorrow }), 'es')).rows).toEqual(
			[]
		);
		expect(
			(await searchAudit({ db }, admin, q({ who: name, to: '2025-01-01' }), 'es')).rows
		).toEqual([]);
		// A malformed cursor or date is ignored, never a failed query.
		expect(q({ before: 'bm90IGEgY3Vyc29y', from: '2026-02-31' })).toMatchObject({
			before: null,
			from: null
		});
	});

	it('exports the search as CSV, every line, with the same filters', async () => {
		const stream = csvStream(
			auditCsvColumns('es'),
			auditBatches({ db }, admin, q({ action: 'update', entity: 'cohort' }), 'es')
		);
		const text = (await streamToBuffer(stream)).toString('utf8');
		expect(text.startsWith('\uFEFF')).toBe(true);
		const rows = parse(text.slice(1)) as string[][];
		expect(rows[0]).toEqual([
			'Cuándo (UTC)',
			'Quién',
			'Usuario',
			'Acción',
			'Tipo de registro',
			'Id del registro',
			'Qué pasó',
			'Cambios (JSON)'
		]);
		expect(rows).toHaveLength(121);
		const line = rows.find((r) => r[5] === '00000000-0000-4000-8000-000000000042')!;
		expect(line[3]).toBe('update');
		expect(line[6]).toBe('Cambió datos; Nombre: A42 → B42');
		expect(JSON.parse(line[7]!)).toEqual({ name: { from: 'A42', to: 'B42' } });
		expect(() => auditBatches({ db }, coordinator, q({}), 'es')).toThrow('audit.read_all');
	});
});

describe('admin console: server status', () => {
	it('tells version, migration level, database kind and size, disk and uptime', async () => {
		const dir = join(tmpdir());
		const s = await getServerStatus(
			{
				db,
				kind: handle.kind,
				dataDir: dir,
				contentVersion: 'abc123',
				lastBackup: async () => ({ at: '2026-12-01T08:00:00.000Z', state: 'ok' })
			},
			admin
		);
		const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as { version: string };
		const journal = JSON.parse(readFileSync('drizzle/meta/_journal.json', 'utf8')) as {
			entries: Array<{ tag: string }>;
		};
		expect(s.version).toBe(pkg.version);
		expect(s.migrations).toEqual({
			applied: journal.entries.length,
			known: journal.entries.length,
			latest: journal.entries.at(-1)!.tag
		});
		expect(s.contentVersion).toBe('abc123');
		expect(s.database.kind).toBe(process.env.DATABASE_URL ? 'postgres' : 'pglite');
		expect(s.database.sizeBytes).toBeGreaterThan(1_000_000);
		expect(s.disk?.freeBytes).toBeGreaterThan(0);
		expect(s.disk!.totalBytes).toBeGreaterThanOrEqual(s.disk!.freeBytes);
		expect(s.uptimeSeconds).toBeGreaterThanOrEqual(0);
		expect(s.lastBackup?.state).toBe('ok');
		const missing = await getServerStatus(
			{ db, kind: handle.kind, dataDir: join(dir, 'no-such-dir-here'), contentVersion: 'x' },
			admin
		);
		expect(missing.disk).toBeNull();
		expect(missing.lastBackup).toBeNull();
	});
});
