import { error } from '@sveltejs/kit';
import { getApp } from '$lib/server/app';
import { liveCalendar } from '$lib/server/live-sessions/live-calendar';
import { feedSessions } from '$lib/server/live-sessions/calendar-feed';
import { m } from '$lib/paraglide/messages';
import type { RequestHandler } from './$types';

/**
 * A member's calendar feed, read by phone calendars without signing in: the secret address is
 * the key. An unknown address is a plain 404, the same for every wrong guess.
 */
export const GET: RequestHandler = async ({ params, url }) => {
	const token = params.token.replace(/\.ics$/, '');
	const sessions = await feedSessions({ db: (await getApp()).db }, token, new Date());
	if (!sessions) error(404, 'not_found');
	const ics = liveCalendar(sessions, {
		origin: url.origin,
		words: { calendarName: m.live_calendar_name(), joinLine: (u) => m.live_join_line({ url: u }) }
	});
	return new Response(ics, {
		headers: {
			'content-type': 'text/calendar; charset=utf-8',
			'cache-control': 'private, max-age=900'
		}
	});
};
