import type { Grant, Role } from '../../domain/roles';
import { AppError } from '../errors';

/** Who is asking. Built once per request from the session; passed to every domain function. */
export interface Actor {
	userId: string;
	personId: string | null;
	grants: Grant[];
}

/** What a resource belongs to; a rule decides from this whether a grant reaches it. */
export interface ResourceScope {
	personId?: string | null;
	cooperativeId?: string | null;
	federationId?: string | null;
	cohortIds?: string[];
	/** The actor is an active member of the team (or, for tests, enrolled in the cohort). */
	teamMember?: boolean;
}

export const actions = [
	'system.admin',
	'programme.manage',
	'person.list',
	'person.read',
	'person.read_contact',
	'person.invite',
	'person.reset_password',
	'report.view',
	'course.read',
	'org.manage',
	'federation.read',
	'cooperative.read',
	'cohort.read',
	'enrolment.manage',
	'import.run',
	'audit.read',
	'person.propose_correction',
	'run.read',
	'run.write',
	'test.take',
	'plan.read',
	'plan.write',
	'plan.review',
	'api_key.manage',
	'backup.manage',
	'followup.manage',
	'followup.write',
	'followup.review',
	'certificate.manage',
	'certificate.download',
	'account.manage',
	'audit.read_all',
	'server.status',
	'live.manage',
	'live.read',
	'message.send',
	'outbox.manage',
	'contact.opt_out'
] as const;
export type Action = (typeof actions)[number];

type Rule = true | ((g: Grant, r: ResourceScope) => boolean);

const inCohort: Rule = (g, r) => !!g.cohortId && (r.cohortIds ?? []).includes(g.cohortId);
const inFederation: Rule = (g, r) => !!g.federationId && g.federationId === r.federationId;
const inCooperative: Rule = (g, r) => !!g.cooperativeId && g.cooperativeId === r.cooperativeId;
const teamMember: Rule = (_g, r) => r.teamMember === true;
const leadOrMember: Rule = (g, r) => inCooperative(g, r) || teamMember(g, r);

/**
 * The whole access policy in one table: for each action, the roles that may do it and the scope
 * rule that must hold. A role missing from a row may not do that action at all.
 */
export const policy: Record<Action, Partial<Record<Role, Rule>>> = {
	'system.admin': { admin: true },
	'programme.manage': { admin: true, coordinator: true },
	// Seeing a list of people at all (each row is still filtered by scope).
	'person.list': {
		admin: true,
		coordinator: true,
		facilitator: true,
		federation_focal_point: true,
		cooperative_lead: true
	},
	'person.read': {
		admin: true,
		coordinator: true,
		facilitator: inCohort,
		federation_focal_point: inFederation,
		cooperative_lead: inCooperative
	},
	// CI numbers and phones: only roles that contact or register people.
	'person.read_contact': {
		admin: true,
		coordinator: true,
		facilitator: inCohort,
		cooperative_lead: inCooperative
	},
	'person.invite': { admin: true, coordinator: true },
	'person.reset_password': { admin: true, coordinator: true, facilitator: inCohort },
	// Dashboards: each role in its scope; a lead sees its own cooperative's figures.
	'report.view': {
		admin: true,
		coordinator: true,
		facilitator: inCohort,
		federation_focal_point: inFederation,
		cooperative_lead: inCooperative
	},
	'course.read': {
		admin: true,
		coordinator: true,
		facilitator: true,
		federation_focal_point: true,
		cooperative_lead: true,
		participant: true
	},
	// Creating and editing federations, cooperatives and people.
	'org.manage': { admin: true, coordinator: true },
	'federation.read': { admin: true, coordinator: true, federation_focal_point: inFederation },
	// A facilitator sees the cooperatives that have members in their cohort (resource.cohortIds).
	'cooperative.read': {
		admin: true,
		coordinator: true,
		facilitator: inCohort,
		federation_focal_point: inFederation,
		cooperative_lead: inCooperative
	},
	'cohort.read': { admin: true, coordinator: true, facilitator: inCohort },
	// Enrolling people, forming teams, inviting in bulk.
	'enrolment.manage': { admin: true, coordinator: true },
	'import.run': { admin: true, coordinator: true },
	'audit.read': { admin: true, coordinator: true },
	// A cooperative lead proposes corrections to its members' data; a coordinator decides.
	'person.propose_correction': { cooperative_lead: inCooperative },
	// Group sessions: the team's members and its cooperative's lead run them and write; those who
	// follow the cohort, the federation or the cooperative read them.
	'run.read': {
		admin: true,
		coordinator: true,
		facilitator: inCohort,
		federation_focal_point: inFederation,
		cooperative_lead: leadOrMember,
		participant: teamMember
	},
	'run.write': { cooperative_lead: leadOrMember, participant: teamMember },
	// The pre-test and post-test: each enrolled member for themself.
	'test.take': { cooperative_lead: teamMember, participant: teamMember },
	// The cooperative's plan (its workbook): the team and its lead write it; the cohort's facilitator
	// and coordinators review it; the federation's focal point reads its own federation's plans.
	'plan.read': {
		admin: true,
		coordinator: true,
		facilitator: inCohort,
		federation_focal_point: inFederation,
		cooperative_lead: leadOrMember,
		participant: teamMember
	},
	'plan.write': { cooperative_lead: leadOrMember, participant: teamMember },
	'plan.review': { coordinator: true, facilitator: inCohort },
	// Keys for the xAPI feed read across cooperatives and federations: admins only.
	'api_key.manage': { admin: true },
	// Backups hold everyone's personal data and the auth secret.
	'backup.manage': { admin: true },
	// Following the Action Plan up after the course (read under `plan.read`): coordinators set the
	// rounds; the cooperative's lead answers for its plan, as the one accountable once the course
	// is over; the cohort's facilitator or a coordinator validates or queries each update.
	'followup.manage': { admin: true, coordinator: true },
	'followup.write': { cooperative_lead: inCooperative },
	'followup.review': { coordinator: true, facilitator: inCohort },
	// Certificates: coordinators set the completion rule, issue and revoke. Anyone with the
	// certificate's code may verify it (a public page, no action). The holder downloads their own
	// (`can` below); coordinators any.
	'certificate.manage': { admin: true, coordinator: true },
	'certificate.download': { admin: true, coordinator: true },
	// The admin console: accounts (lock, sessions, roles), the whole platform's audit log and the
	// server's health. Grants themselves are still judged one by one by `grantPolicy`.
	'account.manage': { admin: true },
	'audit.read_all': { admin: true },
	'server.status': { admin: true },
	// Live virtual sessions: scheduled and attended by the cohort's managers, read by its members.
	'live.manage': { admin: true, coordinator: true, facilitator: inCohort },
	'live.read': {
		admin: true,
		coordinator: true,
		facilitator: inCohort,
		cooperative_lead: teamMember,
		participant: teamMember
	},
	// Messages: the cohort's managers write to its members (a facilitator only to their cohort);
	// the outbox (every message, sent by hand) is the coordinators'. A person's opt-outs are
	// recorded by coordinators, or by the person themself (`can` below).
	'message.send': { admin: true, coordinator: true, facilitator: inCohort },
	'outbox.manage': { admin: true, coordinator: true },
	'contact.opt_out': { admin: true, coordinator: true }
};

/**
 * Which roles each role may hand out, and where: for each role granted, the issuers and the
 * scope rule, checked against the person who would hold it. A password link hands over
 * everything its account holds, so it is judged by this table too (`canIssueLink`).
 */
export const grantPolicy: Record<Role, Partial<Record<Role, Rule>>> = {
	admin: { admin: true },
	coordinator: { admin: true, coordinator: true },
	facilitator: { admin: true, coordinator: true },
	federation_focal_point: { admin: true, coordinator: true },
	cooperative_lead: { admin: true, coordinator: true },
	// A facilitator opens accounts of members of their own cohort, nothing more.
	participant: { admin: true, coordinator: true, facilitator: inCohort }
};

function reaches(actor: Actor, row: Partial<Record<Role, Rule>>, resource: ResourceScope) {
	return actor.grants.some((g) => {
		const rule = row[g.role];
		if (rule === undefined) return false;
		return rule === true || rule(g, resource);
	});
}

export function can(actor: Actor | null, action: Action, resource: ResourceScope = {}): boolean {
	if (!actor) return false;
	// Everyone may read their own person record.
	if (action === 'person.read' && resource.personId && resource.personId === actor.personId)
		return true;
	// A certificate's holder may download it (resource.personId is the holder).
	if (
		action === 'certificate.download' &&
		resource.personId &&
		resource.personId === actor.personId
	)
		return true;
	// Everyone chooses the channels they are written to on.
	if (action === 'contact.opt_out' && resource.personId && resource.personId === actor.personId)
		return true;
	return reaches(actor, policy[action], resource);
}

/** Whether the actor could give this role to the person the scope describes. */
export function canGrant(actor: Actor | null, role: Role, person: ResourceScope): boolean {
	return !!actor && reaches(actor, grantPolicy[role], person);
}

/**
 * Whether the actor may issue a password link for a person's account: a new account (an
 * invitation) or a new link for an existing one. Whoever holds the link holds the account, so
 * every role the account has must be one the actor could grant to that person.
 */
export function canIssueLink(
	actor: Actor | null,
	account: { exists: boolean; roles: Role[] },
	person: ResourceScope
): boolean {
	const action = account.exists ? 'person.reset_password' : 'person.invite';
	return can(actor, action, person) && account.roles.every((r) => canGrant(actor, r, person));
}

/** Throws unless the actor may do the action on the resource. Call first in every domain function. */
export function assertCan(
	actor: Actor | null,
	action: Action,
	resource: ResourceScope = {}
): asserts actor is Actor {
	if (!actor) throw new AppError('unauthenticated');
	if (!can(actor, action, resource)) throw new AppError('forbidden', `${action} denied`);
}

export function hasRole(actor: Actor | null, role: Role): boolean {
	return !!actor?.grants.some((g) => g.role === role);
}

/**
 * The part of the organisation an actor may see for an action, for filtering lists in SQL.
 * `all` means no filter; otherwise rows must match one of the listed ids.
 */
export interface Visibility {
	all: boolean;
	cohortIds: string[];
	federationIds: string[];
	cooperativeIds: string[];
	personIds: string[];
}

export function visibility(actor: Actor, action: Action): Visibility {
	const v = reach(actor, policy[action]);
	if (actor.personId && action === 'person.read') v.personIds.push(actor.personId);
	return v;
}

/** Where the actor could grant a role, for filtering lists in SQL. */
export function grantVisibility(actor: Actor, role: Role): Visibility {
	return reach(actor, grantPolicy[role]);
}

function reach(actor: Actor, row: Partial<Record<Role, Rule>>): Visibility {
	const v: Visibility = {
		all: false,
		cohortIds: [],
		federationIds: [],
		cooperativeIds: [],
		personIds: []
	};
	for (const g of actor.grants) {
		const rule = row[g.role];
		if (rule === undefined) continue;
		if (rule === true) v.all = true;
		else if (rule === inCohort && g.cohortId) v.cohortIds.push(g.cohortId);
		else if (rule === inFederation && g.federationId) v.federationIds.push(g.federationId);
		else if (rule === inCooperative && g.cooperativeId) v.cooperativeIds.push(g.cooperativeId);
	}
	return v;
}
