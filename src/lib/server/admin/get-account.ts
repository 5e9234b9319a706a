import { and, asc, desc, eq, gt, sql } from 'drizzle-orm';
import { roles, type Role } from '../../domain/roles';
import { assertCan, canGrant, type Actor } from '../access/guard';
import { personScope } from '../access/person-scope';
import { hasPasswordSql, isoOrNull } from '../auth/account-status';
import { accountKey } from '../auth/rate-limit';
import type { Executor } from '../db/client';
import {
	cohort,
	cooperative,
	federation,
	person,
	roleAssignment,
	session,
	signInRecord,
	signInThrottle,
	user
} from '../db/schema';
import { AppError } from '../errors';
import { accountIdOf } from './account-revision';
import { roleScope } from './grant-role';
import type { AccountState } from './list-accounts';

export interface AccountRole {
	id: string;
	role: Role;
	/** The cohort, federation or cooperative the role is held in, by name. */
	scope: string | null;
	/** Whether the viewer may take it away (never their own admin role). */
	canRemove: boolean;
}

export interface ScopeOption {
	id: string;
	name: string;
}

export interface AccountDetail {
	id: string;
	name: string;
	username: string;
	email: string | null;
	phone: string | null;
	personId: string | null;
	personName: string | null;
	cooperative: string | null;
	state: AccountState;
	revision: number;
	createdAt: string;
	lastSignInAt: string | null;
	openSessions: number;
	/** Sign-in attempts not followed by a success (`sign_in_throttle`), and until when it waits. */
	failedAttempts: number;
	lastFailedAt: string | null;
	waitUntil: string | null;
	isSelf: boolean;
	roles: AccountRole[];
	/** The roles the viewer may give, each with the places it may be held in. */
	grantable: Array<{
		role: Role;
		scope: 'cohort' | 'federation' | 'cooperative' | null;
		options: ScopeOption[];
	}>;
}

/** One account for the admin console: who, state, sign-in record, roles and what may be granted. */
export async function getAccount(
	deps: { db: Executor; now?: () => Date },
	actor: Actor | null,
	id: unknown
): Promise<AccountDetail> {
	assertCan(actor, 'account.manage');
	const { db } = deps;
	const userId = accountIdOf(id);
	const now = deps.now?.() ?? new Date();
	const [u] = await db
		.select({
			id: user.id,
			name: user.name,
			username: user.username,
			email: user.email,
			phone: user.phone,
			personId: user.personId,
			personName: sql<string | null>`${person.givenNames} || ' ' || ${person.surnames}`,
			cooperative: sql<string | null>`coalesce(${cooperative.shortName}, ${cooperative.name})`,
			disabled: user.disabled,
			hasPassword: hasPasswordSql,
			revision: user.revision,
			createdAt: user.createdAt,
			lastSignInAt: signInRecord.lastAt
		})
		.from(user)
		.leftJoin(person, eq(person.id, user.personId))
		.leftJoin(cooperative, eq(cooperative.id, person.cooperativeId))
		.leftJoin(signInRecord, eq(signInRecord.userId, user.id))
		.where(eq(user.id, userId));
	if (!u) throw new AppError('not_found', 'no such account');

	const [sessions] = await db
		.select({ n: sql<number>`count(*)::int` })
		.from(session)
		.where(and(eq(session.userId, userId), gt(session.expiresAt, now)));
	const [throttle] = await db
		.select()
		.from(signInThrottle)
		.where(eq(signInThrottle.key, accountKey(userId)));
	const held = await db
		.select({
			id: roleAssignment.id,
			role: roleAssignment.role,
			scopeId: sql<
				string | null
			>`coalesce(${roleAssignment.cohortId}, ${roleAssignment.federationId}, ${roleAssignment.cooperativeId})::text`,
			cohort: cohort.name,
			federation: federation.shortName,
			cooperative: sql<string | null>`coalesce(${cooperative.shortName}, ${cooperative.name})`
		})
		.from(roleAssignment)
		.leftJoin(cohort, eq(cohort.id, roleAssignment.cohortId))
		.leftJoin(federation, eq(federation.id, roleAssignment.federationId))
		.leftJoin(cooperative, eq(cooperative.id, roleAssignment.cooperativeId))
		.where(eq(roleAssignment.userId, userId))
		.orderBy(asc(roleAssignment.createdAt));
	const scope = u.personId ? await personScope(db, u.personId) : {};
	const isSelf = userId === actor.userId;
	const heldKeys = new Set(held.map((r) => (r.scopeId ? `${r.role}:${r.scopeId}` : r.role)));

	const grantable: AccountDetail['grantable'] = [];
	for (const role of roles) {
		if (!canGrant(actor, role, scope)) continue;
		const kind = roleScope[role];
		// What the account already holds is not offered again.
		const options = (await scopeOptions(db, kind, scope)).filter(
			(o) => !heldKeys.has(`${role}:${o.id}`)
		);
		if (!kind && heldKeys.has(role)) continue;
		// A cooperative lead needs the person's cooperative: none, nothing to offer.
		if (kind && !options.length) continue;
		grantable.push({ role, scope: kind, options });
	}
	return {
		id: u.id,
		name: u.name,
		username: u.username,
		email: u.email,
		phone: u.phone,
		personId: u.personId,
		personName: u.personId ? u.personName : null,
		cooperative: u.cooperative,
		state: u.disabled ? 'locked' : u.hasPassword ? 'active' : 'invited',
		revision: u.revision,
		createdAt: new Date(u.createdAt).toISOString(),
		lastSignInAt: isoOrNull(u.lastSignInAt),
		openSessions: sessions?.n ?? 0,
		failedAttempts: throttle?.failures ?? 0,
		lastFailedAt: throttle && throttle.failures > 0 ? isoOrNull(throttle.lastAt) : null,
		waitUntil:
			throttle && new Date(throttle.waitUntil) > now ? isoOrNull(throttle.waitUntil) : null,
		isSelf,
		roles: held.map((r) => ({
			id: r.id,
			role: r.role,
			scope: r.cohort ?? r.federation ?? r.cooperative ?? null,
			canRemove: !(isSelf && r.role === 'admin') && canGrant(actor, r.role, scope)
		})),
		grantable
	};
}

/**
 * Where a scoped role may be held: the cohorts (newest first), the federations, and for a
 * cooperative lead the cooperative the account's person belongs to (a lead leads their own).
 */
async function scopeOptions(
	db: Executor,
	kind: 'cohort' | 'federation' | 'cooperative' | null,
	scope: { cooperativeId?: string | null }
): Promise<ScopeOption[]> {
	if (kind === 'cohort')
		return db
			.select({ id: cohort.id, name: cohort.name })
			.from(cohort)
			.orderBy(desc(cohort.startsOn), asc(cohort.name))
			.limit(200);
	if (kind === 'federation')
		return db
			.select({ id: federation.id, name: federation.shortName })
			.from(federation)
			.orderBy(asc(federation.shortName))
			.limit(200);
	if (kind === 'cooperative' && scope.cooperativeId)
		return db
			.select({
				id: cooperative.id,
				name: sql<string>`coalesce(${cooperative.shortName}, ${cooperative.name})`
			})
			.from(cooperative)
			.where(eq(cooperative.id, scope.cooperativeId));
	return [];
}
