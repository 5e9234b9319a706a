import { and, desc, eq } from 'drizzle-orm';
import { assertCan, can, canIssueLink, type Actor } from '../access/guard';
import { personScope } from '../access/person-scope';
import { ciHolder } from './corrections';
import { accountStatusSql, isoOrNull, lastLinkAtSql } from '../auth/account-status';
import type { Executor } from '../db/client';
import {
	cohort,
	cooperative,
	correctionRequest,
	enrolment,
	federation,
	person,
	roleAssignment,
	team,
	user
} from '../db/schema';

/** A member's page: data (CI and phone only for those who may read them), enrolments, proposals. */
export async function getPerson(deps: { db: Executor }, actor: Actor | null, id: string) {
	const { db } = deps;
	const scope = await personScope(db, id);
	assertCan(actor, 'person.read', scope);
	const [row] = await db
		.select({
			p: person,
			cooperative: cooperative.name,
			cooperativeShort: cooperative.shortName,
			federationId: cooperative.federationId,
			federation: federation.shortName,
			username: user.username,
			userId: user.id,
			account: accountStatusSql,
			invitedAt: lastLinkAtSql
		})
		.from(person)
		.leftJoin(cooperative, eq(cooperative.id, person.cooperativeId))
		.leftJoin(federation, eq(federation.id, cooperative.federationId))
		.leftJoin(user, eq(user.personId, person.id))
		.where(eq(person.id, id));
	const p = row!.p;
	const contact = can(actor, 'person.read_contact', scope);
	const enrolments = await db
		.select({
			id: enrolment.id,
			cohortId: cohort.id,
			cohort: cohort.name,
			team: team.name,
			teamId: team.id,
			status: enrolment.status
		})
		.from(enrolment)
		.innerJoin(cohort, eq(cohort.id, enrolment.cohortId))
		.leftJoin(team, eq(team.id, enrolment.teamId))
		.where(eq(enrolment.personId, id))
		.orderBy(desc(cohort.startsOn));
	const canReview = can(actor, 'org.manage');
	const canPropose = can(actor, 'person.propose_correction', scope);
	// A coordinator sees every open proposal; a cooperative lead sees the ones it made.
	const corrections =
		canReview || canPropose
			? await db
					.select({
						id: correctionRequest.id,
						proposed: correctionRequest.proposed,
						note: correctionRequest.note,
						createdAt: correctionRequest.createdAt,
						by: user.name
					})
					.from(correctionRequest)
					.leftJoin(user, eq(user.id, correctionRequest.createdBy))
					.where(
						and(
							eq(correctionRequest.personId, id),
							eq(correctionRequest.status, 'open'),
							canReview ? undefined : eq(correctionRequest.createdBy, actor.userId)
						)
					)
					.orderBy(desc(correctionRequest.createdAt))
			: [];
	// The reviewer is told which record already holds a proposed CI number; the lead who proposed
	// it is not (that would reveal whether a CI exists outside its cooperative).
	const reviewed = await Promise.all(
		corrections.map(async (c) => {
			const ci = c.proposed.ciNumber;
			const clash = canReview && typeof ci === 'string' && ci ? await ciHolder(db, ci, id) : null;
			return { ...c, clash };
		})
	);
	const accountRoles = row!.userId
		? (
				await db
					.select({ role: roleAssignment.role })
					.from(roleAssignment)
					.where(eq(roleAssignment.userId, row!.userId))
			).map((r) => r.role)
		: [];
	const mayLink = canIssueLink(actor, { exists: !!row!.userId, roles: accountRoles }, scope);
	const openable = (cohortId: string) => can(actor, 'cohort.read', { cohortIds: [cohortId] });
	return {
		id: p.id,
		givenNames: p.givenNames,
		surnames: p.surnames,
		name: `${p.givenNames} ${p.surnames}`,
		sex: p.sex,
		birthDate: p.birthDate,
		roleInCooperative: p.roleInCooperative,
		ciNumber: contact ? p.ciNumber : null,
		ciExtension: contact ? p.ciExtension : null,
		phone: contact ? p.phone : null,
		cooperativeId: p.cooperativeId,
		cooperative: row!.cooperativeShort ?? row!.cooperative,
		federationId: row!.federationId,
		federation: row!.federation,
		username: row!.username,
		account: row!.account,
		invitedAt: row!.account === 'invited' ? isoOrNull(row!.invitedAt) : null,
		enrolments: enrolments.map((e) => ({ ...e, canOpen: openable(e.cohortId) })),
		corrections: reviewed,
		can: {
			readContact: contact,
			edit: canReview,
			review: canReview,
			propose: canPropose,
			history: can(actor, 'audit.read'),
			invite: !row!.userId && mayLink,
			reset: !!row!.userId && mayLink
		}
	};
}
export type PersonDetails = Awaited<ReturnType<typeof getPerson>>;
