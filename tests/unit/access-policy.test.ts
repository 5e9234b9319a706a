import { describe, expect, it } from 'vitest';
import {
	actions,
	can,
	canGrant,
	canIssueLink,
	grantVisibility,
	visibility,
	type Action,
	type Actor
} from '../../src/lib/server/access/guard';
import { roles, type Role } from '../../src/lib/domain/roles';

// One actor per role, each scoped to "ours"; resources are either in that scope or outside it.
const ours = { cohortId: 'c-ours', federationId: 'f-ours', cooperativeId: 'k-ours' };
const actorFor = (role: Role): Actor => ({
	userId: `u-${role}`,
	personId: `p-${role}`,
	grants: [
		{
			role,
			cohortId: role === 'facilitator' ? ours.cohortId : null,
			federationId: role === 'federation_focal_point' ? ours.federationId : null,
			cooperativeId: role === 'cooperative_lead' ? ours.cooperativeId : null
		}
	]
});
const inside = {
	personId: 'p-x',
	cohortIds: ['c-ours'],
	federationId: 'f-ours',
	cooperativeId: 'k-ours',
	teamMember: true
};
const outside = {
	personId: 'p-y',
	cohortIds: ['c-other'],
	federationId: 'f-other',
	cooperativeId: 'k-other',
	teamMember: false
};

// The expected policy, written out independently of the implementation: [in scope, out of scope].
type Row = Record<Role, [boolean, boolean]>;
const expected: Record<Action, Row> = {
	'system.admin': {
		admin: [true, true],
		coordinator: [false, false],
		facilitator: [false, false],
		federation_focal_point: [false, false],
		cooperative_lead: [false, false],
		participant: [false, false]
	},
	'programme.manage': {
		admin: [true, true],
		coordinator: [true, true],
		facilitator: [false, false],
		federation_focal_point: [false, false],
		cooperative_lead: [false, false],
		participant: [false, false]
	},
	'person.list': {
		admin: [true, true],
		coordinator: [true, true],
		facilitator: [true, true],
		federation_focal_point: [true, true],
		cooperative_lead: [true, true],
		participant: [false, false]
	},
	'person.read': {
		admin: [true, true],
		coordinator: [true, true],
		facilitator: [true, false],
		federation_focal_point: [true, false],
		cooperative_lead: [true, false],
		participant: [false, false]
	},
	'person.read_contact': {
		admin: [true, true],
		coordinator: [true, true],
		facilitator: [true, false],
		federation_focal_point: [false, false],
		cooperative_lead: [true, false],
		participant: [false, false]
	},
	'person.invite': {
		admin: [true, true],
		coordinator: [true, true],
		facilitator: [false, false],
		federation_focal_point: [false, false],
		cooperative_lead: [false, false],
		participant: [false, false]
	},
	'person.reset_password': {
		admin: [true, true],
		coordinator: [true, true],
		facilitator: [true, false],
		federation_focal_point: [false, false],
		cooperative_lead: [false, false],
		participant: [false, false]
	},
	'report.view': {
		admin: [true, true],
		coordinator: [true, true],
		facilitator: [true, false],
		federation_focal_point: [true, false],
		cooperative_lead: [true, false],
		participant: [false, false]
	},
	'course.read': {
		admin: [true, true],
		coordinator: [true, true],
		facilitator: [true, true],
		federation_focal_point: [true, true],
		cooperative_lead: [true, true],
		participant: [true, true]
	},
	'org.manage': {
		admin: [true, true],
		coordinator: [true, true],
		facilitator: [false, false],
		federation_focal_point: [false, false],
		cooperative_lead: [false, false],
		participant: [false, false]
	},
	'federation.read': {
		admin: [true, true],
		coordinator: [true, true],
		facilitator: [false, false],
		federation_focal_point: [true, false],
		cooperative_lead: [false, false],
		participant: [false, false]
	},
	'cooperative.read': {
		admin: [true, true],
		coordinator: [true, true],
		facilitator: [true, false],
		federation_focal_point: [true, false],
		cooperative_lead: [true, false],
		participant: [false, false]
	},
	'cohort.read': {
		admin: [true, true],
		coordinator: [true, true],
		facilitator: [true, false],
		federation_focal_point: [false, false],
		cooperative_lead: [false, false],
		participant: [false, false]
	},
	'enrolment.manage': {
		admin: [true, true],
		coordinator: [true, true],
		facilitator: [false, false],
		federation_focal_point: [false, false],
		cooperative_lead: [false, false],
		participant: [false, false]
	},
	'import.run': {
		admin: [true, true],
		coordinator: [true, true],
		facilitator: [false, false],
		federation_focal_point: [false, false],
		cooperative_lead: [false, false],
		participant: [false, false]
	},
	'audit.read': {
		admin: [true, true],
		coordinator: [true, true],
		facilitator: [false, false],
		federation_focal_point: [false, false],
		cooperative_lead: [false, false],
		participant: [false, false]
	},
	'person.propose_correction': {
		admin: [false, false],
		coordinator: [false, false],
		facilitator: [false, false],
		federation_focal_point: [false, false],
		cooperative_lead: [true, false],
		participant: [false, false]
	},
	'run.read': {
		admin: [true, true],
		coordinator: [true, true],
		facilitator: [true, false],
		federation_focal_point: [true, false],
		cooperative_lead: [true, false],
		participant: [true, false]
	},
	'run.write': {
		admin: [false, false],
		coordinator: [false, false],
		facilitator: [false, false],
		federation_focal_point: [false, false],
		cooperative_lead: [true, false],
		participant: [true, false]
	},
	'test.take': {
		admin: [false, false],
		coordinator: [false, false],
		facilitator: [false, false],
		federation_focal_point: [false, false],
		cooperative_lead: [true, false],
		participant: [true, false]
	},
	'plan.read': {
		admin: [true, true],
		coordinator: [true, true],
		facilitator: [true, false],
		federation_focal_point: [true, false],
		cooperative_lead: [true, false],
		participant: [true, false]
	},
	'plan.write': {
		admin: [false, false],
		coordinator: [false, false],
		facilitator: [false, false],
		federation_focal_point: [false, false],
		cooperative_lead: [true, false],
		participant: [true, false]
	},
	'plan.review': {
		admin: [false, false],
		coordinator: [true, true],
		facilitator: [true, false],
		federation_focal_point: [false, false],
		cooperative_lead: [false, false],
		participant: [false, false]
	},
	'api_key.manage': {
		admin: [true, true],
		coordinator: [false, false],
		facilitator: [false, false],
		federation_focal_point: [false, false],
		cooperative_lead: [false, false],
		participant: [false, false]
	},
	'backup.manage': {
		admin: [true, true],
		coordinator: [false, false],
		facilitator: [false, false],
		federation_focal_point: [false, false],
		cooperative_lead: [false, false],
		participant: [false, false]
	},
	'followup.manage': {
		admin: [true, true],
		coordinator: [true, true],
		facilitator: [false, false],
		federation_focal_point: [false, false],
		cooperative_lead: [false, false],
		participant: [false, false]
	},
	// The lead of the cooperative only: a team member (teamMember) without the lead role may not.
	'followup.write': {
		admin: [false, false],
		coordinator: [false, false],
		facilitator: [false, false],
		federation_focal_point: [false, false],
		cooperative_lead: [true, false],
		participant: [false, false]
	},
	'followup.review': {
		admin: [false, false],
		coordinator: [true, true],
		facilitator: [true, false],
		federation_focal_point: [false, false],
		cooperative_lead: [false, false],
		participant: [false, false]
	},
	'certificate.manage': {
		admin: [true, true],
		coordinator: [true, true],
		facilitator: [false, false],
		federation_focal_point: [false, false],
		cooperative_lead: [false, false],
		participant: [false, false]
	},
	'certificate.download': {
		admin: [true, true],
		coordinator: [true, true],
		facilitator: [false, false],
		federation_focal_point: [false, false],
		cooperative_lead: [false, false],
		participant: [false, false]
	},
	'account.manage': {
		admin: [true, true],
		coordinator: [false, false],
		facilitator: [false, false],
		federation_focal_point: [false, false],
		cooperative_lead: [false, false],
		participant: [false, false]
	},
	'audit.read_all': {
		admin: [true, true],
		coordinator: [false, false],
		facilitator: [false, false],
		federation_focal_point: [false, false],
		cooperative_lead: [false, false],
		participant: [false, false]
	},
	'server.status': {
		admin: [true, true],
		coordinator: [false, false],
		facilitator: [false, false],
		federation_focal_point: [false, false],
		cooperative_lead: [false, false],
		participant: [false, false]
	},
	'live.manage': {
		admin: [true, true],
		coordinator: [true, true],
		facilitator: [true, false],
		federation_focal_point: [false, false],
		cooperative_lead: [false, false],
		participant: [false, false]
	},
	// Members (teamMember: enrolled in the cohort) read their cohort's sessions.
	'live.read': {
		admin: [true, true],
		coordinator: [true, true],
		facilitator: [true, false],
		federation_focal_point: [false, false],
		cooperative_lead: [true, false],
		participant: [true, false]
	},
	// Writing to a cohort's members: its facilitator, coordinators, admins.
	'message.send': {
		admin: [true, true],
		coordinator: [true, true],
		facilitator: [true, false],
		federation_focal_point: [false, false],
		cooperative_lead: [false, false],
		participant: [false, false]
	},
	'outbox.manage': {
		admin: [true, true],
		coordinator: [true, true],
		facilitator: [false, false],
		federation_focal_point: [false, false],
		cooperative_lead: [false, false],
		participant: [false, false]
	},
	// Someone else's opt-outs; one's own are checked below.
	'contact.opt_out': {
		admin: [true, true],
		coordinator: [true, true],
		facilitator: [false, false],
		federation_focal_point: [false, false],
		cooperative_lead: [false, false],
		participant: [false, false]
	}
};

describe('access policy matrix', () => {
	it('covers every action', () =>
		expect(Object.keys(expected).sort()).toEqual([...actions].sort()));

	for (const action of actions) {
		for (const role of Object.keys(expected[action]) as Role[]) {
			const [inScope, outScope] = expected[action][role];
			it(`${role} ${inScope ? 'may' : 'may not'} ${action} in scope, ${outScope ? 'may' : 'may not'} outside`, () => {
				expect(can(actorFor(role), action, inside)).toBe(inScope);
				expect(can(actorFor(role), action, outside)).toBe(outScope);
			});
		}
	}

	it('denies everything to nobody', () => {
		for (const action of actions) expect(can(null, action, inside)).toBe(false);
	});

	it('lets everyone read their own person record', () => {
		const me = actorFor('participant');
		expect(can(me, 'person.read', { personId: me.personId })).toBe(true);
		expect(can(me, 'person.read', { personId: 'someone-else' })).toBe(false);
	});

	it('lets a holder download their own certificate and nobody else’s', () => {
		for (const role of roles) {
			const me = actorFor(role);
			expect(can(me, 'certificate.download', { personId: me.personId })).toBe(true);
		}
		const me = actorFor('participant');
		expect(can(me, 'certificate.download', { personId: 'someone-else' })).toBe(false);
		expect(can(me, 'certificate.manage', { personId: me.personId })).toBe(false);
	});

	it('lets everyone choose their own channels, and nobody else’s but coordinators', () => {
		for (const role of roles) {
			const me = actorFor(role);
			expect(can(me, 'contact.opt_out', { personId: me.personId })).toBe(true);
		}
		const me = actorFor('facilitator');
		expect(can(me, 'contact.opt_out', { personId: 'someone-else', cohortIds: ['c-ours'] })).toBe(
			false
		);
	});

	it('turns scoped grants into list filters', () => {
		expect(visibility(actorFor('coordinator'), 'person.read').all).toBe(true);
		const fed = visibility(actorFor('federation_focal_point'), 'person.read');
		expect(fed.all).toBe(false);
		expect(fed.federationIds).toEqual(['f-ours']);
		expect(visibility(actorFor('facilitator'), 'person.read').cohortIds).toEqual(['c-ours']);
		expect(visibility(actorFor('cooperative_lead'), 'person.read').cooperativeIds).toEqual([
			'k-ours'
		]);
	});
});

// Who may give which role, written out independently: [granted role][issuer] = [in scope, outside].
const all: [boolean, boolean] = [true, true];
const none: [boolean, boolean] = [false, false];
const staffOnly = (admin: boolean, coordinator: boolean): Row => ({
	admin: admin ? all : none,
	coordinator: coordinator ? all : none,
	facilitator: none,
	federation_focal_point: none,
	cooperative_lead: none,
	participant: none
});
const grants: Record<Role, Row> = {
	admin: staffOnly(true, false),
	coordinator: staffOnly(true, true),
	facilitator: staffOnly(true, true),
	federation_focal_point: staffOnly(true, true),
	cooperative_lead: staffOnly(true, true),
	participant: { ...staffOnly(true, true), facilitator: [true, false] }
};

describe('grant policy', () => {
	for (const granted of roles) {
		for (const issuer of roles) {
			const [inScope, outScope] = grants[granted][issuer];
			it(`${issuer} ${inScope ? 'may' : 'may not'} grant ${granted} in scope, ${outScope ? 'may' : 'may not'} outside`, () => {
				expect(canGrant(actorFor(issuer), granted, inside)).toBe(inScope);
				expect(canGrant(actorFor(issuer), granted, outside)).toBe(outScope);
			});
		}
	}

	it('gives a link only for accounts whose every role the issuer could grant', () => {
		const fac = actorFor('facilitator');
		const member = { exists: true, roles: ['participant'] as Role[] };
		const lead = { exists: true, roles: ['cooperative_lead', 'participant'] as Role[] };
		expect(canIssueLink(fac, member, inside)).toBe(true);
		expect(canIssueLink(fac, member, outside)).toBe(false);
		expect(canIssueLink(fac, lead, inside)).toBe(false);
		// A facilitator renews links; creating accounts is for coordinators.
		expect(canIssueLink(fac, { exists: false, roles: ['participant'] }, inside)).toBe(false);
		expect(canIssueLink(actorFor('coordinator'), lead, outside)).toBe(true);
		const admin = { exists: true, roles: ['admin'] as Role[] };
		expect(canIssueLink(actorFor('coordinator'), admin, inside)).toBe(false);
		expect(canIssueLink(actorFor('admin'), admin, inside)).toBe(true);
		for (const role of ['federation_focal_point', 'cooperative_lead', 'participant'] as Role[])
			expect(canIssueLink(actorFor(role), member, inside)).toBe(false);
		expect(canIssueLink(null, member, inside)).toBe(false);
	});

	it('turns grant rules into list filters', () => {
		expect(grantVisibility(actorFor('coordinator'), 'cooperative_lead').all).toBe(true);
		expect(grantVisibility(actorFor('coordinator'), 'admin')).toMatchObject({
			all: false,
			cohortIds: []
		});
		expect(grantVisibility(actorFor('facilitator'), 'participant').cohortIds).toEqual(['c-ours']);
		expect(grantVisibility(actorFor('facilitator'), 'cooperative_lead')).toMatchObject({
			all: false,
			cohortIds: []
		});
	});
});
