// `npm run -s minka -- backup | backup:verify | restore`, run as an operator would: child
// processes on a PGlite directory of their own.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cliRunner, pgliteCliEnv } from '../helpers/cli';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDb, pgliteDir } from '../../src/lib/server/db/client';
import { migrate } from '../../src/lib/server/db/migrate';
import { startControlSocket } from '../../src/lib/server/backup/control-socket';
import { parseEnv } from '../../src/lib/server/env';
import { federation } from '../../src/lib/server/db/schema';

const tmp = mkdtempSync(join(tmpdir(), 'minka-backup-cli-'));
const { dataDir, env } = pgliteCliEnv('backup-cli-data');

const cli = cliRunner(env);
async function minka(...args: string[]) {
	const r = await cli(...args);
	return {
		code: r.code,
		out: JSON.parse(r.stdout || '{}') as Record<string, unknown>,
		stderr: r.stderr
	};
}

beforeAll(async () => {
	const h = await openDb({ dir: pgliteDir(dataDir) });
	await migrate(h);
	await h.db
		.insert(federation)
		.values({ name: 'Federación Sur', shortName: 'FS', level: 'national' });
	await h.close();
}, 400_000);
afterAll(() => {
	rmSync(tmp, { recursive: true, force: true });
	rmSync(dataDir, { recursive: true, force: true });
});

describe('minka backup commands', { timeout: 600_000 }, () => {
	it('refuses while another process has the PGlite directory open, then backs up, verifies and restores', async () => {
		const held = await openDb({ dir: pgliteDir(dataDir) });
		let busy;
		try {
			busy = await minka('backup', '--json');
		} finally {
			await held.close();
		}
		expect(busy.code).toBe(3);
		expect(busy.out).toMatchObject({ ok: false, error: 'data_dir_in_use' });

		// A server holding the directory answers on its control socket: it makes the backup.
		const serving = await openDb({ dir: pgliteDir(dataDir) });
		const control = startControlSocket(serving, {
			...parseEnv({ DATA_DIR: dataDir }),
			DATA_DIR: dataDir,
			AUTH_SECRET: 'x'.repeat(32),
			AUTH_SECRET_FROM_ENV: false,
			BACKUP_DIR: join(dataDir, 'backups')
		})!;
		let byServer;
		try {
			await new Promise((r) => setTimeout(r, 100));
			byServer = await minka('backup', '--out', join(tmp, 'by-server'), '--json');
		} finally {
			control.stop();
			await serving.close();
		}
		expect(byServer.code).toBe(0);
		expect(byServer.out).toMatchObject({ ok: true, rows: { federation: 1 } });
		expect(String(byServer.out.file)).toContain(join(tmp, 'by-server'));

		const made = await minka('backup', '--json');
		expect(made.code).toBe(0);
		expect(made.out).toMatchObject({ ok: true, rows: { federation: 1 } });
		const file = made.out.file as string;

		const verified = await minka('backup:verify', file, '--json');
		expect(verified.code).toBe(0);
		expect(verified.out).toMatchObject({ ok: true, checksum: 'ok', recorded: true });

		// One byte flipped: refused, and the target stays empty.
		const bad = join(tmp, 'bad.minka-backup');
		const bytes = readFileSync(file);
		bytes[100] = bytes[100]! ^ 0xff;
		writeFileSync(bad, bytes);
		const refused = await minka('restore', bad, '--into', join(tmp, 'other'), '--json');
		expect(refused.code).toBe(3);
		expect(refused.out).toMatchObject({ ok: false, error: 'checksum_mismatch' });

		const restored = await minka('restore', file, '--into', join(tmp, 'other'), '--json');
		expect(restored.code).toBe(0);
		expect(restored.out).toMatchObject({ ok: true, target: 'pglite', rows: { federation: 1 } });
		expect(readFileSync(join(tmp, 'other', 'auth-secret'), 'utf8')).toBe(
			readFileSync(join(dataDir, 'auth-secret'), 'utf8')
		);
	});
});
