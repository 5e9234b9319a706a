import { json } from '@sveltejs/kit';
import { sql } from 'drizzle-orm';
import { getApp } from '$lib/server/app';
import { getBackupStatus } from '$lib/server/backup/backup-status';
import { log } from '$lib/server/log';
import type { RequestHandler } from './$types';

/**
 * 200 when the database answers, 503 otherwise; for load balancers and monitors. The state of
 * backups is detail for a monitor to alert on, never a reason to take the server out.
 */
export const GET: RequestHandler = async () => {
	try {
		const app = await getApp();
		await app.db.execute(sql`select 1`);
		const backup = await getBackupStatus(app.db).then(
			(s) => ({ state: s.state, last: s.last?.at ?? null, verified: s.last?.verified ?? null }),
			() => ({ state: 'unknown' as const, last: null, verified: null })
		);
		return json(
			{ status: 'ok', database: app.handle.kind, backup },
			{ headers: { 'cache-control': 'no-store' } }
		);
	} catch (e) {
		log.error('health check failed', { error: String(e) });
		return json(
			{ status: 'unavailable' },
			{ status: 503, headers: { 'cache-control': 'no-store' } }
		);
	}
};
