import { hashPassword } from 'better-auth/crypto';
import { and, eq, like, or } from 'drizzle-orm';
import { randomUUID } from 'node:crypto';
import { normalizeBoPhone } from '../../domain/phone';
import type { Grant } from '../../domain/roles';
import { usernameBase } from '../../domain/text';
import type { Executor } from '../db/client';
import { account, auditLog, roleAssignment, user } from '../db/schema';
import { AppError } from '../errors';

/** A free username: the base, or the base followed by the lowest free number. */
export async function freeUsername(db: Executor, base: string): Promise<string> {
	const taken = await db
		.select({ u: user.username })
		.from(user)
		.where(or(eq(user.username, base), like(user.username, `${base}%`)));
	const set = new Set(taken.map((t) => t.u));
	if (!set.has(base)) return base;
	for (let i = 2; ; i++) if (!set.has(`${base}${i}`)) return `${base}${i}`;
}

export interface NewAccount {
	name: string;
	username?: string;
	givenNames?: string;
	surnames?: string;
	email?: string | null;
	phone?: string | null;
	personId?: string | null;
	password?: string;
	grants?: Array<Pick<Grant, 'role'> & Partial<Omit<Grant, 'role'>>>;
}

/**
 * Creates a user (and its grants). Without a password the account can only be opened by an
 * invitation link. Used by invitations, the CLI and the demo; callers check access first.
 */
export async function createAccount(db: Executor, input: NewAccount, actorUserId: string | null) {
	const username = (
		input.username ??
		(await freeUsername(db, usernameBase(input.givenNames ?? input.name, input.surnames ?? '')))
	).toLowerCase();
	if (!/^[a-z0-9._-]{3,60}$/.test(username))
		throw new AppError('invalid_input', 'username', { username: 'invalid' });
	const phone = input.phone ? normalizeBoPhone(input.phone) : null;
	const [clash] = await db
		.select({ id: user.id })
		.from(user)
		.where(
			or(
				eq(user.username, username),
				input.personId ? eq(user.personId, input.personId) : undefined,
				phone ? eq(user.phone, phone) : undefined
			)
		);
	if (clash) throw new AppError('conflict', 'account exists');
	const id = randomUUID();
	await db.insert(user).values({
		id,
		name: input.name,
		username,
		displayUsername: username,
		email: input.email?.toLowerCase() || null,
		phone,
		personId: input.personId ?? null
	});
	if (input.password) {
		await db.insert(account).values({
			id: randomUUID(),
			accountId: id,
			providerId: 'credential',
			userId: id,
			password: await hashPassword(input.password)
		});
	}
	for (const g of input.grants ?? []) {
		await db.insert(roleAssignment).values({
			userId: id,
			role: g.role,
			cohortId: g.cohortId ?? null,
			federationId: g.federationId ?? null,
			cooperativeId: g.cooperativeId ?? null
		});
	}
	await db.insert(auditLog).values({
		actorUserId,
		action: 'create',
		entity: 'user',
		entityId: id,
		changes: {
			username,
			personId: input.personId ?? null,
			roles: (input.grants ?? []).map((g) => g.role)
		}
	});
	return { id, username };
}

/** Sets (or replaces) the password of an account. */
export async function setPassword(db: Executor, userId: string, password: string) {
	const hash = await hashPassword(password);
	const [existing] = await db
		.select({ id: account.id })
		.from(account)
		.where(and(eq(account.userId, userId), eq(account.providerId, 'credential')));
	if (existing)
		await db
			.update(account)
			.set({ password: hash, updatedAt: new Date() })
			.where(eq(account.id, existing.id));
	else
		await db.insert(account).values({
			id: randomUUID(),
			accountId: userId,
			providerId: 'credential',
			userId,
			password: hash
		});
}
