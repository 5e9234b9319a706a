import { and, eq, gt, isNotNull, isNull } from 'drizzle-orm';
import { createHash, randomBytes } from 'node:crypto';
import { z } from 'zod';
import { normalizeBoPhone } from '../../domain/phone';
import type { Db, Executor } from '../db/client';
import type { Role } from '../../domain/roles';
import { account, auditLog, invitation, person, roleAssignment, session, user } from '../db/schema';
import { canIssueLink, type Actor } from '../access/guard';
import { personScope } from '../access/person-scope';
import { AppError } from '../errors';
import { createAccount, setPassword } from './create-account';
import { accountKey, clearFailures } from './rate-limit';
import { invalidateUser } from './who-is-asking';

export const INVITATION_DAYS = 14;

export const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');

export interface IssuedLink {
	token: string;
	path: string;
	username: string;
	name: string;
	phone: string | null;
	expiresAt: Date;
	purpose: 'invite' | 'reset';
}

/** What an account holds, for deciding who may hand out a link to it. */
async function accountOf(db: Executor, personId: string) {
	const [u] = await db.select().from(user).where(eq(user.personId, personId));
	if (!u) return undefined;
	const roles = await db
		.select({ role: roleAssignment.role })
		.from(roleAssignment)
		.where(eq(roleAssignment.userId, u.id));
	const [credential] = await db
		.select({ id: account.id })
		.from(account)
		.where(
			and(
				eq(account.userId, u.id),
				eq(account.providerId, 'credential'),
				isNotNull(account.password)
			)
		);
	return { user: u, roles: roles.map((r) => r.role), hasPassword: !!credential };
}

/**
 * Gives a person a link to choose a password. Creates the account when the person has none
 * (an invitation); otherwise it is a new link: an invitation again while the person has not
 * chosen a password yet, else a link for a forgotten password. Older open links stop working.
 * `only` makes it a no-op (a conflict) unless the account is in the state a bulk run expects.
 */
export async function issueLink(
	deps: { db: Db; now?: () => Date },
	actor: Actor | null,
	personId: string,
	opts: { only?: 'new' | 'not_signed_in' } = {}
): Promise<IssuedLink> {
	const now = deps.now?.() ?? new Date();
	const scope = await personScope(deps.db, personId);
	if (!actor) throw new AppError('unauthenticated');

	return deps.db.transaction(async (tx) => {
		const existing = await accountOf(tx, personId);
		// The account's roles all count: a link for a cooperative lead's account is a link to
		// the lead's rights, so only someone who could grant them may issue it.
		const roles: Role[] = existing?.roles ?? ['participant'];
		if (!canIssueLink(actor, { exists: !!existing, roles }, scope))
			throw new AppError('forbidden', 'link denied');
		if (opts.only === 'new' && existing) throw new AppError('conflict', 'has an account');
		if (opts.only === 'not_signed_in' && (!existing || existing.hasPassword))
			throw new AppError('conflict', 'not an open invitation');
		const [p] = await tx.select().from(person).where(eq(person.id, personId));
		if (!p) throw new AppError('not_found');
		const name = `${p.givenNames} ${p.surnames}`;
		let u = existing?.user;
		if (!u) {
			// A phone shared by two members (a family phone) can sign in only one of them: the
			// second account is created without it rather than not at all.
			const phone = p.phone ? normalizeBoPhone(p.phone) : null;
			const [phoneTaken] = phone
				? await tx.select({ id: user.id }).from(user).where(eq(user.phone, phone))
				: [];
			const created = await createAccount(
				tx,
				{
					name,
					givenNames: p.givenNames,
					surnames: p.surnames,
					phone: phoneTaken ? null : phone,
					personId,
					grants: [{ role: 'participant' }]
				},
				actor.userId
			);
			[u] = await tx.select().from(user).where(eq(user.id, created.id));
			if (!u) throw new AppError('not_found');
		}
		await tx
			.update(invitation)
			.set({ revokedAt: now })
			.where(
				and(eq(invitation.userId, u.id), isNull(invitation.usedAt), isNull(invitation.revokedAt))
			);
		const token = randomBytes(24).toString('base64url');
		const purpose = existing?.hasPassword ? 'reset' : 'invite';
		const expiresAt = new Date(now.getTime() + INVITATION_DAYS * 86_400_000);
		await tx.insert(invitation).values({
			userId: u.id,
			tokenHash: hashToken(token),
			purpose,
			createdBy: actor.userId,
			createdAt: now,
			expiresAt
		});
		await tx.insert(auditLog).values({
			actorUserId: actor.userId,
			action: purpose === 'invite' ? 'invite' : 'reset_link',
			entity: 'user',
			entityId: u.id,
			changes: { personId }
		});
		return {
			token,
			path: `/invitation/${token}`,
			username: u.username,
			name,
			phone: p.phone ?? u.phone,
			expiresAt,
			purpose
		};
	});
}

async function openInvitation(db: Executor, token: string, now: Date) {
	const [row] = await db
		.select({ inv: invitation, u: user })
		.from(invitation)
		.innerJoin(user, eq(user.id, invitation.userId))
		.where(
			and(
				eq(invitation.tokenHash, hashToken(token)),
				isNull(invitation.usedAt),
				isNull(invitation.revokedAt),
				gt(invitation.expiresAt, now)
			)
		);
	if (!row || row.u.disabled) throw new AppError('link_invalid');
	return row;
}

/** What the invitation page shows: whose account it opens. Public: the token is the credential. */
export async function readInvitation(deps: { db: Db; now?: () => Date }, token: string) {
	const row = await openInvitation(deps.db, token, deps.now?.() ?? new Date());
	return { name: row.u.name, username: row.u.username, purpose: row.inv.purpose };
}

export const passwordSchema = z
	.object({
		password: z.string().min(8, 'too_short').max(200, 'too_long'),
		confirm: z.string()
	})
	.refine((v) => v.password === v.confirm, { message: 'mismatch', path: ['confirm'] });

/** Sets the password chosen through a link; the link then stops working. */
export async function acceptInvitation(
	deps: { db: Db; now?: () => Date },
	input: { token: string; password: string; confirm: string }
): Promise<{ username: string }> {
	const now = deps.now?.() ?? new Date();
	const done = await deps.db.transaction(async (tx) => {
		// A dead link is said first: fixing the password would not help.
		const row = await openInvitation(tx, input.token, now);
		const parsed = passwordSchema.safeParse(input);
		if (!parsed.success) {
			const fields: Record<string, string> = {};
			for (const i of parsed.error.issues) fields[String(i.path[0])] = i.message;
			throw new AppError('invalid_input', 'password', fields);
		}
		await setPassword(tx, row.u.id, parsed.data.password);
		// A new password ends every open session: whoever knew the old one is signed out.
		await tx.delete(session).where(eq(session.userId, row.u.id));
		await tx.update(invitation).set({ usedAt: now }).where(eq(invitation.id, row.inv.id));
		// The owner proved who they are: a slowed-down sign-in starts afresh.
		await clearFailures(tx, accountKey(row.u.id));
		await tx.insert(auditLog).values({
			actorUserId: row.u.id,
			action: 'set_password',
			entity: 'user',
			entityId: row.u.id,
			changes: { via: row.inv.purpose }
		});
		return { userId: row.u.id, username: row.u.username };
	});
	// The sessions just deleted must stop working in every process, not only after the cache's TTL.
	invalidateUser(done.userId);
	return { username: done.username };
}
