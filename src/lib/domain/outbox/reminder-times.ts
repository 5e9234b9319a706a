// When reminders go out: Bolivia's clock (America/La_Paz is UTC−4 all year, no daylight saving)
// and quiet hours, when nothing is sent (21:00–07:00 La Paz).

const HOUR = 3_600_000;
const LA_PAZ_OFFSET_MS = 4 * HOUR;
export const QUIET_FROM_HOUR = 21;
export const QUIET_UNTIL_HOUR = 7;
/** The evening before a live session, the day-before reminder goes out at this La Paz hour. */
export const DAY_BEFORE_HOUR = 18;

/** The La Paz wall clock of an instant, as a UTC date whose fields read La Paz's. */
const wall = (at: Date) => new Date(at.getTime() - LA_PAZ_OFFSET_MS);
/** The instant of a La Paz wall time given by a UTC date's fields. */
const instant = (w: Date) => new Date(w.getTime() + LA_PAZ_OFFSET_MS);

export function isQuiet(at: Date): boolean {
	const h = wall(at).getUTCHours();
	return h >= QUIET_FROM_HOUR || h < QUIET_UNTIL_HOUR;
}

/** The instant itself, or — inside quiet hours — the next 07:00 in La Paz. */
export function afterQuietHours(at: Date): Date {
	if (!isQuiet(at)) return at;
	const w = wall(at);
	const morning = new Date(
		Date.UTC(w.getUTCFullYear(), w.getUTCMonth(), w.getUTCDate(), QUIET_UNTIL_HOUR)
	);
	if (w.getUTCHours() >= QUIET_FROM_HOUR) morning.setUTCDate(morning.getUTCDate() + 1);
	return instant(morning);
}

/** The last moment before quiet hours began, on the La Paz evening before (or of) `at`: 20:30. */
function eveningBefore(at: Date): Date {
	const w = wall(at);
	const evening = new Date(
		Date.UTC(w.getUTCFullYear(), w.getUTCMonth(), w.getUTCDate(), QUIET_FROM_HOUR - 1, 30)
	);
	if (w.getUTCHours() < QUIET_FROM_HOUR) evening.setUTCDate(evening.getUTCDate() - 1);
	return instant(evening);
}

export type LiveReminder = 'day_before' | 'hour_before';

/**
 * When to remind members of a live session starting at `startsAt`, planned at `now`:
 * - `day_before`: 18:00 La Paz on the day before; left out once that moment has passed.
 * - `hour_before`: one hour before. In quiet hours it moves to 07:00 if that is still before the
 *   start, else to 20:30 the evening before (a session at 22:00 is reminded at 20:30, a session at
 *   07:30 at 07:00); left out when that has passed too.
 * A reminder never goes out at or after the start.
 */
export function liveReminderTimes(startsAt: Date, now: Date): { kind: LiveReminder; at: Date }[] {
	const out: { kind: LiveReminder; at: Date }[] = [];
	const w = wall(startsAt);
	const dayBefore = instant(
		new Date(Date.UTC(w.getUTCFullYear(), w.getUTCMonth(), w.getUTCDate() - 1, DAY_BEFORE_HOUR))
	);
	if (dayBefore > now && dayBefore < startsAt) out.push({ kind: 'day_before', at: dayBefore });

	let hour = new Date(startsAt.getTime() - HOUR);
	if (isQuiet(hour)) {
		const forward = afterQuietHours(hour);
		hour = forward < startsAt ? forward : eveningBefore(hour);
	}
	// A late plan (the session is less than an hour away) still reminds, at once.
	if (hour <= now) hour = now;
	if (hour < startsAt && !isQuiet(hour) && (out.length === 0 || hour > out[0]!.at))
		out.push({ kind: 'hour_before', at: hour });
	return out;
}

/** How many days before a follow-up round is due its cooperative's lead is reminded. */
export const FOLLOW_UP_DAYS_BEFORE = 3;

/**
 * When to remind a cooperative's lead of a follow-up round due on `dueOn` (a La Paz date):
 * 09:00 La Paz three days before; if that has passed, at once (out of quiet hours); never once
 * the due date is over (null).
 */
export function followUpReminderTime(dueOn: string, now: Date): Date | null {
	const [y, m, d] = dueOn.split('-').map(Number) as [number, number, number];
	const endOfDue = instant(new Date(Date.UTC(y, m - 1, d + 1)));
	if (now >= endOfDue) return null;
	const planned = instant(new Date(Date.UTC(y, m - 1, d - FOLLOW_UP_DAYS_BEFORE, 9)));
	const at = afterQuietHours(planned > now ? planned : now);
	return at < endOfDue ? at : null;
}
