import { eq } from 'drizzle-orm';
import { assertCan, type Actor } from '../access/guard';
import { recordAudit } from '../audit/record-audit';
import { invalidateUser } from '../auth/who-is-asking';
import type { Db, Executor } from '../db/client';
import { session, user } from '../db/schema';
import { AppError } from '../errors';
import {
	accountIdOf,
	assertAdminLeft,
	revisionOf,
	serializeAdminChanges,
	takeRevision
} from './account-revision';

export interface AccountWrite {
	userId: unknown;
	/** The account's revision the form was made on. */
	revision: unknown;
}

/** Ends every session of an account (in the caller's transaction); returns how many. */
async function deleteSessions(tx: Executor, userId: string): Promise<number> {
	const gone = await tx
		.delete(session)
		.where(eq(session.userId, userId))
		.returning({ id: session.id });
	return gone.length;
}

/**
 * Locks an account: `user.disabled`, the same flag sign-in, links and `loadActor` already refuse,
 * and every open session ends at once. Nobody locks their own account, and the last unlocked
 * admin cannot be locked.
 */
export async function lockAccount(
	deps: { db: Db },
	actor: Actor | null,
	input: AccountWrite
): Promise<{ sessionsEnded: number }> {
	assertCan(actor, 'account.manage');
	const userId = accountIdOf(input.userId);
	const revision = revisionOf(input.revision);
	if (userId === actor.userId)
		throw new AppError('invalid_input', 'cannot lock oneself', { _: 'admin_self_lock' });
	const sessionsEnded = await deps.db.transaction(async (tx) => {
		await serializeAdminChanges(tx);
		const [before] = await tx
			.select({ disabled: user.disabled })
			.from(user)
			.where(eq(user.id, userId));
		if (before?.disabled)
			throw new AppError('invalid_input', 'already locked', { _: 'admin_already_locked' });
		await takeRevision(tx, userId, revision, { disabled: true });
		await assertAdminLeft(tx);
		const n = await deleteSessions(tx, userId);
		await recordAudit(tx, actor, {
			action: 'lock',
			entity: 'user',
			entityId: userId,
			changes: { sessions: n }
		});
		return n;
	});
	// After the commit: this process forgets the account's sessions now, the others when told.
	invalidateUser(userId);
	return { sessionsEnded };
}

/** Unlocks an account: its password (and any open link) work again; no session is restored. */
export async function unlockAccount(
	deps: { db: Db },
	actor: Actor | null,
	input: AccountWrite
): Promise<void> {
	assertCan(actor, 'account.manage');
	const userId = accountIdOf(input.userId);
	const revision = revisionOf(input.revision);
	await deps.db.transaction(async (tx) => {
		const [before] = await tx
			.select({ disabled: user.disabled })
			.from(user)
			.where(eq(user.id, userId));
		if (before && !before.disabled)
			throw new AppError('invalid_input', 'not locked', { _: 'admin_not_locked' });
		await takeRevision(tx, userId, revision, { disabled: false });
		await recordAudit(tx, actor, { action: 'unlock', entity: 'user', entityId: userId });
	});
	invalidateUser(userId);
}

/** Signs an account out everywhere (a lost phone): every session ends; the account stays open. */
export async function endSessions(
	deps: { db: Db },
	actor: Actor | null,
	input: AccountWrite
): Promise<{ sessionsEnded: number }> {
	assertCan(actor, 'account.manage');
	const userId = accountIdOf(input.userId);
	const revision = revisionOf(input.revision);
	const sessionsEnded = await deps.db.transaction(async (tx) => {
		await takeRevision(tx, userId, revision);
		const n = await deleteSessions(tx, userId);
		await recordAudit(tx, actor, {
			action: 'end_sessions',
			entity: 'user',
			entityId: userId,
			changes: { sessions: n }
		});
		return n;
	});
	invalidateUser(userId);
	return { sessionsEnded };
}
