// Live virtual sessions of a cohort: what the scheduling form accepts, Bolivia's clock, and how
// an attendance list exported from a meeting tool is matched to the cohort's members.
import { isIsoDate } from './bolivia';
import { normalizeBoPhone } from './phone';
import { fold } from './text';

export const LIVE_TITLE_MAX = 120;
export const LIVE_AGENDA_MAX = 4_000;
export const LIVE_URL_MAX = 500;
export const LIVE_DURATION_MIN = 10;
export const LIVE_DURATION_MAX = 480;

/** Bolivia keeps UTC−4 all year (no daylight saving). */
const LA_PAZ_OFFSET_MS = 4 * 3_600_000;

/** A La Paz date (YYYY-MM-DD) and time (HH:MM) as the instant it names. */
export function laPazInstant(date: string, time: string): Date {
	const [h, min] = time.split(':').map(Number) as [number, number];
	const [y, mo, d] = date.split('-').map(Number) as [number, number, number];
	return new Date(Date.UTC(y, mo - 1, d, h, min) + LA_PAZ_OFFSET_MS);
}

/** An instant as La Paz's date and time, for the form's fields. */
export function laPazParts(at: Date): { date: string; time: string } {
	const iso = new Date(at.getTime() - LA_PAZ_OFFSET_MS).toISOString();
	return { date: iso.slice(0, 10), time: iso.slice(11, 16) };
}

export interface LiveSessionFields {
	title: string;
	date: string;
	time: string;
	duration: string;
	meetingUrl: string;
	agenda: string;
}

export interface LiveSessionValue {
	title: string;
	startsAt: Date;
	durationMinutes: number;
	meetingUrl: string;
	agenda: string;
}

/**
 * The form's fields checked: a title, a date and time in La Paz not in the past, a duration, an
 * https link of a meeting tool. Returns the value, or an error code per field.
 */
export function parseLiveSession(
	f: LiveSessionFields,
	now: Date
): { ok: true; value: LiveSessionValue } | { ok: false; fields: Record<string, string> } {
	const fields: Record<string, string> = {};
	const title = f.title.replace(/\s+/g, ' ').trim();
	if (!title) fields.title = 'live_err_title';
	else if (title.length > LIVE_TITLE_MAX) fields.title = 'live_err_too_long';

	const date = f.date.trim();
	const time = f.time.trim();
	let startsAt: Date | null = null;
	if (!isIsoDate(date)) fields.date = 'live_err_date';
	if (!/^([01]\d|2[0-3]):[0-5]\d$/.test(time)) fields.time = 'live_err_time';
	if (!fields.date && !fields.time) {
		startsAt = laPazInstant(date, time);
		if (startsAt.getTime() <= now.getTime()) fields.date = 'live_err_past';
	}

	const duration = Number(f.duration.trim());
	if (!Number.isInteger(duration) || duration < LIVE_DURATION_MIN || duration > LIVE_DURATION_MAX)
		fields.duration = 'live_err_duration';

	const meetingUrl = f.meetingUrl.trim();
	const urlProblem = meetingUrlProblem(meetingUrl);
	if (urlProblem) fields.meetingUrl = urlProblem;

	const agenda = f.agenda.replace(/\r\n?/g, '\n').trim();
	if (agenda.length > LIVE_AGENDA_MAX) fields.agenda = 'live_err_too_long';

	if (Object.keys(fields).length || !startsAt) return { ok: false, fields };
	return { ok: true, value: { title, startsAt, durationMinutes: duration, meetingUrl, agenda } };
}

/** Why a meeting link cannot be used, or null: it must be a plain https address. */
export function meetingUrlProblem(raw: string): string | null {
	if (!raw) return 'live_err_url';
	if (raw.length > LIVE_URL_MAX) return 'live_err_too_long';
	let url: URL;
	try {
		url = new URL(raw);
	} catch {
		return 'live_err_url';
	}
	if (url.protocol !== 'https:') return 'live_err_url_https';
	// A link carrying a password in its address is refused: it would be shown to every member.
	if (!url.hostname.includes('.') || url.username || url.password) return 'live_err_url';
	return null;
}

// ---- Attendance lists exported by meeting tools (Zoom, Meet, Jitsi plug-ins, a spreadsheet) ----

export interface Member {
	personId: string;
	name: string;
	phone: string | null;
}

export interface AttendanceMatch {
	matched: { line: number; personId: string; name: string }[];
	unmatched: { line: number; text: string }[];
}

const NAME_HEADERS = [
	'name',
	'nombre',
	'full name',
	'nombre completo',
	'participante',
	'participant'
];
const PHONE_HEADERS = ['phone', 'telefono', 'celular', 'movil', 'whatsapp', 'numero'];

/** Which column holds names and which phones, from the header row (first match wins). */
export function attendanceColumns(header: string[]): { name: number; phone: number } {
	const h = header.map((x) =>
		fold(x)
			.replace(/\(.*\)/g, '')
			.trim()
	);
	const find = (keys: string[]) =>
		h.findIndex((x) => keys.some((k) => x === k || x.startsWith(`${k} `)));
	return { name: find(NAME_HEADERS), phone: find(PHONE_HEADERS) };
}

const words = (s: string) =>
	fold(s)
		.replace(/[^\p{L}\s]/gu, ' ')
		.split(' ')
		.filter(Boolean);

/**
 * Matches each line of an attendance list to one member: by phone number when the list has one,
 * else by name — every word of the name shown in the meeting belongs to the member's full name
 * (meeting tools show "Juana Quispe" for Juana Rosa Quispe Mamani), and at least two words. A
 * line that fits no member, or more than one, is left for the facilitator to tick by hand.
 */
export function matchAttendance(
	rows: { line: number; name: string; phone: string }[],
	members: Member[]
): AttendanceMatch {
	const byPhone = new Map<string, Member>();
	for (const m of members) if (m.phone) byPhone.set(m.phone, m);
	const memberWords = members.map((m) => ({ m, w: new Set(words(m.name)) }));
	const out: AttendanceMatch = { matched: [], unmatched: [] };
	const seen = new Set<string>();
	for (const r of rows) {
		const phone = r.phone ? normalizeBoPhone(r.phone) : null;
		let found: Member | undefined = phone ? byPhone.get(phone) : undefined;
		if (!found) {
			const w = words(r.name);
			const fits = w.length >= 2 ? memberWords.filter((x) => w.every((y) => x.w.has(y))) : [];
			if (fits.length === 1) found = fits[0]!.m;
		}
		if (!found) {
			const text = [r.name, r.phone].filter(Boolean).join(' · ');
			if (text) out.unmatched.push({ line: r.line, text });
			continue;
		}
		if (seen.has(found.personId)) continue;
		seen.add(found.personId);
		out.matched.push({ line: r.line, personId: found.personId, name: found.name });
	}
	return out;
}
