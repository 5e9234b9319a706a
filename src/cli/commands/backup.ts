import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { BackupError } from '../../lib/server/backup/archive';
import { backupNow, hasRunTable, type BackupSummary } from '../../lib/server/backup/backup-now';
import { askServerForBackup } from '../../lib/server/backup/control-socket';
import { recordVerification } from '../../lib/server/backup/run-backup';
import { restoreBackup } from '../../lib/server/backup/restore-backup';
import { verifyBackup } from '../../lib/server/backup/verify-backup';
import { DataDirInUseError, openDb, pgliteDir, type DbHandle } from '../../lib/server/db/client';
import { env, parseEnv } from '../../lib/server/env';
import { parseArgs } from '../args';
import type { Command } from '../registry';

/** Exit code for a refusal (damaged file, newer backup, non-empty target, database in use). */
const REFUSED = 3;

function loadDotEnv() {
	if (existsSync('.env')) process.loadEnvFile('.env');
}

function print(json: boolean, value: Record<string, unknown>, text: string) {
	process.stdout.write(json ? `${JSON.stringify(value, null, 2)}\n` : `${text}\n`);
}

/** A refusal is reported (as JSON with --json) with its code; anything else is thrown. */
function refuse(json: boolean, e: unknown): number {
	if (e instanceof BackupError || e instanceof DataDirInUseError) {
		const code = e instanceof BackupError ? e.code : 'data_dir_in_use';
		if (json)
			process.stdout.write(
				`${JSON.stringify({ ok: false, error: code, message: e.message }, null, 2)}\n`
			);
		else process.stderr.write(`${e.message}\n`);
		return REFUSED;
	}
	throw e;
}

/** The configured database, as it is (a backup must not migrate what it copies). */
async function openConfigured(): Promise<DbHandle> {
	const e = env();
	return openDb({ url: e.DATABASE_URL, dir: e.DATABASE_URL ? undefined : pgliteDir(e.DATA_DIR) });
}

/** `backup [--out DIR] [--json]` */
export const backupCommand: Command = {
	summary: 'write a backup file (database, files, auth secret) [--out DIR] [--json]',
	async run(args) {
		const { options, positionals } = parseArgs(args);
		const json = options.json === true;
		if (positionals.length || options.out === true) {
			process.stderr.write('Usage: npm run -s minka -- backup [--out DIR] [--json]\n');
			return 2;
		}
		loadDotEnv();
		const e = env();
		const outDir = typeof options.out === 'string' ? resolve(options.out) : e.BACKUP_DIR;
		let handle: DbHandle;
		try {
			handle = await openConfigured();
		} catch (err) {
			// A server holds the PGlite directory: it makes the backup for us, while it runs.
			if (err instanceof DataDirInUseError) {
				const r = await askServerForBackup(e.DATA_DIR, outDir);
				if (r?.ok) return report(json, r);
				if (r) {
					print(json, r, r.message);
					return r.error === 'busy' ? REFUSED : 1;
				}
			}
			return refuse(json, err);
		}
		try {
			return report(json, await backupNow(handle, e, outDir));
		} finally {
			await handle.close();
		}
	}
};

function report(json: boolean, r: BackupSummary): number {
	print(json, { ...r }, `Backup written: ${r.file} (${r.size} bytes, sha256 ${r.sha256})`);
	return 0;
}

/** `restore FILE [--into DATA_DIR | --database URL] [--replace] [--json]` */
export const restoreCommand: Command = {
	summary: 'restore a backup file into an empty database [--into DIR | --database URL] [--replace]',
	async run(args) {
		const { options, positionals } = parseArgs(args);
		const json = options.json === true;
		const [file, ...rest] = positionals;
		const into = options.into;
		const database = options.database;
		if (
			!file ||
			rest.length ||
			into === true ||
			database === true ||
			(into !== undefined && database !== undefined) ||
			(typeof database === 'string' && !/^postgres(ql)?:\/\//.test(database))
		) {
			process.stderr.write(
				'Usage: npm run -s minka -- restore FILE [--into DATA_DIR | --database postgres://…] [--replace] [--json]\n'
			);
			return 2;
		}
		if (!existsSync(file)) {
			process.stderr.write(`No such file: ${file}\n`);
			return 2;
		}
		loadDotEnv();
		// Not env(): it would make an auth secret in the target before the backup's arrives.
		const parsed = parseEnv(process.env);
		const dataDir = resolve(typeof into === 'string' ? into : parsed.DATA_DIR);
		const url =
			typeof database === 'string'
				? database
				: typeof into === 'string'
					? undefined
					: parsed.DATABASE_URL;
		let handle: DbHandle;
		try {
			handle = await openDb({ url, dir: url ? undefined : pgliteDir(dataDir) });
		} catch (err) {
			return refuse(json, err);
		}
		try {
			const r = await restoreBackup(resolve(file), handle, dataDir, {
				replace: options.replace === true
			});
			const rows = Object.fromEntries(r.tables.map((t) => [t.name, t.actual]));
			print(
				json,
				{
					ok: true,
					sha256: r.sha256,
					target: handle.kind,
					dataDir,
					migrations: r.migrations,
					files: r.files,
					authSecret: r.manifest.authSecret,
					rows
				},
				`Restored ${r.tables.reduce((a, t) => a + t.actual, 0)} rows and ${r.files} files into ${handle.kind} (${dataDir}); ${r.migrations.applied} pending migrations applied.` +
					(r.manifest.authSecret === 'env'
						? '\nThe backup was made with AUTH_SECRET from the environment: set the same value here.'
						: '')
			);
			return 0;
		} catch (err) {
			return refuse(json, err);
		} finally {
			await handle.close();
		}
	}
};

/** `backup:verify FILE [--json]` */
export const backupVerifyCommand: Command = {
	summary: 'check a backup file by restoring it into a scratch database [--json]',
	async run(args) {
		const { options, positionals } = parseArgs(args);
		const json = options.json === true;
		const [file, ...rest] = positionals;
		if (!file || rest.length) {
			process.stderr.write('Usage: npm run -s minka -- backup:verify FILE [--json]\n');
			return 2;
		}
		if (!existsSync(file)) {
			process.stderr.write(`No such file: ${file}\n`);
			return 2;
		}
		loadDotEnv();
		const e = env();
		const report = await verifyBackup(resolve(file), { databaseUrl: e.DATABASE_URL });
		// Recorded on the run that wrote this file, when the database can be opened now.
		let recorded = false;
		try {
			const handle = await openConfigured();
			try {
				if (await hasRunTable(handle)) {
					await recordVerification(handle.db, report.sha256, report);
					recorded = true;
				}
			} finally {
				await handle.close();
			}
		} catch {
			recorded = false;
		}
		print(
			json,
			{ ...report, recorded },
			report.ok
				? `Backup verified: ${report.tables?.reduce((a, t) => a + t.actual, 0)} rows in ${report.tables?.length} tables, ${report.files} files, migrations ${report.migrations?.backup} → ${report.migrations?.code}.`
				: `Backup NOT verified: ${report.error}`
		);
		return report.ok ? 0 : REFUSED;
	}
};
