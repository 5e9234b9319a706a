import { and, eq, sql, type SQL } from 'drizzle-orm';
import { roles } from '../../domain/roles';
import type { Executor } from '../db/client';
import { outer } from '../db/outer';
import { roleAssignment, user } from '../db/schema';
import { personScopeSql } from '../lists/scope';
import { grantVisibility, visibility, type Action, type Actor, type Visibility } from './guard';

const inside = (db: Executor, v: Visibility): SQL =>
	personScopeSql(db, { ...v, personIds: [] }) ?? sql`true`;

/**
 * `canIssueLink` as SQL columns for a people list (needs `person` left-joined to `cooperative`
 * and `user`): whether the actor may invite the row's person, or give their account a new link.
 */
export function issueLinkSql(db: Executor, actor: Actor): { canInvite: SQL; canReset: SQL } {
	const allowed = (action: Action) => inside(db, visibility(actor, action));
	// Every role the account holds must be one the actor could grant to this person.
	const grantable = roles.flatMap((role) => {
		const v = grantVisibility(actor, role);
		if (v.all) return [];
		const holds = sql`exists (select 1 from ${roleAssignment} where ${and(
			eq(roleAssignment.userId, outer(user.id)),
			eq(roleAssignment.role, role)
		)})`;
		return [sql`(not ${holds} or ${inside(db, v)})`];
	});
	return {
		canInvite: sql`(${outer(user.id)} is null and ${allowed('person.invite')} and ${inside(
			db,
			grantVisibility(actor, 'participant')
		)})`,
		canReset: sql`(${outer(user.id)} is not null and ${allowed('person.reset_password')} and ${
			grantable.length ? sql.join(grantable, sql` and `) : sql`true`
		})`
	};
}
