import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getCurriculum } from '../../src/lib/server/curriculum/get-curriculum';
import type { Curriculum } from '../../src/lib/server/curriculum/schema';
import type { Db, DbHandle } from '../../src/lib/server/db/client';
import { eq } from 'drizzle-orm';
import { financeInputFromSection } from '../../src/lib/domain/finance/from-section';
import { computeFinance } from '../../src/lib/domain/finance/model';
import { llallaguaTyped } from '../fixtures/finance-typed';
import { person } from '../../src/lib/server/db/schema';
import { getSection } from '../../src/lib/server/workbook/get-section';
import { readSection } from '../../src/lib/server/workbook/read-section';
import { saveWorkbookSection } from '../../src/lib/server/workbook/save-workbook-section';
import { createTestDb } from '../helpers/db';
import { makeTeamWorld } from '../helpers/runs';

let handle: DbHandle;
let db: Db;
let curriculum: Curriculum;
let world: Awaited<ReturnType<typeof makeTeamWorld>>;
let other: Awaited<ReturnType<typeof makeTeamWorld>>;
const deps = () => ({ db, curriculum });
const KEY = 'action-plan.activities';
const row = (person: string, budget: string) => ({
	'f.activities._rows': '1',
	'f.activities.0.activity': 'Comprar cascos y lámparas',
	'f.activities.0.responsible': person,
	'f.activities.0.startDate': '2027-02-01',
	'f.activities.0.endDate': '2027-03-15',
	'f.activities.0.budget': budget
});

beforeAll(async () => {
	handle = await createTestDb();
	db = handle.db;
	curriculum = await getCurriculum();
	world = await makeTeamWorld(db, 3);
	other = await makeTeamWorld(db, 2);
});
afterAll(() => handle.close());

describe('editing a workbook section outside a session', () => {
	it('saves what a member types, once per form, and catches a stale save from another phone', async () => {
		const ref = {
			cooperativeId: world.coop.id,
			programmeId: world.cohort.programmeId,
			sectionKey: KEY
		};
		const clientId = randomUUID();
		const input = {
			teamId: world.team.id,
			sectionKey: KEY,
			values: row(world.people[0]!.id, '1.234,50'),
			revision: '0',
			clientId
		};
		expect(await saveWorkbookSection(deps(), world.actors[0]!, input)).toEqual({
			status: 'saved',
			revision: 1
		});
		// The same post again (a retry after a lost answer) saves nothing new.
		expect(await saveWorkbookSection(deps(), world.actors[0]!, input)).toEqual({
			status: 'saved',
			revision: 1
		});
		const saved = await readSection(db, ref);
		expect(saved.revision).toBe(1);
		expect(saved.data.activities).toEqual([
			expect.objectContaining({ budget: 123450, responsible: world.people[0]!.id })
		]);

		// The lead saves from a page opened at revision 1; a second phone still at 0 meets the conflict.
		expect(
			await saveWorkbookSection(deps(), world.lead, {
				...input,
				values: row(world.people[1]!.id, '2000'),
				revision: '1',
				clientId: randomUUID()
			})
		).toEqual({ status: 'saved', revision: 2 });
		const stale = await saveWorkbookSection(deps(), world.actors[2]!, {
			...input,
			values: row(world.people[2]!.id, '99'),
			clientId: randomUUID()
		});
		expect(stale).toMatchObject({ status: 'conflict', theirs: { revision: 2 } });
		expect(stale.status === 'conflict' && stale.theirs.values['f.activities.0.budget']).toBe(
			'2000'
		);
		expect((await readSection(db, ref)).revision).toBe(2);
	});

	it('refuses bad values with codes per field, and adds a row without saving', async () => {
		const bad = await saveWorkbookSection(deps(), world.actors[0]!, {
			teamId: world.team.id,
			sectionKey: KEY,
			values: { ...row(other.people[0]!.id, 'mucho'), 'f.activities.0.endDate': '2027-02-31' },
			revision: '2',
			clientId: randomUUID()
		});
		expect(bad).toEqual({
			status: 'invalid',
			errors: {
				'activities.0.responsible': 'not_a_member',
				'activities.0.budget': 'invalid_money',
				'activities.0.endDate': 'invalid_date'
			}
		});
		const added = await saveWorkbookSection(deps(), world.actors[0]!, {
			teamId: world.team.id,
			sectionKey: KEY,
			values: { ...row(world.people[0]!.id, '10'), _addRow: 'activities' },
			revision: '2',
			clientId: randomUUID()
		});
		expect(added).toMatchObject({ status: 'edited', values: { 'f.activities._rows': '2' } });
		expect(
			(
				await readSection(db, {
					cooperativeId: world.coop.id,
					programmeId: world.cohort.programmeId,
					sectionKey: KEY
				})
			).revision
		).toBe(2);
	});

	it('is refused to readers, other teams and unknown sections', async () => {
		const input = {
			teamId: world.team.id,
			sectionKey: KEY,
			values: row(world.people[0]!.id, '1'),
			revision: '2',
			clientId: randomUUID()
		};
		for (const actor of [world.facilitator, other.actors[0]!, other.lead])
			await expect(saveWorkbookSection(deps(), actor, input)).rejects.toMatchObject({
				code: 'forbidden'
			});
		await expect(saveWorkbookSection(deps(), null, input)).rejects.toMatchObject({
			code: 'unauthenticated'
		});
		await expect(
			saveWorkbookSection(deps(), world.lead, { ...input, sectionKey: 'nope.nope' })
		).rejects.toMatchObject({ code: 'not_found' });
		await expect(
			saveWorkbookSection(deps(), world.lead, { ...input, clientId: 'x' })
		).rejects.toMatchObject({ code: 'invalid_input' });
	});

	it("explains the Action Plan's mistakes on its page: dates, a member who left, the budget, the commitments", async () => {
		const save = (
			sectionKey: string,
			values: Record<string, string | string[]>,
			revision: number
		) =>
			saveWorkbookSection(deps(), world.lead, {
				teamId: world.team.id,
				sectionKey,
				values,
				revision: String(revision),
				clientId: randomUUID()
			});
		// The Llallagua plan raises what its funding sources add up to.
		expect(await save('business-plan.financial', llallaguaTyped, 0)).toMatchObject({
			status: 'saved'
		});
		const funding = computeFinance(
			financeInputFromSection(
				(
					await readSection(db, {
						cooperativeId: world.coop.id,
						programmeId: world.cohort.programmeId,
						sectionKey: 'business-plan.financial'
					})
				).data
			)
		).totals.funding;
		const current = (
			await readSection(db, {
				cooperativeId: world.coop.id,
				programmeId: world.cohort.programmeId,
				sectionKey: KEY
			})
		).revision;
		expect(
			await save(
				KEY,
				{
					...row(world.people[1]!.id, '99.999.999'),
					'f.activities.0.startDate': '2027-04-01',
					'f.activities.0.endDate': '2027-03-01'
				},
				current
			)
		).toMatchObject({ status: 'saved' });
		// The responsible person then moves to another cooperative.
		await db
			.update(person)
			.set({ cooperativeId: other.coop.id })
			.where(eq(person.id, world.people[1]!.id));
		const page = await getSection(deps(), world.facilitator, world.team.id, KEY, 'es');
		const codes = page.checks!.problems.map((p) => p.code);
		expect(codes).toEqual(
			expect.arrayContaining([
				'end_before_start',
				'responsible_left',
				'budget_above_available',
				'cross_cutting_missing'
			])
		);
		expect(page.checks!.problems.find((p) => p.code === 'budget_above_available')!.params).toEqual({
			total: 9_999_999_900,
			available: funding,
			over: 9_999_999_900 - funding
		});
		expect(page.checks!.names[world.people[1]!.id]).toBe(
			`${world.people[1]!.givenNames} ${world.people[1]!.surnames}`
		);
		// Other sections carry no Action Plan checks.
		const header = await getSection(deps(), world.lead, world.team.id, 'action-plan.header', 'es');
		expect(header.checks).toBeUndefined();
	});
});
