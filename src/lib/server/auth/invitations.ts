import { and, eq, gt, isNull } from 'drizzle-orm';
import { createHash, randomBytes } from 'node:crypto';
import { z } from 'zod';
import { normalizeBoPhone } from '../../domain/phone';
import type { Db, Executor } from '../db/client';
import { auditLog, invitation, person, session, user } from '../db/schema';
import { assertCan, type Actor } from '../access/guard';
import { personScope } from '../access/person-scope';
import { AppError } from '../errors';
import { createAccount, setPassword } from './create-account';

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

/**
 * Gives a person a link to choose a password. Creates the account when the person has none
 * (an invitation); otherwise it is a new link for a forgotten password. Older open links stop working.
 */
export async function issueLink(
	deps: { db: Db; now?: () => Date },
	actor: Actor | null,
	personId: string
): Promise<IssuedLink> {
	const now = deps.now?.() ?? new Date();
	const scope = await personScope(deps.db, personId);
	const [existing] = await deps.db.select().from(user).where(eq(user.personId, personId));
	assertCan(actor, existing ? 'person.reset_password' : 'person.invite', scope);

	return deps.db.transaction(async (tx) => {
		const [p] = await tx.select().from(person).where(eq(person.id, personId));
		if (!p) throw new AppError('not_found');
		const name = `${p.givenNames} ${p.surnames}`;
		let u = existing;
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
		const purpose = existing ? 'reset' : 'invite';
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
	const parsed = passwordSchema.safeParse(input);
	if (!parsed.success) {
		const fields: Record<string, string> = {};
		for (const i of parsed.error.issues) fields[String(i.path[0])] = i.message;
		throw new AppError('invalid_input', 'password', fields);
	}
	return deps.db.transaction(async (tx) => {
		const row = await openInvitation(tx, input.token, now);
		await setPassword(tx, row.u.id, parsed.data.password);
		// A new password ends every open session: whoever knew the old one is signed out.
		await tx.delete(session).where(eq(session.userId, row.u.id));
		await tx.update(invitation).set({ usedAt: now }).where(eq(invitation.id, row.inv.id));
		await tx.insert(auditLog).values({
			actorUserId: row.u.id,
			action: 'set_password',
			entity: 'user',
			entityId: row.u.id,
			changes: { via: row.inv.purpose }
		});
		return { username: row.u.username };
	});
}
