import { describe, expect, it } from 'vitest';
import { draftParam, parseDraft } from '../../src/lib/server/sessions/draft-run';
import type { RunContext } from '../../src/lib/server/sessions/run-context';
import { previewOf } from '../../src/lib/server/sessions/read-run';

// The pages a phone keeps ahead of the group: which address shows what, and what it refuses.

const TEAM = '3aca4e9d-8568-4238-ab49-6fd30bc15f8f';

describe('the draft parameter', () => {
	it('reads back what it writes', () => {
		const d = {
			team: TEAM,
			course: 'think-coop',
			module: 'orientation',
			session: 'good-relationships'
		};
		expect(parseDraft(draftParam(d))).toEqual(d);
	});

	it('refuses anything else', () => {
		for (const raw of [
			null,
			'',
			`${TEAM}.think-coop.orientation`,
			`${TEAM}.think-coop.orientation.a.b`,
			`not-a-uuid.think-coop.orientation.s`,
			`${TEAM}.Think_COOP.orientation.s`,
			`${TEAM}.think-coop.orientation.${'a'.repeat(81)}`,
			`${TEAM}.think-coop..s`,
			'x'.repeat(10_000)
		])
			expect(parseDraft(raw)).toBeNull();
	});
});

function run(over: Partial<RunContext>): RunContext {
	return {
		id: 'r',
		teamId: TEAM,
		teamName: 'T',
		cohortId: 'c',
		programmeId: 'p',
		cooperativeId: null,
		federationId: null,
		course: 'think-coop',
		module: 'orientation',
		session: 's',
		contentVersion: 'v',
		mode: 'group',
		personId: null,
		stage: 'setup',
		status: 'open',
		step: 0,
		version: 4,
		stepStartedAt: null,
		stepExtraMinutes: 0,
		guests: 0,
		leadDevice: null,
		startedAt: new Date(0),
		completedAt: null,
		presentPersonIds: ['a'],
		actorIsMember: true,
		...over
	};
}

describe('a page ahead of the group', () => {
	const started = new Date('2026-12-07T10:00:00Z');

	it('shows a step while setting up, with no clock, and keeps the version', () => {
		const { ctx, preview } = previewOf(run({ stepStartedAt: started, stepExtraMinutes: 5 }), 3, 6);
		expect(preview).toBe(true);
		expect(ctx).toMatchObject({
			stage: 'play',
			step: 2,
			version: 4,
			stepStartedAt: null,
			stepExtraMinutes: 0
		});
	});

	it('shows another step while playing, the group’s own step as it is', () => {
		const playing = run({ stage: 'play', step: 1, stepStartedAt: started });
		expect(previewOf(playing, 4, 6)).toMatchObject({ preview: true, ctx: { step: 3 } });
		expect(previewOf(playing, 2, 6)).toEqual({ ctx: playing, preview: false });
	});

	it('shows the roles only while setting up, the check-in before it is reached', () => {
		expect(previewOf(run({}), 'roles', 6)).toMatchObject({
			preview: true,
			ctx: { stage: 'setup' }
		});
		expect(previewOf(run({ stage: 'play' }), 'roles', 6).preview).toBe(false);
		expect(previewOf(run({ stage: 'play' }), 'checkin', 6)).toMatchObject({
			preview: true,
			ctx: { stage: 'checkin' }
		});
		// Alone there are no roles and no check-in.
		expect(previewOf(run({ mode: 'catch_up', stage: 'play' }), 'checkin', 6).preview).toBe(false);
	});

	it('is the run as it is out of range, in a finished stage, or for odd numbers', () => {
		for (const at of [0, 7, 2.5, -1, Number.NaN])
			expect(previewOf(run({}), at, 6).preview).toBe(false);
		for (const stage of ['checkin', 'done'] as const)
			for (const at of [1, 'roles', 'checkin'] as const)
				expect(previewOf(run({ stage }), at, 6).preview).toBe(false);
	});

	it('never changes the run it was given', () => {
		const r = run({});
		const { ctx } = previewOf(r, 'roles', 6);
		ctx.presentPersonIds.push('b');
		expect(r.presentPersonIds).toEqual(['a']);
	});
});
