import { randomUUID } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getCurriculum } from '../../src/lib/server/curriculum/get-curriculum';
import type { Curriculum } from '../../src/lib/server/curriculum/schema';
import type { Db, DbHandle } from '../../src/lib/server/db/client';
import { cohort, runNote, sessionRun } from '../../src/lib/server/db/schema';
import { listOfflinePages } from '../../src/lib/server/offline/list-offline-pages';
import { offlineUserKey } from '../../src/lib/server/offline/user-key';
import { assignRoles } from '../../src/lib/server/sessions/assign-roles';
import { moveStep } from '../../src/lib/server/sessions/move-step';
import { readRun } from '../../src/lib/server/sessions/read-run';
import { StaleRunError } from '../../src/lib/server/sessions/run-state';
import { saveNote } from '../../src/lib/server/sessions/save-note';
import { setAttendance } from '../../src/lib/server/sessions/set-attendance';
import { startRun } from '../../src/lib/server/sessions/start-run';
import { createTestDb } from '../helpers/db';
import { makeTeamWorld } from '../helpers/runs';
import { makeActor } from '../factories/org';

// Use without internet, server side: the pages a member's phone saves for a course, the player as
// it will look at each step, and a queue of posts replayed twice (a lost answer, a restart) that
// writes nothing twice.

let handle: DbHandle;
let db: Db;
let curriculum: Curriculum;
let w: Awaited<ReturnType<typeof makeTeamWorld>>;
let other: Awaited<ReturnType<typeof makeTeamWorld>>;

// Think.COOP, session 1: read, discuss, worksheet, read, worksheet, reflect.
const S1 = { course: 'think-coop', module: 'orientation', session: 'good-relationships' };
const S2 = { course: 'think-coop', module: 'orientation', session: 'horizontal-vertical' };
const PHONE = 'device-aaaaaaaaaaaaaaaa';

beforeAll(async () => {
	handle = await createTestDb();
	db = handle.db;
	curriculum = await getCurriculum();
	w = await makeTeamWorld(db, 3);
	other = await makeTeamWorld(db, 2);
	for (const c of [w.cohort, other.cohort])
		await db
			.update(cohort)
			.set({ courses: ['think-coop'] })
			.where(eq(cohort.id, c.id));
});
afterAll(() => handle.close());

const deps = () => ({ db, curriculum, secret: 'offline-pages-test-secret' });
const version = async (id: string) =>
	String((await db.select().from(sessionRun).where(eq(sessionRun.id, id)))[0]!.version);

/** A run started by the team's first member on PHONE, everyone present, roles as proposed. */
async function playing(at = S1): Promise<string> {
	const lead = w.actors[0]!;
	const { id } = await startRun(deps(), lead, {
		team: w.team.id,
		...at,
		mode: 'group',
		clientId: randomUUID(),
		deviceId: PHONE
	});
	await setAttendance(deps(), lead, {
		runId: id,
		version: await version(id),
		present: w.people.map((p) => p.id),
		guests: '0'
	});
	const { view } = await readRun(deps(), lead, { runId: id, deviceId: PHONE, locale: 'es' });
	await assignRoles(deps(), lead, {
		runId: id,
		version: String(view.version),
		timekeeper: view.proposal!.timekeeper,
		notetaker: view.proposal!.notetaker,
		readers: view.proposal!.readers,
		deviceId: PHONE
	});
	return id;
}

describe('the pages saved for a course', () => {
	let runId: string;
	let setupId: string;
	beforeAll(async () => {
		runId = await playing(S1);
		const started = await startRun(deps(), w.actors[0]!, {
			team: w.team.id,
			...S2,
			mode: 'group',
			clientId: randomUUID(),
			deviceId: PHONE
		});
		setupId = started.id;
	});

	it('are the course, its sessions, its tests and the open runs of the member team at each step', async () => {
		const list = await listOfflinePages(deps(), w.actors[1]!, {
			course: 'think-coop',
			locale: 'es'
		});
		expect(list.contentVersion).toBe(curriculum.version);
		expect(list.pages[0]).toBe('/courses/think-coop');
		expect(
			list.pages.filter((p) => /^\/courses\/think-coop\/orientation\/[a-z-]+$/.test(p))
		).toHaveLength(5);
		expect(list.pages).toContain('/courses/think-coop/test/pre');
		expect(list.pages).toContain('/courses/think-coop/test/post');
		// The playing run: as it is, at each of its six steps and at the check-in. The run still in
		// setup: also the roles form.
		const steps = [1, 2, 3, 4, 5, 6].map((n) => `?at=${n}`);
		expect(list.pages.filter((p) => p.startsWith(`/runs/${runId}`))).toEqual(
			['', ...steps, '?at=checkin'].map((q) => `/runs/${runId}${q}`)
		);
		const s2Steps = curriculum
			.session(S2.course, S2.module, S2.session)!
			.activities.map((_, i) => `?at=${i + 1}`);
		expect(list.pages.filter((p) => p.startsWith(`/runs/${setupId}`))).toEqual(
			['', '?at=roles', ...s2Steps, '?at=checkin'].map((q) => `/runs/${setupId}${q}`)
		);
		// The team's next session not begun (sessions 1 and 2 are under way: session 3), ready to
		// start with no signal under an id chosen now.
		expect(list.drafts).toHaveLength(1);
		const d = list.drafts[0]!;
		expect(d).toMatchObject({
			team: w.team.id,
			module: 'orientation',
			moduleNumber: 1,
			sessionNumber: 3
		});
		const S3 = curriculum.course('think-coop')!.modules[0]!.sessions[2]!;
		expect(d.session).toBe(S3.slug);
		expect(d.url).toBe(`/runs/${d.id}?draft=${w.team.id}.think-coop.orientation.${S3.slug}`);
		expect(list.pages.filter((p) => p.startsWith(`/runs/${d.id}`))).toEqual([
			d.url,
			`${d.url}&at=roles`,
			...S3.activities.map((_, i) => `${d.url}&at=${i + 1}`),
			`${d.url}&at=checkin`
		]);
		expect(new Set(list.pages).size).toBe(list.pages.length);
		// Each save chooses a new id: a start kept from an older save still names its own run.
		const again = await listOfflinePages(deps(), w.actors[1]!, {
			course: 'think-coop',
			locale: 'es'
		});
		expect(again.drafts[0]!.id).not.toBe(d.id);
	});

	it("never list another team's runs, nor runs for staff who are in no team", async () => {
		for (const actor of [w.lead, await makeActor(db, 'coordinator')]) {
			const list = await listOfflinePages(deps(), actor, { course: 'think-coop', locale: 'es' });
			expect(list.pages.some((p) => p.startsWith('/runs/'))).toBe(false);
			expect(list.drafts).toEqual([]);
			expect(list.pages).toContain('/courses/think-coop');
		}
		// The other team's member: only its own team's first session, ready to start.
		const theirs = await listOfflinePages(deps(), other.actors[0]!, {
			course: 'think-coop',
			locale: 'es'
		});
		expect(theirs.drafts.map((x) => [x.team, x.session])).toEqual([[other.team.id, S1.session]]);
		expect(
			theirs.pages.filter((p) => p.startsWith('/runs/')).every((p) => p.includes(other.team.id))
		).toBe(true);
	});

	it('refuses an unknown course, and anyone not signed in', async () => {
		await expect(
			listOfflinePages(deps(), w.actors[0]!, { course: 'nope', locale: 'es' })
		).rejects.toMatchObject({ code: 'not_found' });
		await expect(
			listOfflinePages(deps(), null as never, { course: 'think-coop', locale: 'es' })
		).rejects.toMatchObject({ code: 'unauthenticated' });
	});

	it('shows the player at another step while playing, without changing the run', async () => {
		const before = await version(runId);
		const at3 = await readRun(deps(), w.actors[0]!, {
			runId,
			deviceId: PHONE,
			locale: 'es',
			at: 3
		});
		expect(at3.view).toMatchObject({ preview: true, step: 2, version: Number(before) });
		expect(at3.view.current?.number).toBe(3);
		expect(at3.activity?.type).toBe('worksheet');
		expect(await version(runId)).toBe(before);
		// The step the group is on, a step out of range, and a run not playing: as it is.
		for (const at of [1, 0, 7, 2.5]) {
			const v = (await readRun(deps(), w.actors[0]!, { runId, deviceId: PHONE, locale: 'es', at }))
				.view;
			expect(v).toMatchObject({ preview: false, step: 0 });
		}
		// A run still in setup: step 2 as it will look, with no clock running yet.
		const setup = await readRun(deps(), w.actors[0]!, {
			runId: setupId,
			deviceId: PHONE,
			locale: 'es',
			at: 2
		});
		expect(setup.view).toMatchObject({
			preview: true,
			stage: 'play',
			step: 1,
			stepStartedAt: null
		});
		// A finished stage or a word it does not know: as it is.
		const odd = await readRun(deps(), w.actors[0]!, {
			runId,
			deviceId: PHONE,
			locale: 'es',
			at: 'roles'
		});
		expect(odd.view).toMatchObject({ preview: false, stage: 'play' });
	});

	it('shows the roles and the check-in ahead of attendance, everyone counted present', async () => {
		const before = await version(setupId);
		const roles = await readRun(deps(), w.actors[0]!, {
			runId: setupId,
			deviceId: PHONE,
			locale: 'es',
			at: 'roles'
		});
		expect(roles.view).toMatchObject({ preview: true, stage: 'setup', presentAssumed: true });
		expect([...roles.view.present].sort()).toEqual(w.people.map((p) => p.id).sort());
		expect(w.people.map((p) => p.id)).toContain(roles.view.proposal!.timekeeper);
		const checkin = await readRun(deps(), w.actors[0]!, {
			runId: setupId,
			deviceId: PHONE,
			locale: 'es',
			at: 'checkin'
		});
		expect(checkin.view).toMatchObject({ preview: true, stage: 'checkin', presentAssumed: true });
		expect(await version(setupId)).toBe(before);
	});
});

describe('a session ready to start with no signal', () => {
	const S4 = { course: 'think-coop', module: 'orientation', session: '' };
	beforeAll(() => {
		S4.session = curriculum.course('think-coop')!.modules[0]!.sessions[3]!.slug;
	});
	const draftOf = () => ({ team: w.team.id, ...S4 });

	it('is the run a start with its id would make, written only when the start arrives', async () => {
		const id = randomUUID();
		const page = await readRun(deps(), w.actors[1]!, {
			runId: id,
			deviceId: PHONE,
			locale: 'es',
			draft: draftOf()
		});
		expect(page.view).toMatchObject({
			id,
			preview: true,
			stage: 'setup',
			version: 1,
			presentAssumed: false,
			can: { write: true, lead: true }
		});
		expect(page.view.members.filter((p) => p.active)).toHaveLength(3);
		const roles = await readRun(deps(), w.actors[1]!, {
			runId: id,
			deviceId: PHONE,
			locale: 'es',
			draft: draftOf(),
			at: 'roles'
		});
		expect(roles.view.proposal).not.toBeNull();
		const step2 = await readRun(deps(), w.actors[1]!, {
			runId: id,
			deviceId: PHONE,
			locale: 'es',
			draft: draftOf(),
			at: 2
		});
		expect(step2.view).toMatchObject({ stage: 'play', step: 1, version: 1 });
		expect(await db.select().from(sessionRun).where(eq(sessionRun.id, id))).toEqual([]);

		// The kept posts arrive in order: the start makes the run with that id, and the attendance
		// kept on the draft page names the version the page showed.
		const started = await startRun(deps(), w.actors[1]!, {
			team: w.team.id,
			...S4,
			mode: 'group',
			clientId: id,
			deviceId: PHONE
		});
		expect(started).toEqual({ id, resumed: false });
		await setAttendance(deps(), w.actors[1]!, {
			runId: id,
			version: String(page.view.version),
			present: [w.people[0]!.id, w.people[1]!.id],
			guests: '0'
		});
		// Once the run exists, the same address shows it as it is.
		const real = await readRun(deps(), w.actors[1]!, {
			runId: id,
			deviceId: PHONE,
			locale: 'es',
			draft: draftOf()
		});
		expect(real.view).toMatchObject({ preview: false, version: 2 });
		expect(real.view.present).toHaveLength(2);
	});

	it('is only for those who may start the team’s sessions, and a session of its courses', async () => {
		const id = randomUUID();
		for (const actor of [other.actors[0]!, await makeActor(db, 'coordinator')])
			await expect(
				readRun(deps(), actor, { runId: id, deviceId: PHONE, locale: 'es', draft: draftOf() })
			).rejects.toMatchObject({ code: expect.stringMatching(/forbidden|not_found/) });
		await expect(
			readRun(deps(), w.actors[0]!, {
				runId: id,
				deviceId: PHONE,
				locale: 'es',
				draft: { ...draftOf(), session: 'no-such-session' }
			})
		).rejects.toMatchObject({ code: 'not_found' });
	});
});

describe('a queue of posts replayed twice', () => {
	it('writes each change once: repeated moves are stale, a repeated note is the same revision', async () => {
		const lead = w.actors[0]!;
		const runId = await playing(S2);
		const v0 = Number(await version(runId));
		// What the phone queued with no signal: two moves (each naming the version the one before
		// leads to) and a note on step 5, a discuss step of session 2.
		const queue = [
			() => moveStep(deps(), lead, { runId, version: String(v0), to: 'next', deviceId: PHONE }),
			() => moveStep(deps(), lead, { runId, version: String(v0 + 1), to: 'next', deviceId: PHONE }),
			() =>
				saveNote(deps(), lead, {
					runId,
					step: '5',
					revision: '0',
					text: 'Lo que dijo el grupo.',
					deviceId: PHONE
				})
		];
		for (const post of queue) await post();
		const after = (await db.select().from(sessionRun).where(eq(sessionRun.id, runId)))[0]!;
		expect(after).toMatchObject({ step: 2, version: v0 + 2 });

		// Sent again (the answers were lost, or the server restarted): nothing moves twice.
		await expect(queue[0]!()).rejects.toBeInstanceOf(StaleRunError);
		await expect(queue[1]!()).rejects.toBeInstanceOf(StaleRunError);
		expect(await queue[2]!()).toEqual({ revision: 1 });
		expect((await db.select().from(sessionRun).where(eq(sessionRun.id, runId)))[0]).toMatchObject({
			step: 2,
			version: v0 + 2
		});
		const notes = await db
			.select()
			.from(runNote)
			.where(and(eq(runNote.runId, runId), eq(runNote.step, 4)));
		expect(notes).toHaveLength(1);
		expect(notes[0]).toMatchObject({ revision: 1, text: 'Lo que dijo el grupo.' });
	});
});

describe('the key that names a member on the phone', () => {
	it('is short, stable and differs between members', () => {
		const a = offlineUserKey('user-a');
		expect(a).toMatch(/^[0-9a-f]{16}$/);
		expect(offlineUserKey('user-a')).toBe(a);
		expect(offlineUserKey('user-b')).not.toBe(a);
	});
});
