import { eq } from 'drizzle-orm';
import type { Grant } from '../../domain/roles';
import type { Executor } from '../db/client';
import { roleAssignment, user } from '../db/schema';
import type { Actor } from './guard';

/**
 * The user and all their grants in one round trip (this runs on every signed-in request).
 * A disabled account gets no actor, so it is locked out at once even with a cached session.
 */
export async function loadActor(db: Executor, userId: string): Promise<Actor | null> {
	const rows = await db
		.select({
			id: user.id,
			personId: user.personId,
			disabled: user.disabled,
			role: roleAssignment.role,
			cohortId: roleAssignment.cohortId,
			federationId: roleAssignment.federationId,
			cooperativeId: roleAssignment.cooperativeId
		})
		.from(user)
		.leftJoin(roleAssignment, eq(roleAssignment.userId, user.id))
		.where(eq(user.id, userId));
	const first = rows[0];
	if (!first || first.disabled) return null;
	const grants: Grant[] = rows
		.filter((r) => r.role !== null)
		.map((r) => ({
			role: r.role!,
			cohortId: r.cohortId,
			federationId: r.federationId,
			cooperativeId: r.cooperativeId
		}));
	return { userId: first.id, personId: first.personId, grants };
}
