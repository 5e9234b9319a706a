import type { Actor } from '../access/guard';

/**
 * The actor of scripted imports (`npm run minka -- import`): whoever can run the CLI on the
 * server already holds the database, so it acts with a coordinator's rights. It has no user
 * account: what it writes is recorded with no user (actor_user_id null) and `via: "cli"`.
 */
export const SYSTEM_USER_ID = 'system:cli';

export const systemActor: Actor = {
	userId: SYSTEM_USER_ID,
	personId: null,
	grants: [{ role: 'coordinator', cohortId: null, federationId: null, cooperativeId: null }]
};

/** The user to record as author: none for the system actor. */
export function authorOf(actor: Actor): string | null {
	return actor.userId === SYSTEM_USER_ID ? null : actor.userId;
}
