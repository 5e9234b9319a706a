import { describe, expect, it } from 'vitest';
import {
	actions,
	can,
	visibility,
	type Action,
	type Actor
} from '../../src/lib/server/access/guard';
import type { Role } from '../../src/lib/domain/roles';

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
	cooperativeId: 'k-ours'
};
const outside = {
	personId: 'p-y',
	cohortIds: ['c-other'],
	federationId: 'f-other',
	cooperativeId: 'k-other'
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
		cooperative_lead: [false, false],
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
