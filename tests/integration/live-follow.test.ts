import { eq } from 'drizzle-orm';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../../src/lib/server/access/guard';
import { openDb, type Db, type DbHandle } from '../../src/lib/server/db/client';
import { enrolment, sessionRun, team } from '../../src/lib/server/db/schema';
import {
	followRun,
	RunVersionHub,
	StreamLimits,
	StreamsFullError
} from '../../src/lib/server/live/follow-run';
import { installPgLive } from '../../src/lib/server/live/install-pg-live';
import { inProcessBus, liveBus, notifyRunChanged } from '../../src/lib/server/live/notify';
import { pgLiveBus } from '../../src/lib/server/live/pg-bus';
import { PgListener } from '../../src/lib/server/live/pg-listener';
import { createTestDb } from '../helpers/db';
import { makeActor, makeWorld } from '../factories/org';

let handle: DbHandle & { url?: string };
let db: Db;
let member: Actor;
let outsider: Actor;
let facilitator: Actor;
let admin: Actor;
let runId: string;
let live: { close(): Promise<void> } | undefined;

const silent = () => {};
const onPg = !!process.env.DATABASE_URL;

beforeAll(async () => {
	handle = await createTestDb();
	db = handle.db;
	if (onPg) live = await installPgLive(db, handle.url!, silent);
	const w = await makeWorld(db);
	const [t] = await db
		.insert(team)
		.values({ cohortId: w.cohortA.id, cooperativeId: w.coop1.id, name: 'Grupo Uno' })
		.returning();
	await db.update(enrolment).set({ teamId: t!.id }).where(eq(enrolment.personId, w.p1a.id));
	member = await makeActor(db, 'participant', { personId: w.p1a.id });
	outsider = await makeActor(db, 'participant', { personId: w.p2a.id });
	facilitator = await makeActor(db, 'facilitator', { cohortId: w.cohortA.id });
	admin = await makeActor(db, 'admin');
	runId = randomUUID();
	await db.insert(sessionRun).values({
		id: runId,
		teamId: t!.id,
		cohortId: w.cohortA.id,
		course: 'think-coop',
		module: 'orientation',
		session: 'good-relationships',
		contentVersion: 'test'
	});
});
afterAll(async () => {
	await live?.close();
	await handle.close();
});

/** Reads SSE chunks until `until` matches the text so far (or fails after `ms`). */
async function readUntil(
	reader: ReadableStreamDefaultReader<Uint8Array>,
	until: RegExp,
	ms = 5000
): Promise<string> {
	const decoder = new TextDecoder();
	let text = '';
	const deadline = Date.now() + ms;
	while (!until.test(text)) {
		const left = deadline - Date.now();
		if (left <= 0) throw new Error(`timed out; got ${JSON.stringify(text)}`);
		const chunk = await Promise.race([
			reader.read(),
			new Promise<never>((_, reject) => setTimeout(() => reject(new Error('timeout')), left))
		]).catch(() => {
			throw new Error(`timed out; got ${JSON.stringify(text)}`);
		});
		if (chunk.done) break;
		text += decoder.decode(chunk.value);
	}
	return text;
}

async function bump() {
	const [r] = await db.select().from(sessionRun).where(eq(sessionRun.id, runId));
	await db
		.update(sessionRun)
		.set({ version: r!.version + 1 })
		.where(eq(sessionRun.id, runId));
	notifyRunChanged(runId);
	return r!.version + 1;
}

const waitFor = async (check: () => boolean, ms = 5000) => {
	const deadline = Date.now() + ms;
	while (!check()) {
		if (Date.now() > deadline) throw new Error('condition not met in time');
		await new Promise((r) => setTimeout(r, 20));
	}
};

if (onPg) {
	describe('the PostgreSQL bus (LISTEN/NOTIFY)', () => {
		it('is the bus installed at start-up', () => {
			expect(liveBus()).not.toBe(inProcessBus);
		});

		it('carries a publish from one process to another on the same database', async () => {
			// Two "processes": each its own pool and its own LISTEN connection.
			const other = await openDb({ url: handle.url! });
			const listenerA = new PgListener({ url: handle.url! });
			const listenerB = new PgListener({ url: handle.url! });
			await Promise.all([listenerA.start(), listenerB.start()]);
			const busA = pgLiveBus(db, listenerA);
			const busB = pgLiveBus(other.db, listenerB);
			try {
				const seenB: string[] = [];
				const seenA: string[] = [];
				busB.subscribe(runId, () => seenB.push('b'));
				busA.subscribe(runId, () => seenA.push('a'));
				const unrelated: string[] = [];
				busB.subscribe(randomUUID(), () => unrelated.push('x'));
				busA.publish(runId);
				await waitFor(() => seenB.length === 1 && seenA.length === 1);
				busB.publish(runId);
				await waitFor(() => seenB.length === 2 && seenA.length === 2);
				expect(unrelated).toEqual([]);
			} finally {
				busA.close();
				busB.close();
				await listenerA.close();
				await listenerB.close();
				await other.close();
			}
		});

		it('reconnects after the connection is cut, and tells followers to catch up', async () => {
			const listener = new PgListener({ url: handle.url!, retryMs: 50 });
			await listener.start();
			const bus = pgLiveBus(db, listener);
			try {
				let calls = 0;
				bus.subscribe(runId, () => calls++);
				await listener.dropConnection();
				// Reconnected: the follower is called once to re-read what it may have missed.
				await waitFor(() => calls === 1 && listener.connected);
				bus.publish(runId);
				await waitFor(() => calls === 2);
			} finally {
				bus.close();
				await listener.close();
			}
		});
	});
} else {
	describe('the in-process bus (PGlite: one process)', () => {
		it('is the bus in use', () => {
			expect(liveBus()).toBe(inProcessBus);
		});

		it('calls the followers of that run only, until they unsubscribe', () => {
			const seen: string[] = [];
			const off = liveBus().subscribe(runId, () => seen.push('run'));
			const offOther = liveBus().subscribe(randomUUID(), () => seen.push('other'));
			notifyRunChanged(runId);
			off();
			notifyRunChanged(runId);
			offOther();
			expect(seen).toEqual(['run']);
		});
	});
}

describe('the events stream of a run', () => {
	it('sends retry and the version at once, then every new version', async () => {
		const limits = new StreamLimits();
		const hub = new RunVersionHub(db);
		const ctrl = new AbortController();
		const stream = await followRun({ db, hub, limits }, member, runId, ctrl.signal);
		const reader = stream.getReader();
		const [r] = await db.select().from(sessionRun).where(eq(sessionRun.id, runId));
		const first = await readUntil(reader, /data: .*\n\n/);
		expect(first).toMatch(/^retry: 3000\n\n/);
		expect(first).toContain(`data: {"version":${r!.version}}\n\n`);
		const v = await bump();
		expect(await readUntil(reader, new RegExp(`"version":${v}`))).toBe(
			`data: {"version":${v}}\n\n`
		);
		expect(limits.open).toBe(1);
		ctrl.abort();
		expect(limits.open).toBe(0);
		expect(hub.followedRuns).toBe(0);
		expect((await reader.read()).done).toBe(true);
	});

	it('reads the version once per change however many follow, and fans it out', async () => {
		const hub = new RunVersionHub(db);
		const ctrls = [1, 2, 3].map(() => new AbortController());
		const readers = await Promise.all(
			ctrls.map(async (c) =>
				(
					await followRun({ db, hub, limits: new StreamLimits() }, member, runId, c.signal)
				).getReader()
			)
		);
		for (const r of readers) await readUntil(r, /data: /);
		expect(hub.followedRuns).toBe(1);
		const v = await bump();
		for (const r of readers) await readUntil(r, new RegExp(`"version":${v}`));
		for (const c of ctrls) c.abort();
		expect(hub.followedRuns).toBe(0);
	});

	it('sends a heartbeat comment while nothing changes', async () => {
		const ctrl = new AbortController();
		const stream = await followRun(
			{ db, hub: new RunVersionHub(db), limits: new StreamLimits(), heartbeatMs: 30 },
			member,
			runId,
			ctrl.signal
		);
		const text = await readUntil(stream.getReader(), /: ping\n\n/);
		expect(text).toContain(': ping\n\n');
		ctrl.abort();
	});

	it('closes itself after its lifetime, giving its slot back', async () => {
		const limits = new StreamLimits();
		const stream = await followRun(
			{ db, hub: new RunVersionHub(db), limits, maxStreamMs: 50 },
			member,
			runId
		);
		const reader = stream.getReader();
		await readUntil(reader, /data: /);
		while (!(await reader.read()).done);
		expect(limits.open).toBe(0);
	});

	it('gives the slot back when the reader cancels (the client went away)', async () => {
		const limits = new StreamLimits();
		const stream = await followRun({ db, hub: new RunVersionHub(db), limits }, member, runId);
		await stream.cancel();
		expect(limits.open).toBe(0);
	});

	it('refuses beyond the cap, per process and per account', async () => {
		const limits = new StreamLimits(2, 1);
		const hub = new RunVersionHub(db);
		const a = new AbortController();
		await followRun({ db, hub, limits }, member, runId, a.signal);
		await expect(followRun({ db, hub, limits }, member, runId)).rejects.toBeInstanceOf(
			StreamsFullError
		);
		const b = new AbortController();
		await followRun({ db, hub, limits }, facilitator, runId, b.signal);
		await expect(followRun({ db, hub, limits }, admin, runId)).rejects.toBeInstanceOf(
			StreamsFullError
		);
		a.abort();
		b.abort();
		expect(limits.open).toBe(0);
	});

	it('checks run.read: the cohort facilitator may follow, another team member may not', async () => {
		const c = new AbortController();
		await expect(
			followRun({ db, limits: new StreamLimits() }, facilitator, runId, c.signal)
		).resolves.toBeInstanceOf(ReadableStream);
		c.abort();
		await expect(
			followRun({ db, limits: new StreamLimits() }, outsider, runId)
		).rejects.toMatchObject({ code: 'forbidden' });
		await expect(followRun({ db, limits: new StreamLimits() }, null, runId)).rejects.toMatchObject({
			code: 'unauthenticated'
		});
		await expect(
			followRun({ db, limits: new StreamLimits() }, member, randomUUID())
		).rejects.toMatchObject({ code: 'not_found' });
	});
});
