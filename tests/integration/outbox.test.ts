// The outbox: live-session reminders planned at La Paz times (and moved, cancelled, never
// doubled), opt-outs honoured when queuing and when sending, the worker's claim (SKIP LOCKED),
// crash recovery, back-off and errors recorded, messages by hand to an audience, and the page
// actions. Gateways are the only fakes: adapters answering as a real one would.
import { randomUUID } from 'node:crypto';
import { eq, like, sql } from 'drizzle-orm';
import pg from 'pg';
import { drizzle } from 'drizzle-orm/node-postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../../src/lib/server/access/guard';
import type { Db, DbHandle } from '../../src/lib/server/db/client';
import * as schema from '../../src/lib/server/db/schema';
import { outboxMessage, team, enrolment, user } from '../../src/lib/server/db/schema';
import { isAppError } from '../../src/lib/server/errors';
import {
	scheduleLiveSession,
	updateLiveSession
} from '../../src/lib/server/live-sessions/schedule-live-session';
import type { ChannelAdapter, OutgoingMessage } from '../../src/lib/server/outbox/adapters/types';
import { claimMessages } from '../../src/lib/server/outbox/claim-messages';
import {
	listOutbox,
	markSentByHand,
	retryMessage
} from '../../src/lib/server/outbox/manage-outbox';
import { getOptOuts, setOptOuts } from '../../src/lib/server/outbox/opt-outs';
import { planReminders } from '../../src/lib/server/outbox/plan-reminders';
import { sendMessage } from '../../src/lib/server/outbox/send-message';
import { previewMessage, queueManualMessage } from '../../src/lib/server/outbox/send-to-audience';
import { runOutboxTick } from '../../src/lib/server/outbox/worker';
import { enrol, makeActor, makePerson, makeWorld } from '../factories/org';
import { createTestDb } from '../helpers/db';

let h: DbHandle & { url?: string };
let w: Awaited<ReturnType<typeof makeWorld>>;
let coordinator: Actor;
let facilitatorA: Actor;
let facilitatorB: Actor;
let memberA: Actor;
// Planning happens on 1 December 2026 at 09:00 in La Paz (13:00 UTC).
const now = new Date('2026-12-01T13:00:00Z');
const at = (d: Date) => () => d;

const form = (over: Record<string, string> = {}) => ({
	title: 'Preguntas de la semana',
	date: '2026-12-10',
	time: '19:30',
	duration: '60',
	meetingUrl: 'https://meet.jit.si/minka-a',
	agenda: '',
	...over
});

async function rows(prefix: string) {
	return h.db
		.select()
		.from(outboxMessage)
		.where(like(outboxMessage.dedupeKey, `${prefix}%`))
		.orderBy(outboxMessage.dedupeKey);
}

/** A gateway that records what it was given and answers as told. */
function gateway(
	channel: 'whatsapp' | 'sms' | 'email',
	answer: (m: OutgoingMessage) => Awaited<ReturnType<ChannelAdapter['send']>>
) {
	const sent: OutgoingMessage[] = [];
	const adapter: ChannelAdapter = {
		channel,
		async send(m) {
			sent.push(m);
			return answer(m);
		}
	};
	return { adapter, sent };
}

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
	// p1a reads English and has an e-mail too; p1b has only a mobile.
	await h.db
		.update(user)
		.set({ locale: 'en', email: 'p1a@correo.bo' })
		.where(eq(user.id, memberA.userId));
}, 120_000);
afterAll(async () => h?.close());

describe('live session reminders', () => {
	let sessionId = '';
	it('scheduling queues two reminders per member and channel, at La Paz times, in their language', async () => {
		const r = await scheduleLiveSession({ db: h.db, now: at(now) }, facilitatorA, {
			cohortId: w.cohortA.id,
			clientId: randomUUID(),
			...form()
		});
		sessionId = r.id;
		const q = await rows(`live:${sessionId}:`);
		// p1a: WhatsApp + e-mail; p1b: WhatsApp. Two reminders each.
		expect(q.map((x) => [x.kind, x.personId, x.channel, x.sendAfter.toISOString()])).toEqual(
			expect.arrayContaining([
				['live_day_before', w.p1a.id, 'whatsapp', '2026-12-09T22:00:00.000Z'],
				['live_day_before', w.p1a.id, 'email', '2026-12-09T22:00:00.000Z'],
				['live_day_before', w.p1b.id, 'whatsapp', '2026-12-09T22:00:00.000Z'],
				['live_hour_before', w.p1a.id, 'whatsapp', '2026-12-10T22:30:00.000Z'],
				['live_hour_before', w.p1a.id, 'email', '2026-12-10T22:30:00.000Z'],
				['live_hour_before', w.p1b.id, 'whatsapp', '2026-12-10T22:30:00.000Z']
			])
		);
		expect(q).toHaveLength(6);
		expect(q.every((x) => x.status === 'queued')).toBe(true);
		const en = q.find((x) => x.personId === w.p1a.id && x.kind === 'live_day_before')!;
		expect(en.body).toContain('tomorrow at 19:30');
		const es = q.find((x) => x.personId === w.p1b.id && x.kind === 'live_hour_before')!;
		expect(es.body).toContain('en una hora, a las 19:30');
		expect(es.body).toContain('https://meet.jit.si/minka-a');
		expect(es.recipient).toBe(w.p1b.phone);
		// Cohort B's members get nothing.
		expect(q.some((x) => x.personId === w.p2a.id)).toBe(false);
	});

	it('planning again never doubles; a moved session moves its waiting reminders', async () => {
		await planReminders({ db: h.db, now, origin: 'https://minka.example' });
		await planReminders({ db: h.db, now, origin: 'https://minka.example' });
		expect(await rows(`live:${sessionId}:`)).toHaveLength(6);
		const [s] = await h.db
			.select({ revision: schema.liveSession.revision })
			.from(schema.liveSession)
			.where(eq(schema.liveSession.id, sessionId));
		// Moved to 22:00 La Paz on the 11th: 18:00 on the 10th, and 20:30 (not 21:00, quiet).
		await updateLiveSession({ db: h.db, now: at(now) }, facilitatorA, {
			sessionId,
			revision: s!.revision,
			...form({ date: '2026-12-11', time: '22:00' })
		});
		const q = await rows(`live:${sessionId}:`);
		expect(q).toHaveLength(6);
		expect(new Set(q.map((x) => `${x.kind} ${x.sendAfter.toISOString()}`))).toEqual(
			new Set([
				'live_day_before 2026-12-10T22:00:00.000Z',
				'live_hour_before 2026-12-12T00:30:00.000Z'
			])
		);
	});

	it('a member who opted out of WhatsApp gets no WhatsApp reminder (SMS instead)', async () => {
		await setOptOuts({ db: h.db, now: at(now) }, memberA, {
			personId: w.p1a.id,
			optedOut: ['whatsapp'],
			seen: 'v:'
		});
		// The same form sent again was made before this change: nothing written, a conflict.
		await refused(
			setOptOuts({ db: h.db }, memberA, { personId: w.p1a.id, optedOut: [], seen: 'v:' }),
			'conflict'
		);
		expect(await getOptOuts({ db: h.db }, memberA, w.p1a.id)).toEqual(['whatsapp']);
		// Waiting WhatsApp rows were cancelled at once and SMS queued in their place.
		const mine = (await rows(`live:${sessionId}:`)).filter((x) => x.personId === w.p1a.id);
		expect(
			mine.filter((x) => x.channel === 'whatsapp').every((x) => x.status === 'cancelled')
		).toBe(true);
		expect(
			mine
				.filter((x) => x.status === 'queued')
				.map((x) => x.channel)
				.sort()
		).toEqual(['email', 'email', 'sms', 'sms']);
		// Someone else's opt-outs are not a facilitator's to change.
		await refused(
			setOptOuts({ db: h.db }, facilitatorA, {
				personId: w.p1b.id,
				optedOut: ['sms'],
				seen: 'v:'
			}),
			'forbidden'
		);
		await refused(
			setOptOuts({ db: h.db }, memberA, {
				personId: w.p1a.id,
				optedOut: ['fax'],
				seen: 'v:whatsapp'
			}),
			'invalid_input'
		);
	});

	it('an opt-out that arrives after queuing is honoured when sending', async () => {
		const wa = gateway('whatsapp', () => ({ ok: true, providerId: 'wamid.1' }));
		const [row] = await h.db
			.insert(outboxMessage)
			.values({
				dedupeKey: `test:late-optout:${randomUUID()}`,
				kind: 'manual',
				channel: 'whatsapp',
				personId: w.p1a.id,
				recipient: w.p1a.phone!,
				body: 'Hola',
				sendAfter: now,
				nextAttemptAt: now
			})
			.returning();
		const [claimed] = await claimMessages(h.db, { channels: ['whatsapp'], now, limit: 100 }).then(
			(c) => c.filter((x) => x.id === row!.id)
		);
		expect(await sendMessage(h.db, { whatsapp: wa.adapter }, claimed!, at(now))).toBe('cancelled');
		expect(wa.sent).toHaveLength(0);
		const [after] = await h.db.select().from(outboxMessage).where(eq(outboxMessage.id, row!.id));
		expect(after).toMatchObject({ status: 'cancelled', lastError: 'opted out of this channel' });
		await setOptOuts({ db: h.db, now: at(now) }, memberA, {
			personId: w.p1a.id,
			optedOut: [],
			seen: 'v:whatsapp'
		});
	});

	it('cancelling the session cancels its waiting reminders', async () => {
		const [s] = await h.db
			.select({ revision: schema.liveSession.revision })
			.from(schema.liveSession)
			.where(eq(schema.liveSession.id, sessionId));
		await updateLiveSession({ db: h.db, now: at(now) }, facilitatorA, {
			sessionId,
			revision: s!.revision,
			cancel: true,
			...form({ date: '2026-12-11', time: '22:00' })
		});
		const q = await rows(`live:${sessionId}:`);
		expect(q.filter((x) => x.status === 'queued')).toHaveLength(0);
		expect(q.some((x) => x.lastError === 'session cancelled')).toBe(true);
	});
});

describe('certificates', () => {
	it('tell the holder once, in their language, with the public verification link', async () => {
		// The row as issuing writes it (issuing itself is tested in certificates.test.ts).
		const [cert] = await h.db
			.insert(schema.certificate)
			.values({
				code: 'ABCD0EFGH1JK',
				cohortId: w.cohortA.id,
				personId: w.p1a.id,
				clientId: randomUUID(),
				holderName: 'Nombre A',
				cohortName: w.cohortA.name,
				cooperativeName: w.coop1.name,
				federationName: w.fed1.name,
				courses: [],
				credential: {},
				keyId: 'test-key',
				issuedAt: now
			})
			.returning();
		await planReminders({ db: h.db, now, origin: 'https://minka.example' });
		await planReminders({ db: h.db, now, origin: 'https://minka.example' });
		const q = await rows(`cert:${cert!.id}:`);
		expect(q.map((r) => r.channel).sort()).toEqual(['email', 'whatsapp']);
		expect(q[0]!.body).toContain('https://minka.example/verify/ABCD0EFGH1JK');
		expect(q[0]!.body).toContain('Your certificate');
		expect(q.every((r) => r.sendAfter.getTime() === now.getTime())).toBe(true);
	});
});

describe('follow-up rounds due', () => {
	it('tell the cooperative’s lead once, with the link to the team’s round', async () => {
		const lead = await makeActor(h.db, 'cooperative_lead', {
			cooperativeId: w.coop2.id,
			personId: w.p2b.id
		});
		expect(lead.personId).toBe(w.p2b.id);
		const [t] = await h.db
			.insert(team)
			.values({ cohortId: w.cohortB.id, cooperativeId: w.coop2.id, name: 'Equipo Dos' })
			.returning();
		const [round] = await h.db
			.insert(schema.followUpRound)
			.values({ cohortId: w.cohortB.id, dueOn: '2026-12-03', label: 'A los 3 meses' })
			.returning();
		await planReminders({ db: h.db, now, origin: 'https://minka.example/' });
		await planReminders({ db: h.db, now, origin: 'https://minka.example/' });
		const q = await rows(`followup:${round!.id}:`);
		expect(q).toHaveLength(1);
		expect(q[0]).toMatchObject({ personId: w.p2b.id, channel: 'whatsapp', kind: 'followup_due' });
		// Three days before the 3rd has passed: at once (09:00 La Paz is out of quiet hours).
		expect(q[0]!.sendAfter.toISOString()).toBe(now.toISOString());
		expect(q[0]!.body).toContain(`https://minka.example/teams/${t!.id}/follow-up/${round!.id}`);
		expect(q[0]!.body).toContain('03/12/2026');
	});
});

describe('teams that have not met, and comments waiting', () => {
	it('tell a team a week after its last session, once per gap, and not once it meets', async () => {
		const [t] = await h.db
			.insert(team)
			.values({ cohortId: w.cohortA.id, cooperativeId: w.coop1.id, name: 'Equipo Uno' })
			.returning();
		await h.db.update(enrolment).set({ teamId: t!.id }).where(eq(enrolment.cohortId, w.cohortA.id));
		// The cohort runs to the end of the month (a cohort that has ended reminds nobody).
		await h.db
			.update(schema.cohort)
			.set({ endsOn: '2026-12-31' })
			.where(eq(schema.cohort.id, w.cohortA.id));
		const run = (days: number, status: 'open' | 'completed') => ({
			id: randomUUID(),
			teamId: t!.id,
			cohortId: w.cohortA.id,
			course: 'think-coop',
			module: 'm1',
			session: `s${days}`,
			contentVersion: 'test',
			stage: status === 'completed' ? ('done' as const) : ('play' as const),
			status,
			startedAt: new Date(now.getTime() - days * 86_400_000 - 3_600_000),
			completedAt: status === 'completed' ? new Date(now.getTime() - days * 86_400_000) : null
		});
		// Finished 6 days ago: not yet.
		await h.db.insert(schema.sessionRun).values(run(6, 'completed'));
		await planReminders({ db: h.db, now, origin: 'https://minka.example' });
		expect(await rows(`stalled:${t!.id}:`)).toHaveLength(0);
		// A day later it is a week: each reachable member is told, once however often it plans.
		const later = new Date(now.getTime() + 86_400_000);
		await planReminders({ db: h.db, now: later, origin: 'https://minka.example' });
		await planReminders({ db: h.db, now: later, origin: 'https://minka.example' });
		const told = await rows(`stalled:${t!.id}:`);
		expect(new Set(told.map((r) => r.personId))).toEqual(new Set([w.p1a.id, w.p1b.id]));
		expect(told.every((r) => r.kind === 'team_stalled')).toBe(true);
		expect(told.find((r) => r.personId === w.p1a.id && r.channel === 'whatsapp')!.body).toBe(
			`Minka: your group Equipo Uno has not met for a week. Meet for the next session: https://minka.example/teams/${t!.id}`
		);
		// A session started since: no new reminder the next week.
		await h.db.insert(schema.sessionRun).values(run(0, 'open'));
		const before = told.length;
		await planReminders({
			db: h.db,
			now: new Date(now.getTime() + 8 * 86_400_000),
			origin: 'https://minka.example'
		});
		expect(await rows(`stalled:${t!.id}:`)).toHaveLength(before);
	});

	it('tell a team about a facilitator’s comments nobody answered, at most once a day', async () => {
		const [t] = await h.db.select().from(team).where(eq(team.cohortId, w.cohortA.id));
		const [wb] = await h.db
			.insert(schema.workbook)
			.values({ cooperativeId: w.coop1.id, programmeId: w.cohortA.programmeId })
			.returning();
		const comment = (author: string, at: Date, parentId: string | null = null) => ({
			id: randomUUID(),
			clientId: randomUUID(),
			workbookId: wb!.id,
			sectionKey: 'action-plan.activities',
			parentId,
			revision: 1,
			body: 'Revisen las fechas',
			authorId: author,
			createdAt: at
		});
		// A member's own note calls for nothing.
		await h.db.insert(schema.planComment).values(comment(memberA.userId, now));
		await planReminders({ db: h.db, now, origin: 'https://minka.example' });
		expect(await rows(`comments:${t!.id}:`)).toHaveLength(0);
		const first = comment(facilitatorA.userId, new Date(now.getTime() - 3_600_000));
		await h.db
			.insert(schema.planComment)
			.values([first, comment(facilitatorA.userId, new Date(now.getTime() - 1_800_000))]);
		await planReminders({ db: h.db, now, origin: 'https://minka.example' });
		await planReminders({ db: h.db, now, origin: 'https://minka.example' });
		const told = await rows(`comments:${t!.id}:`);
		expect(new Set(told.map((r) => r.personId))).toEqual(new Set([w.p1a.id, w.p1b.id]));
		expect(told.find((r) => r.personId === w.p1b.id)!.body).toContain(
			'el facilitador dejó 2 comentarios'
		);
		// Both answered: the next day nobody is told again.
		const answered = await h.db.select().from(schema.planComment);
		for (const c of answered.filter((x) => x.authorId === facilitatorA.userId))
			await h.db.insert(schema.planComment).values(comment(memberA.userId, now, c.id));
		await planReminders({
			db: h.db,
			now: new Date(now.getTime() + 86_400_000),
			origin: 'https://minka.example'
		});
		expect(await rows(`comments:${t!.id}:`)).toHaveLength(told.length);
	});
});

describe('the worker', () => {
	const sendAt = new Date('2026-12-20T15:00:00Z');
	async function queue(n: number, channel: 'whatsapp' | 'sms' = 'whatsapp', tag = randomUUID()) {
		const p = await makePerson(h.db, w.coop1.id);
		await h.db.insert(outboxMessage).values(
			Array.from({ length: n }, (_, i) => ({
				dedupeKey: `test:${tag}:${i}`,
				kind: 'manual',
				channel,
				personId: p.id,
				recipient: p.phone!,
				body: `Mensaje ${i}`,
				sendAfter: sendAt,
				nextAttemptAt: sendAt
			}))
		);
		return tag;
	}
	const clear = () =>
		h.db
			.update(outboxMessage)
			.set({ status: 'cancelled' })
			.where(sql`${outboxMessage.status} in ('queued', 'sending')`);

	it('two claimers at once never get the same row', async () => {
		await clear();
		const tag = await queue(30);
		// On PostgreSQL a second pool, as another server process would have; PGlite has one
		// connection, so there the claims are serialised and must still not overlap.
		const other: { db: Db; end(): Promise<void> } = h.url
			? (() => {
					const pool = new pg.Pool({ connectionString: h.url, max: 2 });
					return { db: drizzle(pool, { schema }) as unknown as Db, end: () => pool.end() };
				})()
			: { db: h.db, end: async () => undefined };
		try {
			const claims = await Promise.all([
				claimMessages(h.db, { channels: ['whatsapp'], now: sendAt, limit: 20 }),
				claimMessages(other.db, { channels: ['whatsapp'], now: sendAt, limit: 20 }),
				claimMessages(h.db, { channels: ['whatsapp'], now: sendAt, limit: 20 })
			]);
			const ids = claims.flat().map((c) => c.id);
			expect(new Set(ids).size).toBe(ids.length);
			expect(ids).toHaveLength(30);
			expect(claims.flat().every((c) => c.status === 'sending' && c.attempts === 1)).toBe(true);
		} finally {
			await other.end();
		}
		expect((await rows(`test:${tag}:`)).every((r) => r.status === 'sending')).toBe(true);
	});

	it('a row left sending by a crash is taken again after its lease, and the late worker cannot overwrite', async () => {
		await clear();
		const tag = await queue(1);
		const [first] = await claimMessages(h.db, { channels: ['whatsapp'], now: sendAt });
		// The process dies here. Within the lease nobody takes the row…
		expect(await claimMessages(h.db, { channels: ['whatsapp'], now: sendAt })).toHaveLength(0);
		// …after it, another worker does, and sends it.
		const later = new Date(sendAt.getTime() + 6 * 60_000);
		const [again] = await claimMessages(h.db, { channels: ['whatsapp'], now: later });
		expect(again!.id).toBe(first!.id);
		expect(again!.attempts).toBe(2);
		const wa = gateway('whatsapp', () => ({ ok: true, providerId: 'wamid.2' }));
		expect(await sendMessage(h.db, { whatsapp: wa.adapter }, again!, at(later))).toBe('sent');
		// The first worker, waking up, finds its claim gone: nothing written twice.
		expect(await sendMessage(h.db, { whatsapp: wa.adapter }, first!, at(later))).toBe('lost');
		const [row] = await rows(`test:${tag}:`);
		expect(row).toMatchObject({ status: 'sent', providerId: 'wamid.2', attempts: 2 });
	});

	it('backs off after errors that may pass, fails at once on those that will not, and records them', async () => {
		await clear();
		const tag = await queue(2, 'sms');
		const sms = gateway('sms', (m) =>
			m.body.endsWith('0')
				? { ok: false, error: 'HTTP 503: busy', retry: true }
				: { ok: false, error: 'HTTP 400: bad number', retry: false }
		);
		let t = sendAt;
		const tick = () =>
			runOutboxTick({ db: h.db, adapters: { sms: sms.adapter }, origin: 'x', now: () => t });
		expect(await tick()).toMatchObject({ retry: 1, failed: 1 });
		let [a] = await rows(`test:${tag}:`);
		const [, b] = await rows(`test:${tag}:`);
		expect(a).toMatchObject({ status: 'queued', attempts: 1, lastError: 'HTTP 503: busy' });
		expect(a!.nextAttemptAt.getTime() - t.getTime()).toBe(60_000);
		expect(b).toMatchObject({ status: 'failed', attempts: 1, lastError: 'HTTP 400: bad number' });
		// Not before its time.
		expect(await tick()).toMatchObject({ retry: 0 });
		for (const wait of [1, 5, 30, 120]) {
			t = new Date(t.getTime() + wait * 60_000);
			await tick();
		}
		[a] = await rows(`test:${tag}:`);
		expect(a).toMatchObject({ status: 'failed', attempts: 5 });
		// A coordinator tries it again; it then goes.
		await retryMessage({ db: h.db, now: at(t) }, coordinator, a!.id);
		await refused(retryMessage({ db: h.db }, coordinator, a!.id), 'conflict');
		const ok = gateway('sms', () => ({ ok: true, providerId: 'sms-9' }));
		await runOutboxTick({ db: h.db, adapters: { sms: ok.adapter }, origin: 'x', now: () => t });
		[a] = await rows(`test:${tag}:`);
		expect(a).toMatchObject({ status: 'sent', providerId: 'sms-9', lastError: null });
	});

	it('an adapter that throws is an error recorded, not a crash', async () => {
		await clear();
		const tag = await queue(1);
		const broken: ChannelAdapter = {
			channel: 'whatsapp',
			send: () => Promise.reject(new Error('socket hang up'))
		};
		await runOutboxTick({
			db: h.db,
			adapters: { whatsapp: broken },
			origin: 'x',
			now: () => sendAt
		});
		const [row] = await rows(`test:${tag}:`);
		expect(row).toMatchObject({ status: 'queued', attempts: 1 });
		expect(row!.lastError).toContain('socket hang up');
	});

	it('without an adapter messages stay queued, shown for sending by hand with a wa.me link', async () => {
		await clear();
		const tag = await queue(1);
		expect(await runOutboxTick({ db: h.db, adapters: {}, origin: 'x', now: () => sendAt })).toEqual(
			{ sent: 0, retry: 0, failed: 0, cancelled: 0, lost: 0 }
		);
		const [row] = await rows(`test:${tag}:`);
		expect(row).toMatchObject({ status: 'queued', attempts: 0 });
		const list = await listOutbox({ db: h.db, channels: [] }, coordinator, { status: 'queued' });
		const shown = list.rows.find((r) => r.id === row!.id)!;
		expect(shown.byHand).toBe(true);
		expect(shown.waLink).toBe(
			`https://wa.me/${row!.recipient.slice(1)}?text=${encodeURIComponent('Mensaje 0')}`
		);
		await markSentByHand({ db: h.db }, coordinator, row!.id);
		await refused(markSentByHand({ db: h.db }, coordinator, row!.id), 'conflict');
		const [after] = await rows(`test:${tag}:`);
		expect(after).toMatchObject({ status: 'sent', providerId: 'hand' });
		await refused(listOutbox({ db: h.db, channels: [] }, facilitatorA, {}), 'forbidden');
		await refused(markSentByHand({ db: h.db }, facilitatorA, row!.id), 'forbidden');
	});
});

describe('messages by hand', () => {
	it('previews who receives it and how, including those with no way to reach', async () => {
		const landline = await makePerson(h.db, w.coop1.id, { phone: '22123456' });
		await enrol(h.db, w.cohortA.id, landline);
		const p = await previewMessage({ db: h.db }, facilitatorA, {
			cohortId: w.cohortA.id,
			audience: 'cohort',
			body: '  Mañana no hay reunión. '
		});
		expect(p.body).toBe('Mañana no hay reunión.');
		expect(p.recipients).toHaveLength(3);
		expect(p.reach).toBe(2);
		expect(p.recipients.find((r) => r.personId === landline.id)!.routes).toEqual([]);
		expect(p.recipients.find((r) => r.personId === w.p1a.id)!.routes.map((r) => r.channel)).toEqual(
			['whatsapp', 'email']
		);
	});

	it('narrows to a team or a cooperative of the cohort, and refuses others', async () => {
		const [t] = await h.db
			.insert(team)
			.values({ cohortId: w.cohortA.id, cooperativeId: w.coop1.id, name: 'Equipo Uno' })
			.returning();
		await h.db.update(enrolment).set({ teamId: t!.id }).where(eq(enrolment.personId, w.p1b.id));
		const byTeam = await previewMessage({ db: h.db }, coordinator, {
			cohortId: w.cohortA.id,
			audience: `team:${t!.id}`,
			body: 'Hola'
		});
		expect(byTeam.recipients.map((r) => r.personId)).toEqual([w.p1b.id]);
		const byCoop = await previewMessage({ db: h.db }, coordinator, {
			cohortId: w.cohortA.id,
			audience: `cooperative:${w.coop1.id}`,
			body: 'Hola'
		});
		expect(byCoop.recipients).toHaveLength(3);
		const bad = await refused(
			previewMessage({ db: h.db }, coordinator, {
				cohortId: w.cohortA.id,
				audience: `cooperative:${w.coop2.id}`,
				body: 'Hola'
			}),
			'invalid_input'
		);
		expect(bad.fields).toEqual({ audience: 'outbox_err_audience' });
		const long = await refused(
			previewMessage({ db: h.db }, coordinator, {
				cohortId: w.cohortA.id,
				audience: 'cohort',
				body: 'x'.repeat(1001)
			}),
			'invalid_input'
		);
		expect(long.fields).toEqual({ body: 'outbox_err_body_long' });
	});

	it('a facilitator writes only to their cohort; a confirm sent twice queues once', async () => {
		const input = {
			cohortId: w.cohortA.id,
			audience: 'cohort',
			body: 'Traigan su cuaderno.',
			clientId: randomUUID()
		};
		await refused(queueManualMessage({ db: h.db }, facilitatorB, input), 'forbidden');
		await refused(queueManualMessage({ db: h.db }, memberA, input), 'forbidden');
		const first = await queueManualMessage({ db: h.db, now: at(now) }, facilitatorA, input);
		expect(first).toMatchObject({ created: true, reach: 2, queued: 3 });
		const again = await queueManualMessage({ db: h.db, now: at(now) }, facilitatorA, input);
		expect(again).toMatchObject({ created: false, batchId: first.batchId, queued: 0 });
		const q = await rows(`batch:${first.batchId}:`);
		expect(q).toHaveLength(3);
		expect(q.every((r) => r.sendAfter.getTime() === now.getTime() && r.kind === 'manual')).toBe(
			true
		);
		// Written in quiet hours (22:00 La Paz), it waits for 07:00.
		const late = await queueManualMessage(
			{ db: h.db, now: at(new Date('2026-12-02T02:00:00Z')) },
			coordinator,
			{ ...input, clientId: randomUUID() }
		);
		const lq = await rows(`batch:${late.batchId}:`);
		expect(lq.every((r) => r.sendAfter.toISOString() === '2026-12-02T11:00:00.000Z')).toBe(true);
	});
});
