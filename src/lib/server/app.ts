import { eq, sql } from 'drizzle-orm';
import { createAuth, type Auth } from './auth/auth';
import { backupDeps } from './backup/deps';
import { startControlSocket } from './backup/control-socket';
import { startBackupSchedule } from './backup/schedule';
import { openDb, pgliteDir, type Db, type DbHandle } from './db/client';
import { migrate } from './db/migrate';
import { user } from './db/schema';
import { DEMO_ACCOUNTS, seedDemo } from './db/seed-demo';
import { env, origin } from './env';
import { installPgLive } from './live/install-pg-live';
import { log } from './log';
import { configuredAdapters } from './outbox/adapters/configured';
import { startOutboxWorker } from './outbox/worker';

export interface App {
	db: Db;
	auth: Auth;
	handle: DbHandle;
	/** The PostgreSQL LISTEN connection (live bus, auth invalidations); none on PGlite. */
	live?: { close(): Promise<void> };
	/** The daily backup timer, when scheduled (BACKUP_SCHEDULE). */
	backups?: { stop(): void };
	/** Where `minka backup` asks for a backup while we hold PGlite (`backup/control-socket.ts`). */
	control?: { stop(): void };
	/** Plans reminders and sends the outbox (`outbox/worker.ts`), unless OUTBOX_WORKER=off. */
	outbox?: { stop(): void };
}

let opening: Promise<App> | undefined;

/**
 * The running application: database opened, migrated and (on a first start outside production)
 * loaded with the demo. Opened lazily on first use, never at import time, so `vite build` can
 * import server modules without touching a database.
 */
export function getApp(): Promise<App> {
	opening ??= open().catch((e) => {
		opening = undefined;
		throw e;
	});
	return opening;
}

async function open(): Promise<App> {
	const e = env();
	const handle = await openDb({
		url: e.DATABASE_URL,
		dir: e.DATABASE_URL ? undefined : pgliteDir(e.DATA_DIR)
	});
	await migrate(handle);
	log.info('database ready', { kind: handle.kind });
	const demoAllowed = e.DEMO === 'always' || (e.DEMO === 'auto' && e.NODE_ENV !== 'production');
	if (demoAllowed) {
		const [{ n }] = (await handle.db.select({ n: sql<number>`count(*)::int` }).from(user)) as [
			{ n: number }
		];
		if (n === 0) {
			await seedDemo(handle.db);
			log.info('demo loaded');
		}
		const [admin] = await handle.db
			.select({ id: user.id })
			.from(user)
			.where(eq(user.username, 'admin'));
		if (admin) printDemoAccounts();
	}
	// Several processes may share one PostgreSQL: runs and sign-outs reach them all.
	const live =
		handle.kind === 'postgres' && e.DATABASE_URL
			? await installPgLive(handle.db, e.DATABASE_URL, (message, error) =>
					log.warn(message, { error: String(error) })
				)
			: undefined;
	const scheduled =
		e.BACKUP_SCHEDULE === 'on' || (e.BACKUP_SCHEDULE === 'auto' && e.NODE_ENV === 'production');
	const backups = scheduled ? startBackupSchedule(backupDeps(handle, e), e.BACKUP_HOUR) : undefined;
	// PGlite is ours alone while we run: `minka backup` asks us through DATA_DIR/minka.sock.
	const control = handle.kind === 'pglite' ? startControlSocket(handle, e) : undefined;
	const outbox =
		e.OUTBOX_WORKER === 'on'
			? startOutboxWorker({ db: handle.db, adapters: configuredAdapters(e), origin: origin() })
			: undefined;
	return {
		db: handle.db,
		handle,
		live,
		backups,
		control,
		outbox,
		auth: createAuth(handle.db, { secret: e.AUTH_SECRET, baseURL: origin() })
	};
}

function printDemoAccounts() {
	const lines = DEMO_ACCOUNTS.map((a) => `  ${a.username.padEnd(14)} ${a.password}   ${a.label}`);
	process.stdout.write(`\nMinka demo accounts (username / password):\n${lines.join('\n')}\n\n`);
}

export async function closeApp(): Promise<void> {
	const current = opening;
	opening = undefined;
	if (!current) return;
	const app = await current.catch(() => undefined);
	app?.backups?.stop();
	app?.outbox?.stop();
	app?.control?.stop();
	await app?.live?.close();
	await app?.handle.close();
}
