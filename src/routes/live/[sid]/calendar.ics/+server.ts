import { getApp } from '$lib/server/app';
import { idParam, orError, requireActor } from '$lib/server/http/respond';
import { liveCalendar } from '$lib/server/live-sessions/live-calendar';
import { getLiveSession } from '$lib/server/live-sessions/list-live-sessions';
import { m } from '$lib/paraglide/messages';
import type { RequestHandler } from './$types';

/** One live session as a calendar file, for a member or a manager of its cohort. */
export const GET: RequestHandler = async ({ locals, params, url }) => {
	const actor = requireActor(locals);
	const s = await orError(async () =>
		getLiveSession({ db: (await getApp()).db }, actor, idParam(params.sid))
	);
	const ics = liveCalendar([s], {
		origin: url.origin,
		words: { calendarName: m.live_calendar_name(), joinLine: (u) => m.live_join_line({ url: u }) }
	});
	return new Response(ics, {
		headers: {
			'content-type': 'text/calendar; charset=utf-8',
			'content-disposition': `attachment; filename="sesion-en-vivo.ics"`,
			'cache-control': 'private, no-store'
		}
	});
};
