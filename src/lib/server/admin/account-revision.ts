import { and, count, eq, sql } from 'drizzle-orm';
import type { Executor } from '../db/client';
import { roleAssignment, user } from '../db/schema';
import { AppError } from '../errors';

/** An account id from a form or a URL: user ids are short text; anything else is not found. */
export function accountIdOf(value: unknown): string {
	if (typeof value !== 'string' || !/^[A-Za-z0-9_-]{1,64}$/.test(value))
		throw new AppError('not_found', 'no such account');
	return value;
}

/** The revision a form was rendered with; a missing or malformed one is a stale form. */
export function revisionOf(value: unknown): number {
	if (typeof value === 'number' && Number.isInteger(value) && value >= 0) return value;
	if (typeof value === 'string' && /^\d{1,9}$/.test(value)) return Number(value);
	throw new AppError('invalid_input', 'revision', { _: 'admin_stale' });
}

/**
 * Takes the account at the revision the form was made on and bumps it, with the given changes,
 * in one `UPDATE … WHERE revision = ?`: a form posted twice, or made before someone else's
 * change, finds another revision and writes nothing (the page says so).
 */
export async function takeRevision(
	tx: Executor,
	userId: string,
	revision: number,
	set: Partial<Pick<typeof user.$inferInsert, 'disabled'>> = {}
) {
	const [row] = await tx
		.update(user)
		.set({ ...set, revision: sql`${user.revision} + 1`, updatedAt: sql`now()` })
		.where(and(eq(user.id, userId), eq(user.revision, revision)))
		.returning({ id: user.id, personId: user.personId, revision: user.revision });
	if (row) return row;
	const [exists] = await tx.select({ id: user.id }).from(user).where(eq(user.id, userId));
	if (!exists) throw new AppError('not_found', 'no such account');
	throw new AppError('conflict', 'the account changed since the form was made', {
		_: 'admin_stale'
	});
}

/**
 * Changes that could leave nobody able to administer (locking an admin, taking the role away)
 * queue behind one another, so two admins locking each other at once cannot both succeed.
 */
export async function serializeAdminChanges(tx: Executor): Promise<void> {
	await tx.execute(sql`select pg_advisory_xact_lock(7253001)`);
}

/** Refuses (and so rolls back) a change that left no unlocked account holding the admin role. */
export async function assertAdminLeft(tx: Executor): Promise<void> {
	const [row] = await tx
		.select({ n: count() })
		.from(roleAssignment)
		.innerJoin(user, eq(user.id, roleAssignment.userId))
		.where(and(eq(roleAssignment.role, 'admin'), eq(user.disabled, false)));
	if (!row || Number(row.n) < 1)
		throw new AppError('invalid_input', 'no admin would be left', { _: 'admin_last_admin' });
}
