import { randomUUID } from 'node:crypto';
import { and, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getCurriculum } from '../../src/lib/server/curriculum/get-curriculum';
import type { Curriculum } from '../../src/lib/server/curriculum/schema';
import type { Db, DbHandle } from '../../src/lib/server/db/client';
import {
	activityResponse,
	learningEvent,
	planRevision,
	runDecision,
	sessionRun
} from '../../src/lib/server/db/schema';
import { answerQuiz } from '../../src/lib/server/sessions/answer-quiz';
import { recordDecision } from '../../src/lib/server/sessions/record-decision';
import { saveWorksheet } from '../../src/lib/server/sessions/save-worksheet';
import { loadStepData } from '../../src/lib/server/sessions/step-data';
import { loadRunContext } from '../../src/lib/server/sessions/run-context';
import { readSection } from '../../src/lib/server/workbook/read-section';
import { saveSection } from '../../src/lib/server/workbook/save-section';
import { createTestDb } from '../helpers/db';
import { makeRun, makeTeamWorld } from '../helpers/runs';

let handle: DbHandle;
let db: Db;
let curriculum: Curriculum;
let world: Awaited<ReturnType<typeof makeTeamWorld>>;
let other: Awaited<ReturnType<typeof makeTeamWorld>>;
const deps = () => ({ db, curriculum });

beforeAll(async () => {
	handle = await createTestDb();
	db = handle.db;
	curriculum = await getCurriculum();
	world = await makeTeamWorld(db, 4);
	other = await makeTeamWorld(db, 3);
});
afterAll(() => handle.close());

// One open group run per team per session: a session's run is made once and shared by the tests.
const runs = new Map<string, Promise<{ id: string }>>();
const runOf = (w: typeof world, course: string, module: string, session: string) => {
	const key = `${w.team.id}/${course}/${module}/${session}`;
	if (!runs.has(key))
		runs.set(
			key,
			makeRun(db, {
				teamId: w.team.id,
				cohortId: w.cohort.id,
				course,
				module,
				session,
				// 3 of the team's members are present.
				present: w.people.slice(0, 3).map((p) => p.id),
				contentVersion: curriculum.version
			})
		);
	return runs.get(key)!;
};

const ref = () => ({
	cooperativeId: world.coop.id,
	programmeId: world.cohort.programmeId
});

const count = async (
	table: typeof planRevision | typeof learningEvent,
	where?: ReturnType<typeof eq>
) =>
	(
		await db
			.select({ n: sql<number>`count(*)::int` })
			.from(table)
			.where(where)
	)[0]!.n;

describe('worksheet steps that fill the workbook', () => {
	// Start.COOP module 1, session 1, step 6: the competencies worksheet (core-group.competencies).
	const STEP = 5;
	let runId: string;
	const table = () => ({
		'f.competenciesNeeded': ['leadership', 'bookkeeping'],
		'f.matrix._rows': '2',
		'f.matrix.0.member': world.people[0]!.id,
		'f.matrix.0.competency': 'leadership',
		'f.matrix.0.level': 'has',
		'f.matrix.1.member': world.people[1]!.id,
		'f.matrix.1.competency': 'bookkeeping',
		'f.matrix.1.level': 'missing'
	});

	beforeAll(async () => {
		runId = (await runOf(world, 'start-coop', 'core-group-and-idea', 'core-members')).id;
	});

	it('saves a table as revision 1 of the section, and a retry of the same post adds nothing', async () => {
		const clientId = randomUUID();
		const input = { runId, step: String(STEP), values: table(), revision: '0', clientId };
		const first = await saveWorksheet(deps(), world.actors[0]!, input);
		expect(first).toEqual({ status: 'saved', revision: 1 });
		const again = await saveWorksheet(deps(), world.actors[0]!, input);
		expect(again).toEqual({ status: 'saved', revision: 1 });

		const section = await readSection(db, { ...ref(), sectionKey: 'core-group.competencies' });
		expect(section.revision).toBe(1);
		expect(section.data).toEqual({
			competenciesNeeded: ['leadership', 'bookkeeping'],
			matrix: [
				{ member: world.people[0]!.id, competency: 'leadership', level: 'has' },
				{ member: world.people[1]!.id, competency: 'bookkeeping', level: 'missing' }
			]
		});
		expect(await count(planRevision, eq(planRevision.sectionKey, 'core-group.competencies'))).toBe(
			1
		);
		const [rev] = await db.select().from(planRevision).where(eq(planRevision.clientId, clientId));
		expect(rev).toMatchObject({ revision: 1, source: 'session', runId });
		const events = await db
			.select()
			.from(learningEvent)
			.where(sql`${learningEvent.context}->>'run' = ${runId}`);
		expect(events).toHaveLength(1);
		expect(events[0]!.verb).toBe('http://adlnet.gov/expapi/verbs/answered');
	});

	it('answers a stale save with both versions and overwrites nothing; keeping mine saves revision 2', async () => {
		// A second phone opened the form before the first save (revision 0) and typed other rows.
		const mine = { ...table(), 'f.matrix.1.level': 'partly', 'f.otherCompetencies': 'Soldadura' };
		const stale = await saveWorksheet(deps(), world.actors[1]!, {
			runId,
			step: STEP,
			values: mine,
			revision: '0',
			clientId: randomUUID()
		});
		expect(stale.status).toBe('conflict');
		if (stale.status !== 'conflict') return;
		expect(stale.theirs.revision).toBe(1);
		expect(stale.theirs.values['f.matrix.1.level']).toBe('missing');
		expect(stale.theirs.values['f.matrix._rows']).toBe('2');
		expect(stale.theirs.savedBy).toMatch(/participant/);
		expect(stale.theirs.savedAt).toBeInstanceOf(Date);
		const unchanged = await readSection(db, { ...ref(), sectionKey: 'core-group.competencies' });
		expect(unchanged.revision).toBe(1);

		// "Keep mine": the same values, now naming the revision they were shown.
		const kept = await saveWorksheet(deps(), world.actors[1]!, {
			runId,
			step: STEP,
			values: mine,
			revision: String(stale.theirs.revision),
			clientId: randomUUID()
		});
		expect(kept).toEqual({ status: 'saved', revision: 2 });
		const now = await readSection(db, { ...ref(), sectionKey: 'core-group.competencies' });
		expect(now.data.otherCompetencies).toBe('Soldadura');
		expect(await count(planRevision, eq(planRevision.sectionKey, 'core-group.competencies'))).toBe(
			2
		);
	});

	it('answers a reused client id with other values as a conflict, not as the old save', async () => {
		const clientId = randomUUID();
		const values = { ...table(), 'f.otherCompetencies': 'Mecánica' };
		expect(
			await saveWorksheet(deps(), world.actors[0]!, {
				runId,
				step: STEP,
				values,
				revision: '2',
				clientId
			})
		).toEqual({ status: 'saved', revision: 3 });
		const reused = await saveWorksheet(deps(), world.actors[0]!, {
			runId,
			step: STEP,
			values: { ...values, 'f.otherCompetencies': 'Otra cosa' },
			revision: '3',
			clientId
		});
		expect(reused.status).toBe('conflict');
		expect(
			(await readSection(db, { ...ref(), sectionKey: 'core-group.competencies' })).revision
		).toBe(3);
	});

	it('races: two saves of the same revision, one wins, the other gets a conflict', async () => {
		const [a, b] = await Promise.all([
			saveWorksheet(deps(), world.actors[0]!, {
				runId,
				step: STEP,
				values: { ...table(), 'f.otherCompetencies': 'A' },
				revision: '3',
				clientId: randomUUID()
			}),
			saveWorksheet(deps(), world.actors[1]!, {
				runId,
				step: STEP,
				values: { ...table(), 'f.otherCompetencies': 'B' },
				revision: '3',
				clientId: randomUUID()
			})
		]);
		expect([a.status, b.status].sort()).toEqual(['conflict', 'saved']);
		expect(
			(await readSection(db, { ...ref(), sectionKey: 'core-group.competencies' })).revision
		).toBe(4);
	});

	it('shows the saved section, its revision and the team for person fields', async () => {
		const run = await loadRunContext(db, world.actors[2]!, runId, 'run.read');
		const activity = curriculum.session('start-coop', 'core-group-and-idea', 'core-members')!
			.activities[STEP]!;
		const data = await loadStepData(deps(), world.actors[2]!, run, activity, 'es');
		expect(data?.type).toBe('worksheet');
		if (data?.type !== 'worksheet') return;
		expect(data.revision).toBe(4);
		expect(data.values['f.matrix.0.member']).toBe(world.people[0]!.id);
		expect(data.members.map((m) => m.id).sort()).toEqual(world.people.map((p) => p.id).sort());
		expect(data.fields.find((f) => f.id === 'matrix')?.label).toBe('¿Quién tiene cada capacidad?');
		expect(data.section?.key).toBe('core-group.competencies');
	});
});

describe('bad input to a worksheet keeps the typed values and writes nothing', () => {
	it('refuses bad dates, money with letters, strangers, unknown options', async () => {
		// Start.COOP module 4, session 4, step 5: the action plan's activities (action-plan.activities).
		const run = await runOf(world, 'start-coop', 'organisation', 'action-plan');
		const result = await saveWorksheet(deps(), world.actors[0]!, {
			runId: run.id,
			step: '4',
			values: {
				'f.activities._rows': '2',
				'f.activities.0.activity': 'Comprar compresora',
				'f.activities.0.startDate': '2027-02-31',
				'f.activities.0.budget': '12.000 bolivianos',
				'f.activities.0.responsible': other.people[0]!.id,
				'f.activities.0.status': 'finished',
				'f.activities.1.activity': 'x'.repeat(501),
				'f.activities.1.budget': '1.234,50',
				'f.activities.1.endDate': '2027-13-01'
			},
			revision: '0',
			clientId: randomUUID()
		});
		expect(result).toEqual({
			status: 'invalid',
			errors: {
				'activities.0.startDate': 'invalid_date',
				'activities.0.budget': 'invalid_money',
				'activities.0.responsible': 'not_a_member',
				'activities.0.status': 'unknown_option',
				'activities.1.activity': 'too_long:500',
				'activities.1.endDate': 'invalid_date'
			}
		});
		expect(
			(await readSection(db, { ...ref(), sectionKey: 'action-plan.activities' })).revision
		).toBe(0);
	});

	it('refuses numbers with letters, a score of 7, a required field left empty, too many rows', async () => {
		// Start.COOP module 1, session 2, step 4: common needs (core-group.common-needs).
		const run = await runOf(world, 'start-coop', 'core-group-and-idea', 'business-idea');
		const bad = await saveWorksheet(deps(), world.actors[0]!, {
			runId: run.id,
			step: '3',
			values: {
				'f.needs.0.problem': 'Agua en la mina',
				'f.needs.0.membersAffected': 'muchos',
				'f.needs.0.seriousness': '7',
				'f.chosenNeed': '   '
			},
			revision: '0',
			clientId: randomUUID()
		});
		expect(bad).toEqual({
			status: 'invalid',
			errors: {
				'needs.0.membersAffected': 'invalid_number',
				'needs.0.seriousness': 'out_of_range',
				chosenNeed: 'required'
			}
		});
		const many = await saveWorksheet(deps(), world.actors[0]!, {
			runId: run.id,
			step: '3',
			values: { 'f.needs._rows': '201', 'f.chosenNeed': 'Agua' },
			revision: '0',
			clientId: randomUUID()
		});
		expect(many).toEqual({ status: 'invalid', errors: { needs: 'too_many_rows' } });
		const good = await saveWorksheet(deps(), world.actors[0]!, {
			runId: run.id,
			step: '3',
			values: {
				'f.needs.0.problem': 'Agua en la mina',
				'f.needs.0.membersAffected': '12',
				'f.needs.0.seriousness': '4',
				'f.chosenNeed': 'Agua'
			},
			revision: '0',
			clientId: randomUUID()
		});
		expect(good).toEqual({ status: 'saved', revision: 1 });
	});

	it('row buttons send the form back with a row more or less and save nothing', async () => {
		const run = await runOf(world, 'start-coop', 'organisation', 'action-plan');
		const values = {
			'f.activities._rows': '2',
			'f.activities.0.activity': 'Uno',
			'f.activities.1.activity': 'Dos',
			'f.activities.1.budget': 'no es plata'
		};
		const base = { runId: run.id, step: '4', revision: '0', clientId: randomUUID() };
		expect(
			await saveWorksheet(deps(), world.actors[0]!, {
				...base,
				values: { ...values, _addRow: 'activities' }
			})
		).toEqual({ status: 'edited', values: { ...values, 'f.activities._rows': '3' } });
		expect(
			await saveWorksheet(deps(), world.actors[0]!, {
				...base,
				values: { ...values, _removeRow: 'activities:0' }
			})
		).toEqual({
			status: 'edited',
			values: {
				'f.activities._rows': '1',
				'f.activities.0.activity': 'Dos',
				'f.activities.0.budget': 'no es plata'
			}
		});
		expect(
			(await readSection(db, { ...ref(), sectionKey: 'action-plan.activities' })).revision
		).toBe(0);
		// A multiple choice with an option that does not exist.
		const core = await runOf(world, 'start-coop', 'core-group-and-idea', 'core-members');
		expect(
			await saveWorksheet(deps(), world.actors[0]!, {
				runId: core.id,
				step: '5',
				values: { 'f.competenciesNeeded': ['leadership', 'magic'] },
				revision: '0',
				clientId: randomUUID()
			})
		).toEqual({ status: 'invalid', errors: { competenciesNeeded: 'unknown_option' } });
	});

	it('refuses a tampered row count or row button instead of saving the rest', async () => {
		const run = await runOf(world, 'start-coop', 'organisation', 'action-plan');
		const values = { 'f.activities._rows': '1', 'f.activities.0.activity': 'Uno' };
		const base = { runId: run.id, step: '4', revision: '0', clientId: randomUUID() };
		const extras: Record<string, string>[] = [
			{ 'f.activities._rows': 'x'.repeat(20_000) },
			{ 'f.activities._rows': '-1' },
			{ _removeRow: 'zz-not-an-option' },
			{ _addRow: 'no-such-table' }
		];
		for (const extra of extras)
			expect(
				(
					await saveWorksheet(deps(), world.actors[0]!, {
						...base,
						values: { ...values, ...extra }
					})
				).status,
				JSON.stringify(extra).slice(0, 60)
			).toBe('invalid');
		expect(
			(await readSection(db, { ...ref(), sectionKey: 'action-plan.activities' })).revision
		).toBe(0);
	});

	it('refuses a step out of range, of another type, or an unreadable revision', async () => {
		const run = await runOf(world, 'start-coop', 'core-group-and-idea', 'core-members');
		const base = { runId: run.id, values: {}, revision: '0', clientId: randomUUID() };
		for (const [step, code] of [
			['99', 'step_out_of_range'],
			['-1', 'step_out_of_range'],
			['abc', 'step_out_of_range'],
			['0', 'step_wrong_type']
		] as const)
			await expect(
				saveWorksheet(deps(), world.actors[0]!, { ...base, step })
			).rejects.toMatchObject({
				code: 'invalid_input',
				fields: { _: code }
			});
		await expect(
			saveWorksheet(deps(), world.actors[0]!, { ...base, step: '5', revision: 'x' })
		).rejects.toMatchObject({ code: 'invalid_input' });
		await expect(
			saveWorksheet(deps(), world.actors[0]!, { ...base, step: '5', clientId: 'not-a-uuid' })
		).rejects.toMatchObject({ code: 'invalid_input', fields: { _: 'invalid' } });
		await expect(
			answerQuiz(deps(), world.actors[0]!, { runId: run.id, step: '5', values: {}, revision: '0' })
		).rejects.toMatchObject({ fields: { _: 'step_wrong_type' } });
	});
});

describe('worksheets with their own fields', () => {
	it("keep the run's answer with a revision; stale saves conflict, retries do not duplicate", async () => {
		// Think.COOP session 1, step 3: the group's agreements (own fields).
		const run = await runOf(world, 'think-coop', 'orientation', 'good-relationships');
		const values = {
			'f.agreements._rows': '3',
			'f.agreements.0.agreement': 'Llegamos a la hora',
			'f.agreements.1.agreement': '',
			'f.agreements.2.agreement': 'Silenciamos los celulares',
			'f.meetingPlace': 'Sábados, en la sede'
		};
		const input = { runId: run.id, step: '2', values, revision: '0', clientId: randomUUID() };
		expect(await saveWorksheet(deps(), world.actors[0]!, input)).toEqual({
			status: 'saved',
			revision: 1
		});
		expect(await saveWorksheet(deps(), world.actors[0]!, input)).toEqual({
			status: 'saved',
			revision: 1
		});
		const [row] = await db
			.select()
			.from(activityResponse)
			.where(and(eq(activityResponse.runId, run.id), eq(activityResponse.step, 2)));
		expect(row).toMatchObject({
			revision: 1,
			data: {
				agreements: [
					{ agreement: 'Llegamos a la hora' },
					{ agreement: 'Silenciamos los celulares' }
				],
				meetingPlace: 'Sábados, en la sede'
			}
		});
		const stale = await saveWorksheet(deps(), world.actors[1]!, {
			...input,
			values: { ...values, 'f.meetingPlace': 'Domingos' },
			clientId: randomUUID()
		});
		expect(stale.status).toBe('conflict');
		if (stale.status === 'conflict')
			expect(stale.theirs.values['f.meetingPlace']).toBe('Sábados, en la sede');
		// Nothing was written in the workbook.
		expect(await count(planRevision, eq(planRevision.runId, run.id))).toBe(0);
	});
});

describe('decide steps', () => {
	// Think.COOP's closing session, step 8: the decision, written into think.decision.
	const STEP = '7';
	let runId: string;
	beforeAll(async () => {
		runId = (await runOf(world, 'think-coop', 'orientation', 'doing-business-together')).id;
		// The section already holds other answers: the decision must keep them.
		await saveSection({ db }, world.actors[0]!, {
			...ref(),
			sectionKey: 'think.decision',
			data: { nextSteps: 'Hablar con la federación' },
			baseRevision: 0,
			clientId: randomUUID(),
			source: 'session',
			runId
		});
	});

	const decide = (values: Record<string, string>, revision = '0', actor = world.actors[0]!) =>
		recordDecision(deps(), actor, { runId, step: STEP, values, revision, clientId: randomUUID() });

	it('refuses more votes than members present, unknown options, no reasons', async () => {
		// 3 of the 4 members are present.
		expect(
			await decide({ method: 'vote', option: 'yes', yes: '3', no: '1', abstain: '0', reasons: 'r' })
		).toEqual({ status: 'invalid', errors: { votes: 'too_many_votes:3' } });
		expect(await decide({ method: 'consensus', option: 'maybe', reasons: '' })).toEqual({
			status: 'invalid',
			errors: { option: 'unknown_option', reasons: 'required' }
		});
		expect(await db.select().from(runDecision).where(eq(runDecision.runId, runId))).toHaveLength(0);
	});

	it('records a vote and writes the decision and reasons into the workbook section', async () => {
		const values = {
			method: 'vote',
			option: 'yes',
			yes: '2',
			no: '1',
			abstain: '0',
			reasons: 'Queremos vender juntos el estaño.'
		};
		const clientId = randomUUID();
		const input = { runId, step: STEP, values, revision: '0', clientId };
		expect(await recordDecision(deps(), world.actors[0]!, input)).toEqual({
			status: 'saved',
			revision: 1
		});
		expect(await recordDecision(deps(), world.actors[0]!, input)).toEqual({
			status: 'saved',
			revision: 1
		});
		const [row] = await db.select().from(runDecision).where(eq(runDecision.runId, runId));
		expect(row).toMatchObject({
			step: 7,
			method: 'vote',
			optionId: 'yes',
			votesYes: 2,
			votesNo: 1,
			votesAbstain: 0,
			revision: 1
		});
		const section = await readSection(db, { ...ref(), sectionKey: 'think.decision' });
		expect(section.revision).toBe(2);
		expect(section.data).toEqual({
			decision: 'yes',
			reasons: 'Queremos vender juntos el estaño.',
			nextSteps: 'Hablar con la federación'
		});
		const [rev] = await db.select().from(planRevision).where(eq(planRevision.clientId, clientId));
		expect(rev).toMatchObject({ revision: 2, runId, source: 'session' });
		const verbs = (
			await db
				.select({ verb: learningEvent.verb })
				.from(learningEvent)
				.where(sql`${learningEvent.context}->>'run' = ${runId}`)
		)
			.map((e) => e.verb)
			.sort();
		expect(verbs).toEqual([
			'http://id.tincanapi.com/verb/decided',
			'http://id.tincanapi.com/verb/voted'
		]);
	});

	it('a stale decision meets the newer one; naming it changes the decision and the section', async () => {
		const stale = await decide(
			{ method: 'consensus', option: 'not-yet', reasons: 'Falta info' },
			'0'
		);
		expect(stale.status).toBe('conflict');
		if (stale.status === 'conflict')
			expect(stale.theirs.values).toMatchObject({ method: 'vote', option: 'yes', yes: '2' });
		expect(
			await decide({ method: 'consensus', option: 'not-yet', reasons: 'Falta info' }, '1')
		).toEqual({
			status: 'saved',
			revision: 2
		});
		const section = await readSection(db, { ...ref(), sectionKey: 'think.decision' });
		expect(section.data).toMatchObject({ decision: 'not-yet', reasons: 'Falta info' });
	});

	it('is refused in a catch-up run', async () => {
		const run = await makeRun(db, {
			teamId: world.team.id,
			cohortId: world.cohort.id,
			course: 'think-coop',
			module: 'orientation',
			session: 'doing-business-together',
			mode: 'catch_up',
			personId: world.people[3]!.id
		});
		await expect(
			recordDecision(deps(), world.actors[3]!, {
				runId: run.id,
				step: STEP,
				values: { method: 'consensus', option: 'yes', reasons: 'r' },
				revision: '0',
				clientId: randomUUID()
			})
		).rejects.toMatchObject({ fields: { _: 'group_only' } });
	});
});

describe('quiz steps', () => {
	it('scores the group answer and then shows the explanations', async () => {
		// Start.COOP module 1, session 1, step 7: the quiz.
		const run = await runOf(world, 'start-coop', 'core-group-and-idea', 'core-members');
		const answer = (values: Record<string, string | string[]>, revision = '0') =>
			answerQuiz(deps(), world.actors[1]!, { runId: run.id, step: '6', values, revision });
		expect(await answer({ 'q.q1': 'z', 'q.q2': 'maybe' })).toEqual({
			status: 'invalid',
			errors: { q1: 'unknown_option', q2: 'unknown_option', q3: 'required', q4: 'required' }
		});
		const values = { 'q.q1': 'b', 'q.q2': 'false', 'q.q3': 'a', 'q.q4': ['a', 'b', 'd'] };
		expect(await answer(values)).toEqual({ status: 'saved', revision: 1 });
		expect(await answer(values)).toEqual({ status: 'saved', revision: 1 });
		const [row] = await db
			.select()
			.from(activityResponse)
			.where(and(eq(activityResponse.runId, run.id), eq(activityResponse.step, 6)));
		expect(row).toMatchObject({ score: 3, maxScore: 4, revision: 1 });

		// Another phone still on the empty quiz answers differently: both answers are shown.
		const stale = await answer({ ...values, 'q.q3': 'b' }, '0');
		expect(stale.status).toBe('conflict');
		if (stale.status === 'conflict') expect(stale.theirs.values['q.q3']).toBe('a');
		expect(await answer({ ...values, 'q.q3': 'b', 'q.q1': 'a' }, '1')).toEqual({
			status: 'saved',
			revision: 2
		});
		const [after] = await db
			.select()
			.from(activityResponse)
			.where(and(eq(activityResponse.runId, run.id), eq(activityResponse.step, 6)));
		expect(after).toMatchObject({ score: 3, maxScore: 4, revision: 2 });
		const ctx = await loadRunContext(db, world.actors[1]!, run.id, 'run.read');
		const activity = curriculum.session('start-coop', 'core-group-and-idea', 'core-members')!
			.activities[6]!;
		const data = await loadStepData(deps(), world.actors[1]!, ctx, activity, 'es');
		expect(data?.type).toBe('quiz');
		if (data?.type !== 'quiz') return;
		expect(data.result).toMatchObject({ score: 3, max: 4 });
		expect(data.questions.find((q) => q.id === 'q1')).toMatchObject({ right: false });
		expect(
			data.questions
				.find((q) => q.id === 'q1')
				?.options.filter((o) => o.correct)
				.map((o) => o.id)
		).toEqual(['b']);
		expect(data.questions.find((q) => q.id === 'q3')).toMatchObject({
			right: true,
			explanation: expect.stringContaining('capacitando')
		});
		// Before an answer, the right answers are not in the page's data.
		const fresh = await makeRun(db, {
			teamId: world.team.id,
			cohortId: world.cohort.id,
			course: 'start-coop',
			module: 'core-group-and-idea',
			session: 'core-members',
			mode: 'catch_up',
			personId: world.people[1]!.id
		});
		const ctx2 = await loadRunContext(db, world.actors[1]!, fresh.id, 'run.read');
		const before = await loadStepData(deps(), world.actors[1]!, ctx2, activity, 'es');
		expect(JSON.stringify(before)).not.toContain('capacitando');
		expect(JSON.stringify(before)).not.toContain('"correct":true');
	});
});

describe('access', () => {
	let runId: string;
	beforeAll(async () => {
		runId = (await runOf(world, 'start-coop', 'core-group-and-idea', 'core-members')).id;
	});
	const save = (actor: typeof world.lead) =>
		saveWorksheet(deps(), actor, {
			runId,
			step: '5',
			values: { 'f.otherCompetencies': 'x' },
			revision: 'abc',
			clientId: randomUUID()
		});

	it('refuses anyone but the team and its lead', async () => {
		await expect(save(other.actors[0]!)).rejects.toMatchObject({ code: 'forbidden' });
		await expect(save(other.lead)).rejects.toMatchObject({ code: 'forbidden' });
		await expect(save(world.facilitator)).rejects.toMatchObject({ code: 'forbidden' });
		// The lead and members get past access (and then meet the bad revision).
		await expect(save(world.lead)).rejects.toMatchObject({ code: 'invalid_input' });
		await expect(save(world.actors[3]!)).rejects.toMatchObject({ code: 'invalid_input' });
		await expect(
			recordDecision(deps(), world.facilitator, {
				runId,
				step: '5',
				values: {},
				revision: '0',
				clientId: randomUUID()
			})
		).rejects.toMatchObject({ code: 'forbidden' });
		await expect(
			answerQuiz(deps(), other.actors[1]!, { runId, step: '6', values: {}, revision: '0' })
		).rejects.toMatchObject({ code: 'forbidden' });
	});

	it('lets the facilitator read the step but not write it', async () => {
		const ctx = await loadRunContext(db, world.facilitator, runId, 'run.read');
		expect(ctx.actorIsMember).toBe(false);
		await expect(loadRunContext(db, world.facilitator, runId, 'run.write')).rejects.toMatchObject({
			code: 'forbidden'
		});
	});

	it('saveSection refuses a run of another cooperative and a completed run refuses writes', async () => {
		await expect(
			saveSection({ db }, world.actors[0]!, {
				cooperativeId: other.coop.id,
				programmeId: other.cohort.programmeId,
				sectionKey: 'core-group.competencies',
				data: {},
				baseRevision: 0,
				clientId: randomUUID(),
				source: 'session',
				runId
			})
		).rejects.toMatchObject({ code: 'forbidden' });
		await expect(
			saveSection({ db }, world.actors[0]!, {
				...ref(),
				sectionKey: 'core-group.competencies',
				data: {},
				baseRevision: 0,
				clientId: randomUUID(),
				source: 'workbook',
				runId: null
			})
		).rejects.toMatchObject({ code: 'forbidden' });
		await db.update(sessionRun).set({ status: 'completed' }).where(eq(sessionRun.id, runId));
		await expect(
			saveWorksheet(deps(), world.actors[0]!, {
				runId,
				step: '5',
				values: {},
				revision: '0',
				clientId: randomUUID()
			})
		).rejects.toMatchObject({ fields: { _: 'run_closed' } });
	});
});

describe('the step forms, rendered on the server', () => {
	it('show every input with its name, the revision and a client id, errors and typed values kept', async () => {
		const { render } = await import('svelte/server');
		const StepForm = (await import('../../src/lib/components/sessions/StepForm.svelte')).default;
		const run = await runOf(world, 'start-coop', 'organisation', 'action-plan');
		const ctx = await loadRunContext(db, world.actors[0]!, run.id, 'run.read');
		const activity = curriculum.session('start-coop', 'organisation', 'action-plan')!
			.activities[4]!;
		const step = await loadStepData(deps(), world.actors[0]!, ctx, activity, 'es');
		const props = { id: run.id, version: 1, step: 4, canWrite: true };
		const failed = {
			form: 'step-worksheet',
			step: '4',
			values: { 'f.activities._rows': '2', 'f.activities.1.budget': '12 lucas', revision: '0' },
			fields: { 'activities.1.budget': 'invalid_money' }
		};
		const { body } = render(StepForm, { props: { step, form: failed, run: props } });
		expect(body).toContain('action="?/worksheet"');
		expect(body).toMatch(/name="clientId" value="[0-9a-f-]{36}"/);
		expect(body).toContain('name="revision" value="0"');
		expect(body).toContain('name="f.activities.1.budget"');
		expect(body).toContain('value="12 lucas"');
		expect(body).toContain('inputmode="decimal"');
		expect(body).toContain('Escriba un monto en bolivianos');
		expect(body).toContain('name="_removeRow" value="activities:1"');
		expect(body).toContain('name="_addRow" value="activities"');
		expect(body).toContain('type="date"');
		// A person field lists the team.
		expect(body).toContain(world.people[2]!.givenNames);

		const readOnly = render(StepForm, {
			props: { step, form: null, run: { ...props, canWrite: false } }
		}).body;
		expect(readOnly).not.toContain('<form');

		const decideActivity = curriculum.session(
			'think-coop',
			'orientation',
			'doing-business-together'
		)!.activities[7]!;
		const decideRun = await runOf(world, 'think-coop', 'orientation', 'doing-business-together');
		const decideCtx = await loadRunContext(db, world.actors[0]!, decideRun.id, 'run.read');
		const decide = await loadStepData(deps(), world.actors[0]!, decideCtx, decideActivity, 'es');
		const conflict = render(StepForm, {
			props: {
				step: decide,
				form: {
					form: 'step-decide',
					step: '7',
					values: { method: 'consensus', option: 'no', reasons: 'Lo nuestro', revision: '1' },
					fields: { _: 'conflict' },
					conflict: { revision: 2, values: decide!.values, savedBy: 'Ana', savedAt: new Date() }
				},
				run: { ...props, id: decideRun.id, step: 7 }
			}
		}).body;
		expect(conflict).toContain('Hay otra versión guardada');
		expect(conflict).toContain('Lo nuestro');
		expect(conflict).toContain('name="revision" value="2"');
		expect(conflict).toContain('Hay 3 personas presentes');
	});
});
