import { randomUUID } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getCurriculum } from '../../src/lib/server/curriculum/get-curriculum';
import type { Curriculum } from '../../src/lib/server/curriculum/schema';
import type { Db, DbHandle } from '../../src/lib/server/db/client';
import { auditLog, cohort, sessionRun } from '../../src/lib/server/db/schema';
import { searchAudit } from '../../src/lib/server/admin/search-audit';
import { parseAuditQuery } from '../../src/lib/domain/audit-query';
import { recordReplay, REPLAY_ACTION } from '../../src/lib/server/offline/record-replay';
import { assignRoles } from '../../src/lib/server/sessions/assign-roles';
import { moveStep } from '../../src/lib/server/sessions/move-step';
import { readRun } from '../../src/lib/server/sessions/read-run';
import { StaleRunError } from '../../src/lib/server/sessions/run-state';
import { setAttendance } from '../../src/lib/server/sessions/set-attendance';
import { startRun } from '../../src/lib/server/sessions/start-run';
import { takeLead } from '../../src/lib/server/sessions/take-lead';
import { createTestDb } from '../helpers/db';
import { makeTeamWorld } from '../helpers/runs';
import { makeActor } from '../factories/org';

// The server side of sending a phone's queue: each post taken from it is audited once, however
// often it is sent, and a move kept on a phone that lost the lead meanwhile is a conflict.

let handle: DbHandle;
let db: Db;
let curriculum: Curriculum;
let w: Awaited<ReturnType<typeof makeTeamWorld>>;

// Each test plays its own session (a team has one run of a session at a time).
const session = (slug: string) => ({ course: 'think-coop', module: 'orientation', session: slug });
const PHONE = 'device-aaaaaaaaaaaaaaaa';
const OTHER_PHONE = 'device-bbbbbbbbbbbbbbbb';

beforeAll(async () => {
	handle = await createTestDb();
	db = handle.db;
	curriculum = await getCurriculum();
	w = await makeTeamWorld(db, 3);
	await db
		.update(cohort)
		.set({ courses: ['think-coop'] })
		.where(eq(cohort.id, w.cohort.id));
});
afterAll(() => handle.close());

const deps = () => ({ db, curriculum });
const runRow = async (id: string) =>
	(await db.select().from(sessionRun).where(eq(sessionRun.id, id)))[0]!;

/** A run started on PHONE by the team's first member, everyone present, roles as proposed. */
async function playing(slug: string) {
	const starter = w.actors[0]!;
	const { id } = await startRun(deps(), starter, {
		team: w.team.id,
		...session(slug),
		mode: 'group',
		clientId: randomUUID(),
		deviceId: PHONE
	});
	await setAttendance(deps(), starter, {
		runId: id,
		version: String((await runRow(id)).version),
		present: w.people.map((p) => p.id),
		guests: '0'
	});
	const { view } = await readRun(deps(), starter, { runId: id, deviceId: PHONE, locale: 'es' });
	const proposal = view.proposal!;
	await assignRoles(deps(), starter, {
		runId: id,
		version: String(view.version),
		timekeeper: proposal.timekeeper,
		notetaker: proposal.notetaker,
		readers: proposal.readers,
		deviceId: PHONE
	});
	// Someone who moves the group only from the leading phone: not the time-keeper.
	const holder = w.actors.find((a) => a.personId !== proposal.timekeeper)!;
	const keeper = w.actors.find((a) => a.personId === proposal.timekeeper)!;
	return { id, holder, keeper };
}

const form = (fields: Record<string, string>) =>
	new TextEncoder().encode(new URLSearchParams(fields).toString());

const replayLines = (runId: string) =>
	db
		.select()
		.from(auditLog)
		.where(
			and(
				eq(auditLog.action, REPLAY_ACTION),
				eq(auditLog.entity, 'session_run'),
				eq(auditLog.entityId, runId)
			)
		);

describe('a post sent from the phone’s queue', () => {
	it('leaves one audit line per item, naming the member, the form, the run and the answer', async () => {
		const { id, holder } = await playing('good-relationships');
		const url = new URL(`http://localhost/runs/${id}?/move`);
		const move1 = form({ version: '4', to: 'next' });
		const move2 = form({ version: '5', to: 'next' });
		const note = form({ step: '2', revision: '0', text: 'Lo que dijo el grupo.' });
		const noteUrl = new URL(`http://localhost/runs/${id}?/note`);

		// The first sending: two moves taken, the note taken.
		expect(await recordReplay(db, holder, { url, body: move1, status: 303 })).toBe(true);
		expect(await recordReplay(db, holder, { url, body: move2, status: 303 })).toBe(true);
		expect(await recordReplay(db, holder, { url: noteUrl, body: note, status: 303 })).toBe(true);
		// The answers were lost (a restart): the same items again, now stale or the same revision.
		expect(await recordReplay(db, holder, { url, body: move1, status: 409 })).toBe(false);
		expect(await recordReplay(db, holder, { url, body: move2, status: 409 })).toBe(false);
		expect(await recordReplay(db, holder, { url: noteUrl, body: note, status: 303 })).toBe(false);
		// A server error is no answer: the phone sends the item again, and that answer counts.
		const move3 = form({ version: '6', to: 'next' });
		expect(await recordReplay(db, holder, { url, body: move3, status: 500 })).toBe(false);
		expect(await recordReplay(db, holder, { url, body: move3, status: 409 })).toBe(true);

		const lines = await replayLines(id);
		expect(lines).toHaveLength(4);
		for (const line of lines) {
			expect(line.actorUserId).toBe(holder.userId);
			expect(line.changes).toMatchObject({ via: 'offline-queue' });
			// The key is a hash: the note's text is nowhere on the line.
			expect(JSON.stringify(line.changes)).not.toContain('grupo');
		}
		expect(
			lines
				.map((l) => `${l.changes!.path} ${l.changes!.status}`)
				.sort()
				.reverse()
		).toEqual([
			`/runs/${id}?/note 303`,
			`/runs/${id}?/move 409`,
			`/runs/${id}?/move 303`,
			`/runs/${id}?/move 303`
		]);

		// The same body from another member is another member's act.
		const [second] = w.actors.filter((a) => a.userId !== holder.userId);
		expect(await recordReplay(db, second!, { url, body: move1, status: 409 })).toBe(true);
		expect(await replayLines(id)).toHaveLength(5);

		// A session started with no signal: the run is the one its client id makes.
		const startUrl = new URL('http://localhost/runs/start');
		const start = form({ clientId: id, team: w.team.id });
		expect(await recordReplay(db, holder, { url: startUrl, body: start, status: 303 })).toBe(true);
		expect((await replayLines(id)).map((l) => l.changes!.path)).toContain('/runs/start');
		// Anything else sent with the queue's header is about the member who sent it.
		const account = new URL('http://localhost/account?/save');
		expect(await recordReplay(db, holder, { url: account, body: move1, status: 400 })).toBe(true);
		const own = await db
			.select()
			.from(auditLog)
			.where(and(eq(auditLog.action, REPLAY_ACTION), eq(auditLog.entity, 'user')));
		expect(own.map((l) => [l.entityId, l.changes!.path, l.changes!.status])).toEqual([
			[holder.userId, '/account?/save', 400]
		]);
	});

	it('is shown in the admin’s audit log, in Spanish and English', async () => {
		const { id, holder } = await playing('horizontal-vertical');
		const url = new URL(`http://localhost/runs/${id}?/move`);
		await recordReplay(db, holder, { url, body: form({ version: '4', to: 'next' }), status: 303 });
		await recordReplay(db, holder, { url, body: form({ version: '5', to: 'next' }), status: 409 });
		const admin = await makeActor(db, 'admin');
		const query = parseAuditQuery(
			new URLSearchParams({ entity: 'session_run', entityId: id, action: REPLAY_ACTION })
		);
		const es = await searchAudit({ db }, admin, query, 'es');
		expect(es.rows.map((r) => [r.actorUserId, r.title, r.details])).toEqual([
			[
				holder.userId,
				'Enviado desde la cola del teléfono (guardado sin señal)',
				[
					{ label: 'Formulario', value: `/runs/${id}?/move` },
					{ label: 'Respuesta', value: 'conflicto: cambió mientras tanto (409)' }
				]
			],
			[
				holder.userId,
				'Enviado desde la cola del teléfono (guardado sin señal)',
				[
					{ label: 'Formulario', value: `/runs/${id}?/move` },
					{ label: 'Respuesta', value: 'aceptado (303)' }
				]
			]
		]);
		const en = await searchAudit({ db }, admin, query, 'en');
		expect(en.rows[1]!.title).toBe("Sent from the phone's queue (kept with no signal)");
		expect(en.rows[1]!.details[1]).toEqual({ label: 'Answer', value: 'taken (303)' });
		await expect(
			recordReplay(db, null, { url, body: form({}), status: 303 })
		).rejects.toMatchObject({ code: 'unauthenticated' });
	});
});

describe('a move kept on a phone that lost the lead meanwhile', () => {
	it('is a conflict when its version is stale, and still refused when it is current', async () => {
		const { id, holder, keeper } = await playing('collective-action');
		const v = (await runRow(id)).version;
		// With no signal, the member's phone (leading) keeps a move made on version v. Meanwhile
		// the group goes on from another phone, which takes the lead.
		await takeLead(deps(), keeper, { runId: id, version: String(v), deviceId: OTHER_PHONE });
		expect((await runRow(id)).leadDevice).toBe(OTHER_PHONE);

		const kept = moveStep(deps(), holder, {
			runId: id,
			version: String(v),
			to: 'next',
			deviceId: PHONE
		});
		await expect(kept).rejects.toBeInstanceOf(StaleRunError);
		await expect(kept).rejects.toMatchObject({
			status: 409,
			current: { step: 0, stage: 'play', version: v + 1 }
		});
		// Made on the run's own version, from a phone that does not lead: refused, as ever.
		await expect(
			moveStep(deps(), holder, { runId: id, version: String(v + 1), to: 'next', deviceId: PHONE })
		).rejects.toMatchObject({ code: 'forbidden', status: 403 });
		expect(await runRow(id)).toMatchObject({ step: 0, version: v + 1 });
	});
});
