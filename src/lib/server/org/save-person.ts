import { and, eq, ne } from 'drizzle-orm';
import { todayInBolivia } from '../../domain/bolivia';
import { diffChanges } from '../../domain/changes';
import { personInput } from '../../domain/org-input';
import { assertCan, type Actor } from '../access/guard';
import { recordAudit, recordAudits } from '../audit/record-audit';
import { followCooperative } from '../cohorts/follow-cooperative';
import type { Db, Executor } from '../db/client';
import { uniqueViolation } from '../db/errors';
import { cooperative, person, user } from '../db/schema';
import { AppError } from '../errors';
import { invalid, parseInput } from './validate';

type PersonValues = Partial<typeof person.$inferInsert>;

async function checkReferences(db: Executor, data: PersonValues, exceptId?: string) {
	if (data.cooperativeId) {
		const [coop] = await db
			.select({ id: cooperative.id })
			.from(cooperative)
			.where(eq(cooperative.id, data.cooperativeId));
		if (!coop) throw invalid('cooperativeId', 'not_found');
	}
	if (data.ciNumber) {
		const [clash] = await db
			.select({ id: person.id })
			.from(person)
			.where(
				and(eq(person.ciNumber, data.ciNumber), exceptId ? ne(person.id, exceptId) : undefined)
			);
		if (clash) throw invalid('ciNumber', 'taken');
	}
}

function rethrow(e: unknown): never {
	if (uniqueViolation(e) === 'person_ci_number_key') throw invalid('ciNumber', 'taken');
	throw e;
}

/** Registers a member (coordinators). Adults only; a CI number belongs to one person. */
export async function createPerson(
	deps: { db: Db; now?: () => Date },
	actor: Actor | null,
	input: unknown
): Promise<{ id: string }> {
	assertCan(actor, 'org.manage');
	const data = parseInput(personInput(todayInBolivia(deps.now?.())), input);
	try {
		return await deps.db.transaction(async (tx) => {
			await checkReferences(tx, data);
			const [row] = await tx.insert(person).values(data).returning({ id: person.id });
			await recordAudit(tx, actor, {
				action: 'create',
				entity: 'person',
				entityId: row!.id,
				changes: data
			});
			return { id: row!.id };
		});
	} catch (e) {
		rethrow(e);
	}
}

/**
 * Writes changed member fields and their audit line, in the caller's transaction. Shared by the
 * coordinator's edit and by an accepted correction. The account's name and phone follow.
 */
export async function writePersonChanges(
	tx: Executor,
	actor: Actor,
	id: string,
	data: PersonValues,
	audit: { action: string; extra?: Record<string, unknown> }
): Promise<Record<string, unknown>> {
	const [before] = await tx.select().from(person).where(eq(person.id, id)).for('update');
	if (!before) throw new AppError('not_found');
	await checkReferences(tx, data, id);
	const changes = diffChanges(before, data);
	if (!Object.keys(changes).length) return changes;
	await tx
		.update(person)
		.set({ ...data, updatedAt: new Date() })
		.where(eq(person.id, id));
	const [account] = await tx.select().from(user).where(eq(user.personId, id));
	if (account) {
		const after = { ...before, ...data };
		const sync: Partial<typeof user.$inferInsert> = {
			name: `${after.givenNames} ${after.surnames}`
		};
		// The account keeps the member's phone for sign-in, unless another account already uses it.
		if (after.phone !== account.phone) {
			const [taken] = after.phone
				? await tx
						.select({ id: user.id })
						.from(user)
						.where(and(eq(user.phone, after.phone), ne(user.id, account.id)))
				: [];
			if (!taken) sync.phone = after.phone;
		}
		await tx
			.update(user)
			.set({ ...sync, updatedAt: new Date() })
			.where(eq(user.id, account.id));
	}
	await recordAudit(tx, actor, {
		action: audit.action,
		entity: 'person',
		entityId: id,
		changes: { ...changes, ...audit.extra }
	});
	// Enrolments and teams follow the person to the new cooperative (and out of the old scope).
	if (changes.cooperativeId && data.cooperativeId)
		await recordAudits(tx, actor, await followCooperative(tx, id, data.cooperativeId));
	return changes;
}

export async function updatePerson(
	deps: { db: Db; now?: () => Date },
	actor: Actor | null,
	id: string,
	input: unknown
): Promise<void> {
	assertCan(actor, 'org.manage');
	const data = parseInput(personInput(todayInBolivia(deps.now?.())), input);
	try {
		await deps.db.transaction((tx) =>
			writePersonChanges(tx, actor, id, data, { action: 'update' })
		);
	} catch (e) {
		rethrow(e);
	}
}

export { rethrow as rethrowPersonConflict };
