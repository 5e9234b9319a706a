import { and, asc, eq, or, sql, type SQL } from 'drizzle-orm';
import { oneOf, type ListQuery, type ListSpec } from '../../domain/list-query';
import { roles, sortRoles, type Role } from '../../domain/roles';
import { assertCan, type Actor } from '../access/guard';
import { hasPasswordSql, isoOrNull } from '../auth/account-status';
import type { Executor } from '../db/client';
import { outer } from '../db/outer';
import { roleAssignment, signInRecord, user } from '../db/schema';
import {
	folded,
	orderDir,
	searchPattern,
	toPage,
	type Page,
	type PreparedList
} from '../lists/paging';

export const accountListSpec = {
	sorts: ['name', 'username', 'lastSignIn'],
	defaultSort: 'name',
	filters: {
		role: oneOf(roles),
		status: oneOf(['active', 'invited', 'locked'])
	}
} satisfies ListSpec;
export type AccountQuery = ListQuery<keyof typeof accountListSpec.filters>;

/** Locked wins over everything; otherwise invited until a password is chosen. */
export type AccountState = 'locked' | 'invited' | 'active';

export interface AccountRow {
	id: string;
	name: string;
	username: string;
	phone: string | null;
	email: string | null;
	state: AccountState;
	roles: Role[];
	lastSignInAt: string | null;
}

const stateSql = sql<AccountState>`case when ${user.disabled} then 'locked' when ${hasPasswordSql} then 'active' else 'invited' end`;
const rolesSql = sql<
	string | null
>`(select string_agg(distinct ${roleAssignment.role}, ',') from ${roleAssignment} where ${roleAssignment.userId} = ${outer(user.id)})`;

/**
 * Every account on the platform, for the admin: searched by name, username, e-mail or phone
 * (accent- and case-blind), filtered by role and state, a page at a time.
 */
export function prepareAccounts(
	deps: { db: Executor },
	actor: Actor | null,
	query: AccountQuery
): PreparedList<AccountRow> {
	assertCan(actor, 'account.manage');
	const { db } = deps;
	const where: Array<SQL | undefined> = [];
	const pattern = searchPattern(query.q);
	if (pattern) {
		const digits = query.q.replace(/\D/g, '');
		where.push(
			or(
				sql`${folded(sql`${user.name}`)} like ${pattern}`,
				sql`${user.username} like ${pattern}`,
				sql`lower(coalesce(${user.email}, '')) like ${pattern}`,
				// A phone written with spaces or without +591 still finds its account.
				digits.length >= 4 ? sql`${user.phone} like ${`%${digits}%`}` : undefined
			)
		);
	}
	const f = query.filters;
	if (f.role)
		where.push(
			sql`exists (select 1 from ${roleAssignment} where ${roleAssignment.userId} = ${outer(user.id)} and ${roleAssignment.role} = ${f.role})`
		);
	if (f.status) where.push(sql`${stateSql} = ${f.status}`);
	const condition = and(...where);
	const sorts: Record<string, SQL> = {
		name: sql`lower(${user.name})`,
		username: sql`${user.username}`,
		lastSignIn: sql`${signInRecord.lastAt}`
	};
	return {
		async count() {
			const [r] = await db
				.select({ n: sql<number>`count(*)::int` })
				.from(user)
				.where(condition);
			return r?.n ?? 0;
		},
		async fetch(limit, offset) {
			const rows = await db
				.select({
					id: user.id,
					name: user.name,
					username: user.username,
					phone: user.phone,
					email: user.email,
					state: stateSql,
					roles: rolesSql,
					lastSignInAt: signInRecord.lastAt
				})
				.from(user)
				.leftJoin(signInRecord, eq(signInRecord.userId, user.id))
				.where(condition)
				.orderBy(
					sql`${sorts[query.sort] ?? sorts.name} ${orderDir(query.dir)} nulls last`,
					asc(user.username)
				)
				.limit(limit)
				.offset(offset);
			return rows.map((r) => ({
				...r,
				roles: sortRoles((r.roles ?? '').split(',').filter(Boolean) as Role[]),
				lastSignInAt: isoOrNull(r.lastSignInAt)
			}));
		}
	};
}

export async function listAccounts(
	deps: { db: Executor },
	actor: Actor | null,
	query: AccountQuery
): Promise<Page<AccountRow>> {
	return toPage(prepareAccounts(deps, actor, query), query.page);
}
