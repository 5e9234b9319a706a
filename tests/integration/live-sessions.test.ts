// Live virtual sessions: scheduling (checked input, once per form), changes at a revision,
// attendance ticked or imported from a meeting tool's list, calendar files read back by an
// independent iCalendar parser, the secret feed, and who may do what.
import { randomUUID } from 'node:crypto';
import ICAL from 'ical.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../../src/lib/server/access/guard';
import type { DbHandle } from '../../src/lib/server/db/client';
import { getCurriculum } from '../../src/lib/server/curriculum/get-curriculum';
import { isAppError } from '../../src/lib/server/errors';
import { getIndicators } from '../../src/lib/server/reports/get-indicators';
import {
	feedSessions,
	hasCalendarFeed,
	makeCalendarFeed
} from '../../src/lib/server/live-sessions/calendar-feed';
import { importLiveAttendance } from '../../src/lib/server/live-sessions/import-live-attendance';
import {
	getLiveSession,
	listCohortLiveSessions,
	listMyUpcomingLiveSessions
} from '../../src/lib/server/live-sessions/list-live-sessions';
import { liveCalendar } from '../../src/lib/server/live-sessions/live-calendar';
import {
	getLiveAttendance,
	recordLiveAttendance
} from '../../src/lib/server/live-sessions/record-live-attendance';
import {
	scheduleLiveSession,
	updateLiveSession
} from '../../src/lib/server/live-sessions/schedule-live-session';
import { makeActor, makePerson, makeWorld, enrol } from '../factories/org';
import { createTestDb } from '../helpers/db';

let h: DbHandle;
let w: Awaited<ReturnType<typeof makeWorld>>;
let coordinator: Actor;
let facilitatorA: Actor;
let facilitatorB: Actor;
let memberA: Actor;
let memberB: Actor;
// Scheduling happens on 1 December 2026 at 09:00 in La Paz (13:00 UTC).
const now = new Date('2026-12-01T13:00:00Z');
const deps = () => ({ db: h.db, now: () => now });
const words = { calendarName: 'Minka', joinLine: (u: string) => `Enlace: ${u}` };

const form = (over: Record<string, string> = {}) => ({
	title: 'Inauguración de la cohorte',
	date: '2026-12-10',
	time: '19:30',
	duration: '90',
	meetingUrl: 'https://meet.jit.si/minka-cohorte-a',
	agenda: 'Bienvenida\nCómo trabajan los grupos',
	...over
});

async function refused(p: Promise<unknown>, code: string) {
	const e = await p.catch((x: unknown) => x);
	expect(isAppError(e) && e.code).toBe(code);
	return e as { fields?: Record<string, string> };
}

beforeAll(async () => {
	h = await createTestDb();
	w = await makeWorld(h.db);
	coordinator = await makeActor(h.db, 'coordinator');
	facilitatorA = await makeActor(h.db, 'facilitator', { cohortId: w.cohortA.id });
	facilitatorB = await makeActor(h.db, 'facilitator', { cohortId: w.cohortB.id });
	memberA = await makeActor(h.db, 'participant', { personId: w.p1a.id });
	memberB = await makeActor(h.db, 'participant', { personId: w.p2a.id });
}, 120_000);
afterAll(async () => h?.close());

describe('scheduling', () => {
	it('schedules at La Paz time, once per form, and refuses what cannot be a meeting', async () => {
		const clientId = randomUUID();
		const input = { cohortId: w.cohortA.id, clientId, ...form() };
		const first = await scheduleLiveSession(deps(), facilitatorA, input);
		expect(first.created).toBe(true);
		// The same form sent again: the same session, no second one.
		expect(await scheduleLiveSession(deps(), facilitatorA, input)).toEqual({
			id: first.id,
			created: false
		});
		const s = await getLiveSession(deps(), facilitatorA, first.id);
		// 19:30 in La Paz (UTC−4) is 23:30 UTC.
		expect(s.startsAt.toISOString()).toBe('2026-12-10T23:30:00.000Z');
		expect(s.durationMinutes).toBe(90);

		const bad = await refused(
			scheduleLiveSession(deps(), facilitatorA, {
				cohortId: w.cohortA.id,
				clientId: randomUUID(),
				...form({
					title: '  ',
					date: '2026-11-30',
					duration: '5',
					meetingUrl: 'http://meet.jit.si/x'
				})
			}),
			'invalid_input'
		);
		expect(bad.fields).toEqual({
			title: 'live_err_title',
			date: 'live_err_past',
			duration: 'live_err_duration',
			meetingUrl: 'live_err_url_https'
		});
		for (const meetingUrl of ['javascript:alert(1)', 'https://user:pw@zoom.us/j/1', 'zoom'])
			expect(
				(
					await refused(
						scheduleLiveSession(deps(), facilitatorA, {
							cohortId: w.cohortA.id,
							clientId: randomUUID(),
							...form({ meetingUrl })
						}),
						'invalid_input'
					)
				).fields?.meetingUrl
			).toMatch(/^live_err_url/);
		const listed = await listCohortLiveSessions(deps(), facilitatorA, w.cohortA.id);
		expect(listed.sessions.map((x) => x.id)).toEqual([first.id]);
	});

	it('changes a session at the revision shown, and a stale form is a conflict', async () => {
		const { id } = await scheduleLiveSession(deps(), coordinator, {
			cohortId: w.cohortA.id,
			clientId: randomUUID(),
			...form({ title: 'Preguntas de la semana 1', date: '2026-12-15' })
		});
		const { revision } = await updateLiveSession(deps(), facilitatorA, {
			sessionId: id,
			revision: 1,
			...form({ title: 'Preguntas, semana 1', date: '2026-12-15', time: '20:00' })
		});
		expect(revision).toBe(2);
		await refused(
			updateLiveSession(deps(), facilitatorA, {
				sessionId: id,
				revision: 1,
				...form({ title: 'Otro título', date: '2026-12-15' })
			}),
			'conflict'
		);
		await updateLiveSession(deps(), facilitatorA, {
			sessionId: id,
			revision: 2,
			cancel: true,
			...form()
		});
		const s = await getLiveSession(deps(), memberA, id);
		expect(s).toMatchObject({ title: 'Preguntas, semana 1', cancelled: true, revision: 3 });
	});

	it('lets only the cohort’s managers schedule, and its members read', async () => {
		const input = { cohortId: w.cohortA.id, clientId: randomUUID(), ...form() };
		await refused(scheduleLiveSession(deps(), facilitatorB, input), 'forbidden');
		await refused(scheduleLiveSession(deps(), memberA, input), 'forbidden');
		await refused(scheduleLiveSession(deps(), null, input), 'unauthenticated');
		await refused(listCohortLiveSessions(deps(), memberB, w.cohortA.id), 'forbidden');
		const mine = await listCohortLiveSessions(deps(), memberA, w.cohortA.id);
		expect(mine.canManage).toBe(false);
		expect(mine.sessions.length).toBeGreaterThan(0);
		const [one] = mine.sessions;
		await refused(getLiveSession(deps(), memberB, one!.id), 'forbidden');
		await refused(getLiveAttendance(deps(), memberA, one!.id), 'forbidden');
		// The home page: a member's next sessions of their own cohort, not cancelled.
		const upcoming = await listMyUpcomingLiveSessions(deps(), memberA, now);
		expect(upcoming.every((s) => s.cohortId === w.cohortA.id && !s.cancelled)).toBe(true);
		expect(upcoming.length).toBeGreaterThan(0);
		expect(await listMyUpcomingLiveSessions(deps(), memberB, now)).toEqual([]);
	});
});

describe('attendance', () => {
	it('saves the tick list at its revision, and imports a meeting’s list by phone or name', async () => {
		const { id } = await scheduleLiveSession(deps(), facilitatorA, {
			cohortId: w.cohortA.id,
			clientId: randomUUID(),
			...form({ title: 'Sesión con asistencia' })
		});
		const juana = await makePerson(h.db, w.coop1.id, {
			givenNames: 'Juana Rosa',
			surnames: 'Mamani Condori',
			phone: '+59171234567'
		});
		await enrol(h.db, w.cohortA.id, juana);

		const first = await recordLiveAttendance(deps(), facilitatorA, {
			sessionId: id,
			revision: 0,
			personIds: [w.p1a.id]
		});
		expect(first).toEqual({ revision: 1, present: 1 });
		// From a page loaded before that save: refused, nothing changed.
		await refused(
			recordLiveAttendance(deps(), facilitatorA, { sessionId: id, revision: 0, personIds: [] }),
			'conflict'
		);
		// Someone of another cohort cannot be ticked.
		await refused(
			recordLiveAttendance(deps(), facilitatorA, {
				sessionId: id,
				revision: 1,
				personIds: [w.p2a.id]
			}),
			'invalid_input'
		);

		const csv = [
			'Nombre (nombre original),Correo,Teléfono,Duración (minutos)',
			'Juana Mamani,,,55',
			`Alguien,,${w.p1b.phone!.replace('+591', '')},60`,
			'Visitante Desconocido,,,12'
		].join('\n');
		const r = await importLiveAttendance(deps(), facilitatorA, {
			sessionId: id,
			revision: 1,
			file: new TextEncoder().encode(csv)
		});
		expect(r.matched.map((x) => x.personId).sort()).toEqual([juana.id, w.p1b.id].sort());
		expect(r.unmatched).toEqual([{ line: 4, text: 'Visitante Desconocido' }]);
		expect(r.added).toBe(2);
		const page = await getLiveAttendance(deps(), facilitatorA, id);
		const present = page.members.filter((m) => m.present);
		expect(present.map((m) => m.personId).sort()).toEqual([w.p1a.id, w.p1b.id, juana.id].sort());
		expect(present.find((m) => m.personId === juana.id)?.source).toBe('imported');
		expect((await listCohortLiveSessions(deps(), facilitatorA, w.cohortA.id)).sessions).toEqual(
			expect.arrayContaining([expect.objectContaining({ id, present: 3 })])
		);
		// The dashboards count it: by 20 December two sessions were held in cohort A (the
		// inauguration, nobody recorded, and this one; the cancelled one does not count), each
		// expecting its 3 members.
		const later = new Date('2026-12-20T12:00:00Z');
		const curriculum = await getCurriculum();
		const live = (await getIndicators({ db: h.db, curriculum }, facilitatorA, {}, { now: later }))
			.live;
		const women = [w.p1a, w.p1b, juana].filter((p) => p.sex === 'F').length;
		expect(live).toEqual({
			sessions: 2,
			present: { F: women, M: 3 - women, total: 3 },
			expected: { F: 2 * women, M: 2 * (3 - women), total: 6 },
			rate: 50
		});
		// Another cohort's facilitator sees none of it.
		expect(
			(await getIndicators({ db: h.db, curriculum }, facilitatorB, {}, { now: later })).live
				.sessions
		).toBe(0);

		// A list with no name or phone column, an empty file, another cohort's facilitator.
		const noCols = await refused(
			importLiveAttendance(deps(), facilitatorA, {
				sessionId: id,
				revision: 2,
				file: new TextEncoder().encode('a,b\n1,2')
			}),
			'invalid_input'
		);
		expect(noCols.fields).toEqual({ file: 'live_err_no_columns' });
		await refused(
			importLiveAttendance(deps(), facilitatorA, {
				sessionId: id,
				revision: 2,
				file: new Uint8Array()
			}),
			'invalid_input'
		);
		await refused(
			importLiveAttendance(deps(), facilitatorB, {
				sessionId: id,
				revision: 2,
				file: new TextEncoder().encode(csv)
			}),
			'forbidden'
		);
	});
});

describe('calendars', () => {
	it('writes .ics that an iCalendar parser reads back, cancelled sessions included', async () => {
		const { sessions } = await listCohortLiveSessions(deps(), coordinator, w.cohortA.id);
		const text = liveCalendar(sessions, { origin: 'https://minka.bo', words });
		const cal = new ICAL.Component(ICAL.parse(text));
		const events = cal.getAllSubcomponents('vevent').map((v) => new ICAL.Event(v));
		expect(events).toHaveLength(sessions.length);
		const inaug = events.find((e) => e.summary === 'Inauguración de la cohorte')!;
		expect(inaug.startDate.toJSDate().toISOString()).toBe('2026-12-10T23:30:00.000Z');
		expect(inaug.endDate.toJSDate().toISOString()).toBe('2026-12-11T01:00:00.000Z');
		expect(inaug.description).toContain('Enlace: https://meet.jit.si/minka-cohorte-a');
		expect(inaug.location).toBe('https://meet.jit.si/minka-cohorte-a');
		const cancelled = cal
			.getAllSubcomponents('vevent')
			.find((v) => v.getFirstPropertyValue('summary') === 'Preguntas, semana 1')!;
		expect(cancelled.getFirstPropertyValue('status')).toBe('CANCELLED');
		expect(cancelled.getFirstPropertyValue('sequence')).toBe(3);
	});

	it('gives each member a secret feed of their own cohort, replaced when made again', async () => {
		const { token } = await makeCalendarFeed(deps(), memberA);
		expect(await hasCalendarFeed(deps(), memberA)).toBeInstanceOf(Date);
		const feed = await feedSessions(deps(), token, now);
		expect(feed!.length).toBeGreaterThan(0);
		expect(feed!.every((s) => s.cohortId === w.cohortA.id)).toBe(true);
		const { token: other } = await makeCalendarFeed(deps(), memberB);
		expect(await feedSessions(deps(), other, now)).toEqual([]);
		// A new address: the old one stops working; guesses find nothing.
		const { token: newer } = await makeCalendarFeed(deps(), memberA);
		expect(await feedSessions(deps(), token, now)).toBeNull();
		expect((await feedSessions(deps(), newer, now))!.length).toBe(feed!.length);
		for (const guess of ['', 'x', 'a'.repeat(32), "' or 1=1 --", 'é'.repeat(30)])
			expect(await feedSessions(deps(), guess, now)).toBeNull();
		await refused(makeCalendarFeed(deps(), null), 'unauthenticated');
	});
});
