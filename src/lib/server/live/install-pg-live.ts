import { sql } from 'drizzle-orm';
import { setWhoBroadcast, whoCache } from '../auth/who-is-asking';
import type { Db } from '../db/client';
import { resetLiveBus, setLiveBus } from './notify';
import { pgLiveBus } from './pg-bus';
import { PgListener } from './pg-listener';

/**
 * On PostgreSQL: one LISTEN connection for this process, carrying run changes (`minka_run`, to
 * the live bus) and sign-outs / role changes (`minka_auth`, to the who-is-asking cache), so
 * several Node processes on one database stay in step. Returns what closes it on shutdown.
 */
export async function installPgLive(
	db: Db,
	url: string,
	onError: (message: string, error: unknown) => void
): Promise<{ close(): Promise<void> }> {
	const listener = new PgListener({ url, onError });
	await listener.start();
	const bus = pgLiveBus(db, listener, onError);
	setLiveBus(bus);
	const offAuth = listener.on('minka_auth', (userId) => whoCache().dropUser(userId));
	// Invalidations sent while the connection was down are lost: forget everything instead.
	const offReconnect = listener.onReconnect(() => whoCache().clear());
	setWhoBroadcast((userId) => {
		db.execute(sql`select pg_notify('minka_auth', ${userId})`).catch((e) =>
			onError('auth broadcast failed', e)
		);
	});
	return {
		async close() {
			setWhoBroadcast(() => {});
			resetLiveBus();
			offAuth();
			offReconnect();
			bus.close();
			await listener.close();
		}
	};
}
