import { describe, expect, it } from 'vitest';
import {
	proposeRoles,
	type RoleHistoryEntry,
	type RunRoleName
} from '../../src/lib/domain/role-rotation';

const day = (n: number) => new Date(Date.UTC(2026, 8, n));

/** Plays `runs` runs in a row, feeding each proposal back as history. */
function simulate(present: (run: number) => string[], runs: number, readerSteps: number[]) {
	const history: RoleHistoryEntry[] = [];
	for (let r = 0; r < runs; r++) {
		const p = proposeRoles(present(r), history, readerSteps);
		history.push({ personId: p.timekeeper!, role: 'timekeeper', at: day(r + 1) });
		history.push({ personId: p.notetaker!, role: 'notetaker', at: day(r + 1) });
		for (const s of readerSteps)
			history.push({ personId: p.readers[s]!, role: 'reader', at: day(r + 1) });
	}
	const count = (person: string, role?: RunRoleName) =>
		history.filter((h) => h.personId === person && (!role || h.role === role)).length;
	return { history, count };
}

describe('role rotation', () => {
	it('proposes nobody when nobody is present', () => {
		expect(proposeRoles([], [], [0])).toEqual({ timekeeper: null, notetaker: null, readers: {} });
	});

	it('gives the two jobs of a run to two people and rotates readers within the run', () => {
		const p = proposeRoles(['a', 'b', 'c'], [], [0, 2, 4]);
		expect(p.timekeeper).toBe('a');
		expect(p.notetaker).toBe('b');
		expect(new Set(Object.values(p.readers))).toEqual(new Set(['a', 'b', 'c']));
		expect(p.readers).toEqual({ 0: 'a', 2: 'b', 4: 'c' });
	});

	it('lets a member alone take every role', () => {
		expect(proposeRoles(['a'], [], [0, 1])).toEqual({
			timekeeper: 'a',
			notetaker: 'a',
			readers: { 0: 'a', 1: 'a' }
		});
	});

	it('puts whoever had the role least first, then whoever had it longest ago', () => {
		const history: RoleHistoryEntry[] = [
			{ personId: 'a', role: 'timekeeper', at: day(1) },
			{ personId: 'a', role: 'timekeeper', at: day(3) },
			{ personId: 'b', role: 'timekeeper', at: day(4) },
			{ personId: 'c', role: 'timekeeper', at: day(2) }
		];
		// b and c had it once each; c longest ago.
		expect(proposeRoles(['a', 'b', 'c'], history, []).timekeeper).toBe('c');
		// A newcomer who never had it goes first, whatever the order.
		expect(proposeRoles(['a', 'b', 'c', 'd'], history, []).timekeeper).toBe('d');
	});

	it('ignores the history of members who are absent and of other roles', () => {
		const history: RoleHistoryEntry[] = [
			{ personId: 'a', role: 'notetaker', at: day(1) },
			{ personId: 'a', role: 'reader', at: day(1) },
			{ personId: 'z', role: 'timekeeper', at: day(1) }
		];
		expect(proposeRoles(['a', 'b'], history, []).timekeeper).toBe('a');
	});

	it('shares every role evenly over a course, women and men alike', () => {
		const women = ['w1', 'w2', 'w3'];
		const men = ['m1', 'm2', 'm3'];
		// Interleaved order, so a bias by order would also show as a bias by sex.
		const all = ['m1', 'w1', 'm2', 'w2', 'm3', 'w3'];
		const { count } = simulate(() => all, 12, [0, 3]);
		for (const p of all) {
			expect(count(p, 'timekeeper')).toBe(2);
			expect(count(p, 'notetaker')).toBe(2);
			expect(count(p, 'reader')).toBe(4);
		}
		const total = (ps: string[]) => ps.reduce((n, p) => n + count(p), 0);
		expect(total(women)).toBe(total(men));
	});

	it('catches up those who missed runs before those who were always there', () => {
		const all = ['a', 'b', 'c', 'd'];
		// d misses the first three runs.
		const { history } = simulate((r) => (r < 3 ? ['a', 'b', 'c'] : all), 3, [0]);
		const next = proposeRoles(all, history, [0]);
		expect(next.timekeeper).toBe('d');
		expect(next.readers[0]).toBe('d');
		// Over the following runs the counts level out to within one.
		const { count } = simulate((r) => (r < 3 ? ['a', 'b', 'c'] : all), 11, [0]);
		const tk = all.map((p) => count(p, 'timekeeper'));
		expect(Math.max(...tk) - Math.min(...tk)).toBeLessThanOrEqual(1);
	});

	it('is deterministic for the same input', () => {
		const h: RoleHistoryEntry[] = [{ personId: 'b', role: 'reader', at: day(1) }];
		expect(proposeRoles(['a', 'b', 'c'], h, [0, 1])).toEqual(
			proposeRoles(['a', 'b', 'c'], h, [0, 1])
		);
	});
});
