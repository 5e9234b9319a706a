// Runs of the backup inside the server: claimed once (a scheduled day, an admin's form id), each
// verified after it is written, old files removed by the retention rule, and the status the
// admin's home and /healthz show.
import { eq, sql } from 'drizzle-orm';
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
	getBackupFile,
	listBackups,
	startBackupNow
} from '../../src/lib/server/backup/admin-backups';
import { getBackupStatus } from '../../src/lib/server/backup/backup-status';
import { runBackup, type BackupDeps } from '../../src/lib/server/backup/run-backup';
import { startBackupSchedule } from '../../src/lib/server/backup/schedule';
import type { DbHandle } from '../../src/lib/server/db/client';
import { auditLog, backupRun, federation } from '../../src/lib/server/db/schema';
import { makeActor } from '../factories/org';
import { createTestDb } from '../helpers/db';

const tmp = mkdtempSync(join(tmpdir(), 'minka-backup-runs-'));
let handle: DbHandle;
let deps: BackupDeps;

beforeAll(async () => {
	handle = await createTestDb();
	await handle.db
		.insert(federation)
		.values({ name: 'Federación Norte', shortName: 'FN', level: 'national' });
	writeFileSync(join(tmp, 'auth-secret'), 'x'.repeat(40));
	deps = {
		db: handle.db,
		kind: handle.kind,
		dataDir: tmp,
		backupDir: join(tmp, 'backups'),
		authSecretFromEnv: false,
		databaseUrl: process.env.DATABASE_URL,
		keep: { daily: 2, weekly: 0 },
		contentVersion: async () => 'v-test'
	};
}, 240_000);
afterAll(async () => {
	await handle?.close();
	rmSync(tmp, { recursive: true, force: true });
});

describe('backup runs', { timeout: 120_000 }, () => {
	it('shows a missing backup before the first one', async () => {
		const s = await getBackupStatus(handle.db);
		expect(s.state).toBe('missing');
		expect(s.last).toBeNull();
	});

	it('writes, verifies and records a run; a re-posted form makes no second one', async () => {
		const clientId = '5b1c2d3e-4f50-4a6b-8c7d-9e0f1a2b3c4d';
		const first = await runBackup(deps, { trigger: 'admin', clientId });
		expect(first.claimed).toBe(true);
		expect(first.run).toMatchObject({ status: 'done', verifyOk: true, trigger: 'admin' });
		expect(existsSync(join(deps.backupDir, first.run!.fileName!))).toBe(true);
		const again = await runBackup(deps, { trigger: 'admin', clientId });
		expect(again.claimed).toBe(false);
		expect(again.run?.id).toBe(first.run!.id);
		const s = await getBackupStatus(handle.db);
		expect(s.state).toBe('ok');
		expect(s.last).toMatchObject({ id: first.run!.id, verified: true });
	});

	it('runs the day once however many processes tick, then keeps only what the rule says', async () => {
		// Two schedulers, as two server processes on one database, at 02:00 La Paz on two days.
		for (const iso of ['2026-12-06T06:00:00Z', '2026-12-07T06:00:00Z']) {
			const clock = () => new Date(iso);
			const a = startBackupSchedule(deps, 2, clock);
			const b = startBackupSchedule(deps, 2, clock);
			await Promise.all([a.tick(), b.tick(), a.tick()]);
			a.stop();
			b.stop();
		}
		const scheduled = await handle.db
			.select()
			.from(backupRun)
			.where(eq(backupRun.trigger, 'scheduled'));
		expect(scheduled.map((r) => r.scheduledFor).sort()).toEqual(['2026-12-06', '2026-12-07']);
		// Three backups on two or three days: the newest of the last two days stay.
		const live = await handle.db
			.select()
			.from(backupRun)
			.where(sql`${backupRun.deletedAt} is null and ${backupRun.status} = 'done'`);
		const files = readdirSync(deps.backupDir).filter((f) => f.endsWith('.minka-backup'));
		expect(files.sort()).toEqual(live.map((r) => r.fileName).sort());
		expect(live.length).toBe(2);
	});

	it('lets an admin list, start (once per form) and download backups, audited', async () => {
		const admin = await makeActor(handle.db, 'admin');
		const coordinator = await makeActor(handle.db, 'coordinator');
		const listDeps = { db: handle.db, backupDir: deps.backupDir };
		await expect(listBackups(listDeps, coordinator)).rejects.toMatchObject({ code: 'forbidden' });
		await expect(startBackupNow(deps, admin, 'not-an-id')).rejects.toMatchObject({
			code: 'invalid_input'
		});
		const clientId = '0a1b2c3d-4e5f-4a6b-8c7d-000000000001';
		const [first, second] = await Promise.all([
			startBackupNow(deps, admin, clientId),
			startBackupNow(deps, admin, clientId)
		]);
		expect(first.id).toBe(second.id);
		expect([first.started, second.started].sort()).toEqual([false, true]);
		// It runs in the background: wait for it to be written and checked.
		let item;
		for (let i = 0; i < 600; i++) {
			item = (await listBackups(listDeps, admin)).items.find((x) => x.id === first.id);
			if (item?.status !== 'running' && item?.verifyOk !== null) break;
			await new Promise((r) => setTimeout(r, 100));
		}
		expect(item).toMatchObject({
			status: 'done',
			verifyOk: true,
			available: true,
			trigger: 'admin'
		});
		await expect(getBackupFile(listDeps, coordinator, first.id)).rejects.toMatchObject({
			code: 'forbidden'
		});
		const file = await getBackupFile(listDeps, admin, first.id);
		expect(existsSync(file.path)).toBe(true);
		const audit = await handle.db
			.select({ action: auditLog.action })
			.from(auditLog)
			.where(eq(auditLog.entityId, first.id));
		expect(audit.map((a) => a.action).sort()).toEqual(['backup.create', 'backup.download']);
	});

	it('records a failed run and shows it', async () => {
		// A file where the backup directory should be: the backup cannot be written.
		const blocked = join(tmp, 'blocked');
		writeFileSync(blocked, '');
		const r = await runBackup({ ...deps, backupDir: blocked }, { trigger: 'cli' });
		expect(r.run?.status).toBe('failed');
		expect(r.run?.error).toBeTruthy();
		const s = await getBackupStatus(handle.db);
		expect(s.state).toBe('failed');
		expect(s.lastFailure?.error).toBeTruthy();
		expect(s.last).not.toBeNull();
	});
});
