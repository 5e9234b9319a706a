import { and, asc, eq, exists, isNotNull, isNull, not, sql } from 'drizzle-orm';
import { assertCan, type Actor } from '../access/guard';
import { recordAudit } from '../audit/record-audit';
import { hasPasswordSql } from '../auth/account-status';
import { issueLink } from '../auth/invitations';
import type { Db } from '../db/client';
import { cohort, cooperative, enrolment, person, user } from '../db/schema';
import { AppError, isAppError } from '../errors';
import { log } from '../log';

export interface BulkLink {
	personId: string;
	name: string;
	cooperative: string | null;
	username: string;
	phone: string | null;
	/** Shown once: only its hash is stored. */
	token: string;
	path: string;
	expiresAt: Date;
}

export interface BulkResult {
	links: BulkLink[];
	skipped: Array<{ personId: string; name: string; reason: string }>;
}

/**
 * Creates an account and an invitation link for every enrolled member of a cohort (optionally
 * one cooperative of it) or of a cooperative who has no account yet. Each member is its own
 * transaction (issueLink), so one failure leaves the others invited; running it again creates
 * nothing for those already invited. With `resend`, it gives instead a new link (the old one
 * stops working) to every such member who was invited but has not chosen a password yet.
 */
export async function bulkInvite(
	deps: { db: Db; now?: () => Date },
	actor: Actor | null,
	target: { cohortId?: string; cooperativeId?: string; resend?: boolean }
): Promise<BulkResult> {
	assertCan(actor, 'person.invite');
	if (!target.cohortId && !target.cooperativeId) throw new AppError('invalid_input', 'no target');
	const { db } = deps;
	const only = target.resend ? 'not_signed_in' : 'new';
	// An unknown target is a mistake to report, not an empty list of members to invite.
	if (target.cohortId) {
		const [found] = await db
			.select({ id: cohort.id })
			.from(cohort)
			.where(eq(cohort.id, target.cohortId));
		if (!found) throw new AppError('not_found');
	}
	if (target.cooperativeId) {
		const [found] = await db
			.select({ id: cooperative.id })
			.from(cooperative)
			.where(eq(cooperative.id, target.cooperativeId));
		if (!found) throw new AppError('not_found');
	}
	const members = await db
		.select({
			id: person.id,
			name: sql<string>`${person.givenNames} || ' ' || ${person.surnames}`,
			cooperative: sql<string | null>`coalesce(${cooperative.shortName}, ${cooperative.name})`
		})
		.from(person)
		.leftJoin(cooperative, eq(cooperative.id, person.cooperativeId))
		.leftJoin(user, eq(user.personId, person.id))
		.where(
			and(
				target.resend ? and(isNotNull(user.id), not(hasPasswordSql)) : isNull(user.id),
				target.cooperativeId ? eq(person.cooperativeId, target.cooperativeId) : undefined,
				exists(
					db
						.select({ one: sql`1` })
						.from(enrolment)
						.where(
							and(
								eq(enrolment.personId, person.id),
								eq(enrolment.status, 'active'),
								target.cohortId ? eq(enrolment.cohortId, target.cohortId) : undefined
							)
						)
				)
			)
		)
		.orderBy(asc(cooperative.name), asc(person.surnames), asc(person.givenNames));
	const result: BulkResult = { links: [], skipped: [] };
	for (const m of members) {
		try {
			const link = await issueLink(deps, actor, m.id, { only });
			result.links.push({
				personId: m.id,
				name: link.name,
				cooperative: m.cooperative,
				username: link.username,
				phone: link.phone,
				token: link.token,
				path: link.path,
				expiresAt: link.expiresAt
			});
		} catch (e) {
			if (!isAppError(e)) throw e;
			// Someone else invited this member meanwhile (or the member chose a password): their
			// link stays, ours is not needed.
			if (e.code === 'conflict') continue;
			log.warn('bulk invitation skipped', { personId: m.id, code: e.code });
			result.skipped.push({ personId: m.id, name: m.name, reason: e.code });
		}
	}
	// One line in the cohort's (or cooperative's) History for the whole batch; each account
	// also has its own "invite" line in the person's History.
	if (result.links.length || result.skipped.length)
		await recordAudit(db, actor, {
			action: 'bulk_invite',
			entity: target.cohortId ? 'cohort' : 'cooperative',
			entityId: (target.cohortId ?? target.cooperativeId)!,
			changes: {
				links: result.links.length,
				skipped: result.skipped.length,
				...(target.cohortId && target.cooperativeId ? { cooperativeId: target.cooperativeId } : {})
			}
		});
	return result;
}
