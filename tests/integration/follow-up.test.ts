import { randomUUID } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../../src/lib/server/access/guard';
import { getCurriculum } from '../../src/lib/server/curriculum/get-curriculum';
import type { Curriculum } from '../../src/lib/server/curriculum/schema';
import type { Db, DbHandle } from '../../src/lib/server/db/client';
import {
	followUpEvent,
	followUpUpdate,
	planReviewEvent,
	planSection,
	team,
	workbook
} from '../../src/lib/server/db/schema';
import { createRounds, roundDefaults } from '../../src/lib/server/follow-up/create-rounds';
import { getEvidence } from '../../src/lib/server/follow-up/get-evidence';
import { getPlanHistory } from '../../src/lib/server/follow-up/get-plan-history';
import { getRound, listTeamRounds } from '../../src/lib/server/follow-up/get-round';
import { listLateFollowUps } from '../../src/lib/server/follow-up/list-late';
import { listRounds } from '../../src/lib/server/follow-up/list-rounds';
import { reviewUpdate } from '../../src/lib/server/follow-up/review-update';
import { saveUpdate, type SaveUpdateInput } from '../../src/lib/server/follow-up/save-update';
import { createTestDb } from '../helpers/db';
import { makeTeamWorld } from '../helpers/runs';
import { makeActor, makeCooperative, makeFederation } from '../factories/org';

let handle: DbHandle;
let db: Db;
let curriculum: Curriculum;
let dataDir: string;
let world: Awaited<ReturnType<typeof makeTeamWorld>>;
/** A second cooperative of the same cohort, with its own lead and no plan. */
let other: { teamId: string; lead: Actor };
let coordinator: Actor;
let focalOther: Actor;
let focalOwn: Actor;
let round1: string;
let round2: string;
const deps = () => ({ db, dataDir });

const activity = (name: string, budget: number) => ({
	objective: '',
	activity: name,
	startDate: '2027-01-10',
	endDate: '2027-04-30',
	budget,
	indicator: 'Personas capacitadas',
	target: '6'
});

beforeAll(async () => {
	handle = await createTestDb();
	db = handle.db;
	curriculum = await getCurriculum();
	dataDir = mkdtempSync(join(tmpdir(), 'minka-followup-'));
	world = await makeTeamWorld(db, 1);
	const [wb] = await db
		.insert(workbook)
		.values({ cooperativeId: world.coop.id, programmeId: world.cohort.programmeId })
		.returning();
	await db.insert(planSection).values({
		workbookId: wb!.id,
		sectionKey: 'action-plan.activities',
		revision: 1,
		source: 'workbook',
		status: 'submitted',
		// Three items; the blank row in the middle is no item.
		data: {
			activities: [
				activity('Comprar ventiladores', 150_000),
				{ activity: '', budget: '' },
				activity('Capacitar en seguridad', 0),
				activity('Inscribir en la seguridad social', 80_000)
			]
		}
	});
	await db.insert(planReviewEvent).values({
		clientId: randomUUID(),
		workbookId: wb!.id,
		sectionKey: 'action-plan.activities',
		kind: 'submitted',
		revision: 1,
		at: new Date('2026-11-20T15:00:00Z')
	});
	const coop2 = await makeCooperative(db, world.fed.id);
	const [t2] = await db
		.insert(team)
		.values({ cohortId: world.cohort.id, cooperativeId: coop2.id, name: 'Otro equipo' })
		.returning();
	other = {
		teamId: t2!.id,
		lead: await makeActor(db, 'cooperative_lead', { cooperativeId: coop2.id })
	};
	coordinator = await makeActor(db, 'coordinator');
	focalOwn = await makeActor(db, 'federation_focal_point', { federationId: world.fed.id });
	const fed2 = await makeFederation(db);
	focalOther = await makeActor(db, 'federation_focal_point', { federationId: fed2.id });
});
afterAll(() => handle.close());

const save = (over: Partial<SaveUpdateInput> & { raw?: SaveUpdateInput['raw'] } = {}) =>
	saveUpdate(deps(), world.lead, {
		teamId: world.team.id,
		roundId: round1,
		itemKey: '0',
		baseRevision: 0,
		clientId: randomUUID(),
		raw: { status: 'on_track', percent: '40', spent: '600', indicatorValue: '2', note: 'Bien' },
		...over
	});
const evidenceFiles = () => {
	try {
		return readdirSync(join(dataDir, 'evidence'));
	} catch {
		return [];
	}
};

describe('follow-up rounds', () => {
	it('offers rounds 3 and 6 months after the end date, and a coordinator sets them', async () => {
		expect(world.cohort.endsOn).toBe('2026-12-01');
		const defaults = await roundDefaults({ db }, coordinator, world.cohort.id);
		expect(defaults).toEqual([
			{ months: 3, dueOn: '2027-03-01' },
			{ months: 6, dueOn: '2027-06-01' }
		]);
		const rounds = defaults.map((d) => ({ dueOn: d.dueOn, label: `${d.months} meses` }));
		expect(await createRounds({ db }, coordinator, { cohortId: world.cohort.id, rounds })).toEqual({
			created: 2
		});
		// The same form posted again adds nothing.
		expect(await createRounds({ db }, coordinator, { cohortId: world.cohort.id, rounds })).toEqual({
			created: 0
		});
		const listed = await listRounds({ db }, coordinator, world.cohort.id);
		expect(listed.rounds.map((r) => [r.dueOn, r.label])).toEqual([
			['2027-03-01', '3 meses'],
			['2027-06-01', '6 meses']
		]);
		[round1, round2] = listed.rounds.map((r) => r.id) as [string, string];
	});

	it('refuses a round on or before the end date, without a label, or from a facilitator', async () => {
		await expect(
			createRounds({ db }, coordinator, {
				cohortId: world.cohort.id,
				rounds: [
					{ dueOn: '2026-12-01', label: 'Muy pronto' },
					{ dueOn: '2027-02-30', label: 'x' },
					{ dueOn: '2027-09-01', label: ' ' }
				]
			})
		).rejects.toMatchObject({
			code: 'invalid_input',
			fields: {
				'dueOn-0': 'followup_err_after_end',
				'dueOn-1': 'followup_err_date',
				'label-2': 'followup_err_label'
			}
		});
		await expect(
			createRounds({ db }, world.facilitator, {
				cohortId: world.cohort.id,
				rounds: [{ dueOn: '2027-09-01', label: 'Nueve meses' }]
			})
		).rejects.toMatchObject({ code: 'forbidden' });
	});
});

describe('updates and their review', () => {
	it('the lead updates an item with the revision shown; a stale form is a conflict', async () => {
		const first = await save();
		expect(first).toEqual({ status: 'saved', revision: 1 });
		// Another phone still had the form of revision 0.
		const stale = await save({ raw: { status: 'late', percent: '10' } });
		expect(stale.status).toBe('conflict');
		if (stale.status === 'conflict') {
			expect(stale.theirs.revision).toBe(1);
			expect(stale.theirs.status).toBe('on_track');
		}
		const [row] = await db.select().from(followUpUpdate);
		expect(row).toMatchObject({
			itemKey: '0',
			snapshot: { activity: 'Comprar ventiladores', budget: 150_000 },
			status: 'on_track',
			percent: 40,
			spent: 60_000,
			indicatorValue: '2',
			note: 'Bien',
			revision: 1,
			reviewState: 'pending'
		});
	});

	it('a retried post with the same client id writes nothing twice', async () => {
		const clientId = randomUUID();
		const raw = { status: 'on_track', percent: '60' };
		expect(await save({ clientId, baseRevision: 1, raw })).toEqual({
			status: 'saved',
			revision: 2
		});
		expect(await save({ clientId, baseRevision: 1, raw })).toEqual({
			status: 'saved',
			revision: 2
		});
		const events = await db.select().from(followUpEvent).where(eq(followUpEvent.kind, 'updated'));
		expect(events.map((e) => e.revision).sort()).toEqual([1, 2]);
	});

	it('refuses bad values with a code per field', async () => {
		await expect(
			save({ baseRevision: 2, raw: { status: 'maybe', percent: '140', spent: 'mucho' } })
		).rejects.toMatchObject({
			code: 'invalid_input',
			fields: {
				status: 'followup_err_status',
				percent: 'followup_err_percent',
				spent: 'followup_err_amount'
			}
		});
		// An item that is not in the plan (the blank row, a made-up key).
		await expect(save({ itemKey: '1' })).rejects.toMatchObject({ code: 'not_found' });
		await expect(save({ itemKey: '9' })).rejects.toMatchObject({ code: 'not_found' });
	});

	it('the facilitator validates or queries the revision read', async () => {
		const [row] = await db.select().from(followUpUpdate);
		const review = (
			actor: Actor,
			decision: string,
			revision: number,
			note = '',
			itemKey = row!.itemKey
		) =>
			reviewUpdate({ db }, actor, {
				teamId: world.team.id,
				updateId: row!.id,
				itemKey,
				revision,
				decision,
				note,
				clientId: randomUUID()
			});
		// Revision 1 is no longer what is there.
		expect(await review(world.facilitator, 'validated', 1)).toEqual({ status: 'conflict' });
		// A decision that is neither, no revision, or a form for another item: refused, not saved.
		// Each started only when awaited: a refusal that came before its handler was attached
		// would be an unhandled rejection.
		for (const bad of [
			() => review(world.facilitator, 'approve', 2),
			() => review(world.facilitator, 'validated', -1),
			() => review(world.facilitator, 'validated', 2, '', `${row!.itemKey}9`)
		])
			await expect(bad()).rejects.toMatchObject({ code: 'invalid_input' });
		await expect(review(world.facilitator, 'queried', 2)).rejects.toMatchObject({
			fields: { reviewerNote: 'followup_err_query_note' }
		});
		expect(await review(world.facilitator, 'queried', 2, '¿Dónde está la factura?')).toEqual({
			status: 'saved'
		});
		let [now] = await db.select().from(followUpUpdate);
		expect(now).toMatchObject({
			reviewState: 'queried',
			reviewerNote: '¿Dónde está la factura?',
			reviewedBy: world.facilitator.userId
		});
		// The lead answers with a new update: it is pending again, and a coordinator validates it.
		expect(await save({ baseRevision: 2, raw: { status: 'done', percent: '100' } })).toEqual({
			status: 'saved',
			revision: 3
		});
		[now] = await db.select().from(followUpUpdate);
		expect(now).toMatchObject({ reviewState: 'pending', reviewerNote: null, revision: 3 });
		expect(await review(coordinator, 'validated', 3)).toEqual({ status: 'saved' });
		// Neither the lead nor another cooperative's lead nor a focal point may judge.
		for (const actor of [world.lead, other.lead, focalOwn])
			await expect(review(actor, 'validated', 3)).rejects.toMatchObject({ code: 'forbidden' });
	});

	it('refuses a lead of another cooperative and a focal point of another federation', async () => {
		await expect(
			saveUpdate(deps(), other.lead, {
				teamId: world.team.id,
				roundId: round1,
				itemKey: '2',
				baseRevision: 0,
				clientId: randomUUID(),
				raw: { status: 'on_track', percent: '5' }
			})
		).rejects.toMatchObject({ code: 'forbidden' });
		for (const actor of [other.lead, focalOther]) {
			await expect(getRound({ db }, actor, world.team.id, round1)).rejects.toMatchObject({
				code: 'forbidden'
			});
			await expect(
				getPlanHistory({ db, curriculum }, actor, world.team.id, 'es')
			).rejects.toMatchObject({ code: 'forbidden' });
		}
		await expect(listRounds({ db }, focalOther, world.cohort.id)).rejects.toMatchObject({
			code: 'forbidden'
		});
		// A team member who is not the lead reads the plan but does not update it.
		const member = world.actors[0]!;
		expect((await getRound({ db }, member, world.team.id, round1)).can).toEqual({
			write: false,
			review: false
		});
		await expect(save({ itemKey: '2', baseRevision: 0 })).resolves.toMatchObject({
			status: 'saved'
		});
		// The own federation's focal point reads, and may do nothing more.
		const seen = await getRound({ db }, focalOwn, world.team.id, round1);
		expect(seen.can).toEqual({ write: false, review: false });
		// A round of another cohort is not found through this team.
		await expect(getRound({ db }, world.lead, world.team.id, randomUUID())).rejects.toMatchObject({
			code: 'not_found'
		});
	});

	it('shows every item with its update and the timeline, newest first', async () => {
		const r = await getRound({ db }, world.lead, world.team.id, round1);
		expect(r.can).toEqual({ write: true, review: false });
		expect(r.items.map((i) => [i.key, i.activity, i.update?.revision ?? 0])).toEqual([
			['0', 'Comprar ventiladores', 3],
			['2', 'Capacitar en seguridad', 1],
			['3', 'Inscribir en la seguridad social', 0]
		]);
		const history = await getPlanHistory(
			{ db, curriculum },
			world.facilitator,
			world.team.id,
			'es'
		);
		expect(history.map((h) => (h.kind === 'review' ? `review:${h.step}` : h.kind))).toEqual([
			'updated',
			'validated',
			'updated',
			'queried',
			'updated',
			'updated',
			'review:submitted'
		]);
		expect(history.at(-1)).toMatchObject({ section: 'Actividades' });
	});
});

describe('lateness', () => {
	const at = (iso: string) => new Date(iso);
	const states = async (now: Date) =>
		(await listRounds({ db, now }, coordinator, world.cohort.id)).rounds.map((r) => [
			r.late,
			r.cooperatives.map((k) => [k.progress.state, k.progress.updated, k.progress.items])
		]);

	it('is late the day after the due date (Bolivian calendar) while an item has no update', async () => {
		// 23:00 in La Paz on the due date is 03:00 UTC the next day: not late yet.
		expect(await states(at('2027-03-02T03:00:00Z'))).toEqual([
			[
				0,
				expect.arrayContaining([
					['in_progress', 2, 3],
					['not_started', 0, 0]
				])
			],
			[0, expect.arrayContaining([['not_started', 0, 3]])]
		]);
		const late = await states(at('2027-03-02T05:00:00Z'));
		// A cooperative without a plan is never complete: past the date it is late too.
		expect(late[0]).toEqual([
			2,
			expect.arrayContaining([
				['late', 2, 3],
				['late', 0, 0]
			])
		]);
		// The home page's notice: where follow-up is late, for those who follow whole cohorts.
		const notice = [{ cohortId: world.cohort.id, cohortName: world.cohort.name, late: 2 }];
		const lateAt = { db, now: at('2027-03-02T05:00:00Z') };
		expect(await listLateFollowUps(lateAt, coordinator)).toEqual(notice);
		expect(await listLateFollowUps(lateAt, world.facilitator)).toEqual(notice);
		expect(await listLateFollowUps(lateAt, focalOwn)).toEqual([]);
		expect(await listLateFollowUps(lateAt, world.lead)).toEqual([]);
		expect(await listLateFollowUps({ db, now: at('2027-03-02T03:00:00Z') }, coordinator)).toEqual(
			[]
		);
		// Once every item is updated the round is complete, even after the date.
		await save({ itemKey: '3', baseRevision: 0 });
		const after = await states(at('2027-03-05T12:00:00Z'));
		expect(after[0]![0]).toBe(1);
		expect(after[0]![1]).toEqual(expect.arrayContaining([['complete', 3, 3]]));
		const team = await listTeamRounds(
			{ db, now: at('2027-03-05T12:00:00Z') },
			world.lead,
			world.team.id
		);
		expect(team.rounds.map((r) => r.progress.state)).toEqual(['complete', 'not_started']);
		expect(team.rounds[1]!.id).toBe(round2);
	});
});

describe('evidence', () => {
	const png = readFileSync(join(import.meta.dirname, '../fixtures/evidence.png'));
	let pdf: Buffer;
	beforeAll(async () => {
		const { pdfmake } = await import('../../src/lib/server/pdf/pdfmake');
		pdf = await pdfmake
			.createPdf({ content: ['Factura 123'], defaultStyle: { font: 'Helvetica' } })
			.getBuffer();
	});
	const current = async (key: string) =>
		(await db.select().from(followUpUpdate)).find((u) => u.itemKey === key && u.roundId === round2);

	it('keeps a real PNG and a PDF, found by their bytes, and serves them back', async () => {
		const r1 = await save({
			roundId: round2,
			evidence: { name: 'C:\\fotos\\ventilador.png', bytes: png }
		});
		expect(r1).toEqual({ status: 'saved', revision: 1 });
		let row = await current('0');
		expect(row).toMatchObject({
			evidenceName: 'ventilador.png',
			evidenceType: 'image/png',
			evidenceBytes: png.length
		});
		expect(row!.evidencePath).toMatch(/^evidence\/[0-9a-f-]{36}$/);
		const got = await getEvidence(deps(), world.facilitator, world.team.id, row!.id);
		expect(got.type).toBe('image/png');
		expect(readFileSync(got.path).equals(png)).toBe(true);
		// A PDF named like a photo is a PDF.
		await save({
			roundId: round2,
			baseRevision: 1,
			evidence: { name: 'factura.jpg', bytes: pdf }
		});
		row = await current('0');
		expect(row).toMatchObject({ evidenceType: 'application/pdf', evidenceBytes: pdf.length });
		// An update without a new file keeps the evidence it had.
		await save({ roundId: round2, baseRevision: 2 });
		expect(await current('0')).toMatchObject({ evidenceType: 'application/pdf', revision: 3 });
		expect(evidenceFiles().filter((f) => !f.startsWith('.'))).toHaveLength(2);
		expect(evidenceFiles().filter((f) => f.startsWith('.'))).toEqual([]);
		// Only those who read the plan get the file.
		for (const actor of [other.lead, focalOther])
			await expect(getEvidence(deps(), actor, world.team.id, row!.id)).rejects.toMatchObject({
				code: 'forbidden'
			});
	});

	it('refuses a renamed text file and an oversize one, storing nothing', async () => {
		const before = evidenceFiles();
		await expect(
			save({
				roundId: round2,
				itemKey: '2',
				evidence: { name: 'foto.png', bytes: Buffer.from('esto no es una foto\n') }
			})
		).rejects.toMatchObject({ fields: { evidence: 'followup_err_evidence_type' } });
		const big = Buffer.alloc(5 * 1024 * 1024 + 1);
		png.copy(big);
		await expect(
			save({ roundId: round2, itemKey: '2', evidence: { name: 'grande.png', bytes: big } })
		).rejects.toMatchObject({ fields: { evidence: 'followup_err_evidence_size' } });
		// A file posted with a stale form is dropped with the refused write.
		const stale = await save({
			roundId: round2,
			baseRevision: 1,
			evidence: { name: 'otra.png', bytes: png }
		});
		expect(stale.status).toBe('conflict');
		expect(evidenceFiles()).toEqual(before);
		expect(await current('2')).toBeUndefined();
	});
});
