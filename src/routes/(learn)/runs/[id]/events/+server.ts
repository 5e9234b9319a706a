import { error } from '@sveltejs/kit';
import { getApp } from '$lib/server/app';
import { isAppError } from '$lib/server/errors';
import { followRun, StreamsFullError } from '$lib/server/live/follow-run';
import type { RequestHandler } from './$types';

/**
 * Server-Sent Events for the player's island: the run's version now and after every change.
 * Never compressed (scripts/start.js) nor buffered by a proxy (`x-accel-buffering`).
 */
export const GET: RequestHandler = async ({ params, locals, request }) => {
	const app = await getApp();
	try {
		const stream = await followRun(app, locals.actor, params.id, request.signal);
		return new Response(stream, {
			headers: {
				'content-type': 'text/event-stream; charset=utf-8',
				'cache-control': 'no-store',
				'x-accel-buffering': 'no'
			}
		});
	} catch (e) {
		if (e instanceof StreamsFullError)
			return new Response(null, {
				status: 503,
				headers: { 'retry-after': String(e.retryAfterSeconds), 'cache-control': 'no-store' }
			});
		if (isAppError(e) && ['forbidden', 'not_found', 'unauthenticated'].includes(e.code))
			error(e.code === 'unauthenticated' ? 401 : e.status, e.code);
		throw e;
	}
};
