import { eq } from 'drizzle-orm';
import type { Grant } from '../../domain/roles';
import type { Executor } from '../db/client';
import { roleAssignment, user } from '../db/schema';
import type { Actor } from './guard';

export async function loadActor(db: Executor, userId: string): Promise<Actor | null> {
	const [u] = await db
		.select({ id: user.id, personId: user.personId, disabled: user.disabled })
		.from(user)
		.where(eq(user.id, userId));
	if (!u || u.disabled) return null;
	const grants: Grant[] = await db
		.select({
			role: roleAssignment.role,
			cohortId: roleAssignment.cohortId,
			federationId: roleAssignment.federationId,
			cooperativeId: roleAssignment.cooperativeId
		})
		.from(roleAssignment)
		.where(eq(roleAssignment.userId, userId));
	return { userId: u.id, personId: u.personId, grants };
}
