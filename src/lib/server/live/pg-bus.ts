import { sql } from 'drizzle-orm';
import { EventEmitter } from 'node:events';
import type { Db } from '../db/client';
import type { LiveBus } from './notify';
import type { PgListener } from './pg-listener';

/**
 * The live bus across processes: `publish` sends `pg_notify('minka_run', <run id>)` through the
 * pool; the process's one LISTEN connection hands each notification to the in-process
 * subscribers of that run (its own publishes come back the same way). After a reconnect every
 * followed run is announced once, since notifications sent while the connection was down are lost
 * and a follower re-reads the run's version anyway.
 */
export function pgLiveBus(
	db: Db,
	listener: PgListener,
	onError: (message: string, error: unknown) => void = () => {}
): LiveBus & { close(): void } {
	const emitter = new EventEmitter();
	emitter.setMaxListeners(0);
	const offRun = listener.on('minka_run', (runId) => void emitter.emit(runId));
	const offReconnect = listener.onReconnect(() => {
		for (const runId of emitter.eventNames()) emitter.emit(runId);
	});
	return {
		publish(runId) {
			db.execute(sql`select pg_notify('minka_run', ${runId})`).catch((e) =>
				onError('live publish failed', e)
			);
		},
		subscribe(runId, onChange) {
			emitter.on(runId, onChange);
			return () => void emitter.off(runId, onChange);
		},
		close() {
			offRun();
			offReconnect();
			emitter.removeAllListeners();
		}
	};
}
