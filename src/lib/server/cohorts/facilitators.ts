import { and, asc, eq, sql } from 'drizzle-orm';
import { assertCan, type Actor } from '../access/guard';
import { recordAudit } from '../audit/record-audit';
import type { Db, Executor } from '../db/client';
import { cohort, roleAssignment, user } from '../db/schema';
import { AppError } from '../errors';
import { invalid } from '../org/validate';
import { invalidateUser } from '../auth/who-is-asking';

/** Gives an account the facilitator role for one cohort (a role_assignment scoped to it). */
export async function assignFacilitator(
	deps: { db: Db },
	actor: Actor | null,
	cohortId: string,
	username: string
): Promise<void> {
	assertCan(actor, 'programme.manage');
	const name = username.trim().toLowerCase();
	if (!name) throw invalid('username', 'required');
	const userId = await deps.db.transaction(async (tx) => {
		const [c] = await tx.select({ id: cohort.id }).from(cohort).where(eq(cohort.id, cohortId));
		if (!c) throw new AppError('not_found');
		const [u] = await tx
			.select({ id: user.id, disabled: user.disabled })
			.from(user)
			.where(eq(user.username, name));
		if (!u || u.disabled) throw invalid('username', 'unknown_user');
		const inserted = await tx
			.insert(roleAssignment)
			.values({ userId: u.id, role: 'facilitator', cohortId })
			.onConflictDoNothing()
			.returning({ id: roleAssignment.id });
		if (!inserted.length) throw invalid('username', 'already_facilitator');
		await recordAudit(tx, actor, {
			action: 'facilitator_added',
			entity: 'cohort',
			entityId: cohortId,
			changes: { facilitator: name }
		});
		return u.id;
	});
	// Grants are cached per session: the new ones apply from the next request.
	invalidateUser(userId);
}

export async function removeFacilitator(
	deps: { db: Db },
	actor: Actor | null,
	cohortId: string,
	userId: string
): Promise<void> {
	assertCan(actor, 'programme.manage');
	await deps.db.transaction(async (tx) => {
		const removed = await tx
			.delete(roleAssignment)
			.where(
				and(
					eq(roleAssignment.userId, userId),
					eq(roleAssignment.role, 'facilitator'),
					eq(roleAssignment.cohortId, cohortId)
				)
			)
			.returning({ id: roleAssignment.id });
		if (!removed.length) throw new AppError('not_found');
		const [u] = await tx.select({ username: user.username }).from(user).where(eq(user.id, userId));
		await recordAudit(tx, actor, {
			action: 'facilitator_removed',
			entity: 'cohort',
			entityId: cohortId,
			changes: { facilitator: u?.username ?? userId }
		});
	});
	// Grants are cached per session: the new ones apply from the next request.
	invalidateUser(userId);
}

/** Accounts that facilitate some cohort: suggestions for the "add facilitator" field. */
export async function facilitatorCandidates(deps: { db: Executor }, actor: Actor | null) {
	assertCan(actor, 'programme.manage');
	return deps.db
		.selectDistinct({ username: user.username, name: user.name })
		.from(roleAssignment)
		.innerJoin(user, eq(user.id, roleAssignment.userId))
		.where(and(eq(roleAssignment.role, 'facilitator'), sql`not ${user.disabled}`))
		.orderBy(asc(user.username))
		.limit(200);
}
