import { json } from '@sveltejs/kit';
import { sql } from 'drizzle-orm';
import { getApp } from '$lib/server/app';
import { log } from '$lib/server/log';
import type { RequestHandler } from './$types';

/** 200 when the database answers, 503 otherwise; for load balancers and monitors. */
export const GET: RequestHandler = async () => {
	try {
		const app = await getApp();
		await app.db.execute(sql`select 1`);
		return json(
			{ status: 'ok', database: app.handle.kind },
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
