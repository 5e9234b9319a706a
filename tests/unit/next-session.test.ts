import { describe, expect, it } from 'vitest';
import { nextSession, sessionStates, type RunRef } from '../../src/lib/domain/next-session';

const outline = [
	{ module: 'm1', session: 'a' },
	{ module: 'm1', session: 'b' },
	{ module: 'm2', session: 'c' }
];
const run = (session: string, status: RunRef['status'], id = session): RunRef => ({
	id,
	module: session === 'c' ? 'm2' : 'm1',
	session,
	status
});

describe('next session', () => {
	it('is the first session when nothing was run', () => {
		expect(nextSession(outline, [])).toEqual({ module: 'm1', session: 'a', runId: null });
	});

	it('is the first not done, in the content order', () => {
		expect(nextSession(outline, [run('a', 'completed')])).toMatchObject({ session: 'b' });
		// A later session done out of order does not skip an earlier one.
		expect(nextSession(outline, [run('c', 'completed')])).toMatchObject({ session: 'a' });
	});

	it('is the session under way, with its run, before anything not started', () => {
		expect(nextSession(outline, [run('c', 'paused', 'r1')])).toEqual({
			module: 'm2',
			session: 'c',
			runId: 'r1'
		});
	});

	it('is none when every session is done', () => {
		expect(
			nextSession(outline, [run('a', 'completed'), run('b', 'completed'), run('c', 'completed')])
		).toBeNull();
	});

	it('keeps a session done when the team opens it again', () => {
		const states = sessionStates(outline, [run('a', 'completed'), run('a', 'open', 'again')]);
		expect([...states.values()]).toEqual(['done', 'not_started', 'not_started']);
		expect(nextSession(outline, [run('a', 'completed'), run('a', 'open')])).toMatchObject({
			session: 'b',
			runId: null
		});
	});
});
