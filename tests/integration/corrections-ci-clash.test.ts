// A cooperative lead's correction proposal must not tell whether a CI number exists elsewhere:
// the proposal is accepted, and the clash is shown to the coordinator who reviews it.
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../../src/lib/server/access/guard';
import type { Db, DbHandle } from '../../src/lib/server/db/client';
import { correctionRequest, person } from '../../src/lib/server/db/schema';
import { proposeCorrection, reviewCorrection } from '../../src/lib/server/org/corrections';
import { getPerson } from '../../src/lib/server/org/get-person';
import { createTestDb } from '../helpers/db';
import { makeActor, makeWorld } from '../factories/org';

let handle: DbHandle;
let db: Db;
let w: Awaited<ReturnType<typeof makeWorld>>;
let coordinator: Actor;
let lead: Actor;
const now = () => new Date('2026-05-01T15:00:00Z');

beforeAll(async () => {
	handle = await createTestDb();
	db = handle.db;
	w = await makeWorld(db);
	coordinator = await makeActor(db, 'coordinator');
	lead = await makeActor(db, 'cooperative_lead', { cooperativeId: w.coop1.id });
});
afterAll(() => handle.close());

const formFor = async (personId: string, over: Record<string, string>) => {
	const p = await getPerson({ db }, lead, personId);
	return {
		givenNames: p.givenNames,
		surnames: p.surnames,
		ciNumber: p.ciNumber ?? '',
		ciExtension: p.ciExtension ?? '',
		sex: p.sex,
		birthDate: p.birthDate ?? '',
		phone: p.phone ?? '',
		roleInCooperative: p.roleInCooperative ?? '',
		...over
	};
};

describe('a proposed CI number held by another record', () => {
	it('is accepted from the lead, which learns nothing; the coordinator sees the clash', async () => {
		// Federation 2's member: out of the lead's reach.
		const theirs = w.p2a.ciNumber!;
		const { id } = await proposeCorrection(
			{ db, now },
			lead,
			w.p1a.id,
			await formFor(w.p1a.id, { ciNumber: theirs })
		);
		// An unknown CI gets the very same answer.
		await expect(
			proposeCorrection(
				{ db, now },
				lead,
				w.p1b.id,
				await formFor(w.p1b.id, { ciNumber: '123999' })
			)
		).resolves.toMatchObject({ id: expect.any(String) });

		// The lead's own view of its proposal holds nothing about the other record.
		const leadView = await getPerson({ db }, lead, w.p1a.id);
		expect(leadView.corrections.map((c) => c.id)).toEqual([id]);
		expect(leadView.corrections[0]!.clash).toBeNull();
		expect(JSON.stringify(leadView)).not.toContain(w.p2a.surnames);

		// The coordinator sees which record holds the CI.
		const review = await getPerson({ db }, coordinator, w.p1a.id);
		expect(review.corrections[0]!.clash).toMatchObject({
			id: w.p2a.id,
			name: `${w.p2a.givenNames} ${w.p2a.surnames}`,
			cooperative: w.coop2.shortName
		});
		// And may not apply it until the clash is resolved.
		await expect(reviewCorrection({ db, now }, coordinator, id, 'accept')).rejects.toMatchObject({
			code: 'invalid_input',
			fields: { _: 'ci_clash' }
		});
		const [unchanged] = await db.select().from(person).where(eq(person.id, w.p1a.id));
		expect(unchanged!.ciNumber).toBe(w.p1a.ciNumber);
		const [open] = await db.select().from(correctionRequest).where(eq(correctionRequest.id, id));
		expect(open!.status).toBe('open');

		// The other record was the wrong one: once corrected, the proposal applies.
		await db.update(person).set({ ciNumber: '5550001' }).where(eq(person.id, w.p2a.id));
		expect((await getPerson({ db }, coordinator, w.p1a.id)).corrections[0]!.clash).toBeNull();
		await reviewCorrection({ db, now }, coordinator, id, 'accept');
		const [applied] = await db.select().from(person).where(eq(person.id, w.p1a.id));
		expect(applied!.ciNumber).toBe(theirs);
	});
});
