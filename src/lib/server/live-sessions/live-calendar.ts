// Calendar files (RFC 5545) of live sessions, built with ical-generator: one event per session,
// in UTC (Bolivia has no daylight saving, and every calendar shows UTC in its own zone); a
// cancelled session stays in the file as CANCELLED so subscribed calendars drop it.
import { ICalCalendarMethod, ICalEventStatus, default as ical } from 'ical-generator';
import type { LiveSessionRow } from './list-live-sessions';

export interface CalendarWords {
	calendarName: string;
	/** "Enlace para entrar: …" */
	joinLine: (url: string) => string;
}

export function liveCalendar(
	sessions: LiveSessionRow[],
	opts: { origin: string; words: CalendarWords; method?: 'publish' }
): string {
	const cal = ical({
		name: opts.words.calendarName,
		prodId: { company: 'Minka', product: 'live-sessions', language: 'ES' },
		method: ICalCalendarMethod.PUBLISH,
		ttl: 3600
	});
	const host = new URL(opts.origin).host || 'minka';
	for (const s of sessions) {
		cal.createEvent({
			id: `live-${s.id}@${host}`,
			sequence: s.revision,
			start: s.startsAt,
			end: new Date(s.startsAt.getTime() + s.durationMinutes * 60_000),
			summary: s.title,
			description: [s.agenda, opts.words.joinLine(s.meetingUrl)].filter(Boolean).join('\n\n'),
			location: s.meetingUrl,
			url: s.meetingUrl,
			status: s.cancelled ? ICalEventStatus.CANCELLED : ICalEventStatus.CONFIRMED
		});
	}
	return cal.toString();
}
