import { and, eq, inArray, sql } from 'drizzle-orm';
import { assertCan, type Actor } from '../access/guard';
import { recordAudits, recordAudit } from '../audit/record-audit';
import type { Db, Executor, Tx } from '../db/client';
import { cohort, cooperative, enrolment, person, team } from '../db/schema';
import { AppError } from '../errors';
import { invalid } from '../org/validate';

export interface EnrolResult {
	added: number;
	reactivated: number;
	already: number;
}

/** Enrols people (each through their cooperative) in one transaction, within the capacity. */
async function enrolInTx(tx: Tx, actor: Actor, cohortId: string, personIds: string[]) {
	// Locking the cohort serialises enrolments, so two coordinators cannot both take the last place.
	const [c] = await tx.select().from(cohort).where(eq(cohort.id, cohortId)).for('update');
	if (!c) throw new AppError('not_found');
	const ids = [...new Set(personIds)];
	const people = ids.length
		? await tx
				.select({ id: person.id, cooperativeId: person.cooperativeId })
				.from(person)
				.where(inArray(person.id, ids))
		: [];
	if (people.length !== ids.length) throw invalid('personIds', 'not_found');
	if (people.some((p) => !p.cooperativeId)) throw invalid('personIds', 'no_cooperative');
	const existing = ids.length
		? await tx
				.select({ id: enrolment.id, personId: enrolment.personId, status: enrolment.status })
				.from(enrolment)
				.where(and(eq(enrolment.cohortId, cohortId), inArray(enrolment.personId, ids)))
		: [];
	const byPerson = new Map(existing.map((e) => [e.personId, e]));
	const fresh = people.filter((p) => !byPerson.has(p.id));
	const back = people.filter((p) => byPerson.get(p.id)?.status === 'withdrawn');
	const already = people.length - fresh.length - back.length;
	if (c.capacity !== null) {
		const [r] = await tx
			.select({ n: sql<number>`count(*)::int` })
			.from(enrolment)
			.where(and(eq(enrolment.cohortId, cohortId), eq(enrolment.status, 'active')));
		if ((r?.n ?? 0) + fresh.length + back.length > c.capacity)
			throw invalid('personIds', 'capacity_full');
	}
	const audits: Parameters<typeof recordAudits>[2] = [];
	for (let i = 0; i < fresh.length; i += 1000) {
		const rows = await tx
			.insert(enrolment)
			.values(
				fresh.slice(i, i + 1000).map((p) => ({
					cohortId,
					personId: p.id,
					cooperativeId: p.cooperativeId!
				}))
			)
			.returning({
				id: enrolment.id,
				personId: enrolment.personId,
				cooperativeId: enrolment.cooperativeId
			});
		for (const r of rows)
			audits.push({
				action: 'enrol',
				entity: 'enrolment',
				entityId: r.id,
				changes: { cohortId, personId: r.personId, cooperativeId: r.cooperativeId }
			});
	}
	for (const p of back) {
		const e = byPerson.get(p.id)!;
		await tx
			.update(enrolment)
			.set({ status: 'active', cooperativeId: p.cooperativeId!, updatedAt: new Date() })
			.where(eq(enrolment.id, e.id));
		audits.push({
			action: 'enrol',
			entity: 'enrolment',
			entityId: e.id,
			changes: { cohortId, personId: p.id, status: { from: 'withdrawn', to: 'active' } }
		});
	}
	await recordAudits(tx, actor, audits);
	return { added: fresh.length, reactivated: back.length, already };
}

/** Enrols the chosen people in a cohort. */
export async function enrolPeople(
	deps: { db: Db },
	actor: Actor | null,
	cohortId: string,
	personIds: string[]
): Promise<EnrolResult> {
	assertCan(actor, 'enrolment.manage');
	if (!personIds.length) throw invalid('personIds', 'required');
	return deps.db.transaction((tx) => enrolInTx(tx, actor, cohortId, personIds));
}

/** Enrols every registered member of a cooperative (those already enrolled stay as they are). */
export async function enrolCooperative(
	deps: { db: Db },
	actor: Actor | null,
	cohortId: string,
	cooperativeId: string
): Promise<EnrolResult> {
	assertCan(actor, 'enrolment.manage');
	return deps.db.transaction(async (tx) => {
		const [coop] = await tx
			.select({ id: cooperative.id })
			.from(cooperative)
			.where(eq(cooperative.id, cooperativeId));
		if (!coop) throw invalid('cooperativeId', 'not_found');
		const members = await tx
			.select({ id: person.id })
			.from(person)
			.where(eq(person.cooperativeId, cooperativeId));
		if (!members.length) throw invalid('cooperativeId', 'no_members');
		return enrolInTx(
			tx,
			actor,
			cohortId,
			members.map((m) => m.id)
		);
	});
}

/** Withdraws an enrolment: the member leaves the cohort and its team; the record stays. */
export async function withdrawEnrolment(
	deps: { db: Db },
	actor: Actor | null,
	enrolmentId: string
): Promise<{ cohortId: string }> {
	assertCan(actor, 'enrolment.manage');
	return deps.db.transaction(async (tx) => {
		const [e] = await tx
			.select()
			.from(enrolment)
			.where(eq(enrolment.id, enrolmentId))
			.for('update');
		if (!e) throw new AppError('not_found');
		if (e.status !== 'active') throw new AppError('conflict', 'not active');
		await tx
			.update(enrolment)
			.set({ status: 'withdrawn', teamId: null, updatedAt: new Date() })
			.where(eq(enrolment.id, enrolmentId));
		await recordAudit(tx, actor, {
			action: 'withdraw',
			entity: 'enrolment',
			entityId: enrolmentId,
			changes: {
				cohortId: e.cohortId,
				personId: e.personId,
				status: { from: 'active', to: 'withdrawn' },
				...(e.teamId ? { teamId: { from: e.teamId, to: null } } : {})
			}
		});
		return { cohortId: e.cohortId };
	});
}

/**
 * Brings a withdrawn enrolment back (the way back from "Withdraw"): active again, through the
 * person's current cooperative, within the cohort's capacity, audited as an enrolment. The member
 * has no team until one is formed or chosen.
 */
export async function reenrolEnrolment(
	deps: { db: Db },
	actor: Actor | null,
	enrolmentId: string
): Promise<{ cohortId: string; personId: string }> {
	assertCan(actor, 'enrolment.manage');
	return deps.db.transaction(async (tx) => {
		const [e] = await tx.select().from(enrolment).where(eq(enrolment.id, enrolmentId));
		if (!e) throw new AppError('not_found');
		if (e.status !== 'withdrawn') throw new AppError('conflict', 'not withdrawn');
		await enrolInTx(tx, actor, e.cohortId, [e.personId]);
		return { cohortId: e.cohortId, personId: e.personId };
	});
}

/** One enrolment, for the page that asks to confirm a withdrawal. */
export async function getEnrolment(deps: { db: Executor }, actor: Actor | null, id: string) {
	assertCan(actor, 'enrolment.manage');
	const [row] = await deps.db
		.select({
			id: enrolment.id,
			personId: person.id,
			name: sql<string>`${person.givenNames} || ' ' || ${person.surnames}`,
			cohortId: cohort.id,
			cohort: cohort.name,
			team: team.name,
			status: enrolment.status
		})
		.from(enrolment)
		.innerJoin(person, eq(person.id, enrolment.personId))
		.innerJoin(cohort, eq(cohort.id, enrolment.cohortId))
		.leftJoin(team, eq(team.id, enrolment.teamId))
		.where(eq(enrolment.id, id));
	if (!row) throw new AppError('not_found');
	return row;
}
