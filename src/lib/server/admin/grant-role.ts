import { and, eq } from 'drizzle-orm';
import { roles, type Role } from '../../domain/roles';
import { isUuid } from '../../domain/list-query';
import { assertCan, canGrant, type Actor, type ResourceScope } from '../access/guard';
import { personScope } from '../access/person-scope';
import { recordAudit } from '../audit/record-audit';
import { invalidateUser } from '../auth/who-is-asking';
import type { Db, Executor } from '../db/client';
import { cohort, cooperative, federation, roleAssignment } from '../db/schema';
import { AppError } from '../errors';
import {
	accountIdOf,
	assertAdminLeft,
	revisionOf,
	serializeAdminChanges,
	takeRevision
} from './account-revision';
import type { AccountWrite } from './lock-account';

/** The scope column each role is held in (none for global roles). */
export const roleScope: Record<Role, 'cohort' | 'federation' | 'cooperative' | null> = {
	admin: null,
	coordinator: null,
	facilitator: 'cohort',
	federation_focal_point: 'federation',
	cooperative_lead: 'cooperative',
	participant: null
};

const bad = (field: string, code: string) => new AppError('invalid_input', code, { [field]: code });

/** Where the account's person belongs, for `grantPolicy` (an account without a person: nowhere). */
async function scopeOf(tx: Executor, personId: string | null): Promise<ResourceScope> {
	return personId ? personScope(tx, personId) : {};
}

/**
 * Gives an account a role, in the scope the role needs (a cohort, a federation or a cooperative).
 * Judged by `grantPolicy` against the account's person: nobody hands out what they could not.
 */
export async function grantRole(
	deps: { db: Db },
	actor: Actor | null,
	input: AccountWrite & { role: unknown; scopeId?: unknown }
): Promise<void> {
	assertCan(actor, 'account.manage');
	const userId = accountIdOf(input.userId);
	const revision = revisionOf(input.revision);
	const role = roles.find((r) => r === input.role);
	if (!role) throw bad('role', 'admin_role_invalid');
	const kind = roleScope[role];
	const scopeId = typeof input.scopeId === 'string' ? input.scopeId.trim() : '';
	if (kind && !isUuid(scopeId)) throw bad('scopeId', 'admin_scope_required');
	await deps.db.transaction(async (tx) => {
		const row = await takeRevision(tx, userId, revision);
		const grant = {
			cohortId: kind === 'cohort' ? scopeId : null,
			federationId: kind === 'federation' ? scopeId : null,
			cooperativeId: kind === 'cooperative' ? scopeId : null
		};
		if (kind) {
			const table = { cohort, federation, cooperative }[kind];
			const [found] = await tx.select({ id: table.id }).from(table).where(eq(table.id, scopeId));
			if (!found) throw bad('scopeId', 'admin_scope_required');
		}
		if (!canGrant(actor, role, await scopeOf(tx, row.personId)))
			throw new AppError('forbidden', `may not grant ${role}`);
		const added = await tx
			.insert(roleAssignment)
			.values({ userId, role, ...grant })
			.onConflictDoNothing()
			.returning({ id: roleAssignment.id });
		if (!added.length) throw bad('role', 'admin_already_held');
		await recordAudit(tx, actor, {
			action: 'grant_role',
			entity: 'user',
			entityId: userId,
			changes: { roles: [role], ...nonNull(grant) }
		});
	});
	// Grants are cached per session: the new role applies from the account's next request.
	invalidateUser(userId);
}

/**
 * Takes one role assignment away. Only what the actor could grant; an admin never removes their
 * own admin role, and the last unlocked admin keeps theirs.
 */
export async function removeRole(
	deps: { db: Db },
	actor: Actor | null,
	input: AccountWrite & { assignmentId: unknown }
): Promise<void> {
	assertCan(actor, 'account.manage');
	const userId = accountIdOf(input.userId);
	const revision = revisionOf(input.revision);
	const assignmentId = typeof input.assignmentId === 'string' ? input.assignmentId : '';
	if (!isUuid(assignmentId)) throw new AppError('not_found', 'no such role');
	await deps.db.transaction(async (tx) => {
		await serializeAdminChanges(tx);
		const row = await takeRevision(tx, userId, revision);
		const [held] = await tx
			.select()
			.from(roleAssignment)
			.where(and(eq(roleAssignment.id, assignmentId), eq(roleAssignment.userId, userId)));
		if (!held) throw bad('_', 'admin_not_held');
		if (held.role === 'admin' && userId === actor.userId) throw bad('_', 'admin_self_admin');
		if (!canGrant(actor, held.role, await scopeOf(tx, row.personId)))
			throw new AppError('forbidden', `may not remove ${held.role}`);
		await tx.delete(roleAssignment).where(eq(roleAssignment.id, assignmentId));
		if (held.role === 'admin') await assertAdminLeft(tx);
		await recordAudit(tx, actor, {
			action: 'remove_role',
			entity: 'user',
			entityId: userId,
			changes: {
				roles: [held.role],
				...nonNull({
					cohortId: held.cohortId,
					federationId: held.federationId,
					cooperativeId: held.cooperativeId
				})
			}
		});
	});
	invalidateUser(userId);
}

function nonNull(o: Record<string, string | null>): Record<string, string> {
	return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== null)) as Record<
		string,
		string
	>;
}
