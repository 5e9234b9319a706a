import { sql, type SQL } from 'drizzle-orm';
import { outer } from '../db/outer';
import { account, invitation, user } from '../db/schema';

/**
 * Where a person's account stands: none; invited (an account exists but no password was ever
 * chosen, so the person has not come in yet); or active.
 */
export type AccountStatus = 'none' | 'invited' | 'active';

/** Whether the joined `user` has chosen a password. Needs `user` in the outer query. */
export const hasPasswordSql: SQL<boolean> = sql<boolean>`exists (select 1 from ${account} where ${account.userId} = ${outer(user.id)} and ${account.providerId} = 'credential' and ${account.password} is not null)`;

/** The account status of the joined `user` (left-joined: null when the person has none). */
export const accountStatusSql: SQL<AccountStatus> = sql<AccountStatus>`case when ${outer(user.id)} is null then 'none' when ${hasPasswordSql} then 'active' else 'invited' end`;

/** When the newest link for the joined `user` was issued (for "invited since"). */
export const lastLinkAtSql = sql<
	Date | string | null
>`(select max(${invitation.createdAt}) from ${invitation} where ${invitation.userId} = ${outer(user.id)})`;

/** A timestamp from a raw SQL column (PGlite and node-postgres differ) as an ISO string. */
export function isoOrNull(v: Date | string | null | undefined): string | null {
	if (v === null || v === undefined) return null;
	return (v instanceof Date ? v : new Date(v)).toISOString();
}
