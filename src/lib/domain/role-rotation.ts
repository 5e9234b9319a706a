/**
 * Who the app proposes for each role of a group run: the time-keeper, the note-taker and a
 * reader for each reading step. Fair rotation among those present: whoever has had that role
 * least so far in this course goes first; a tie goes to whoever had it longest ago (never counts
 * as longest), then to the order the members are given in. Sex plays no part, so women and men
 * take the roles alike.
 */
export type RunRoleName = 'timekeeper' | 'notetaker' | 'reader';

export interface RoleHistoryEntry {
	personId: string;
	role: RunRoleName;
	at: Date;
}

export interface RoleProposal {
	timekeeper: string | null;
	notetaker: string | null;
	/** Reading step index → the person proposed to read it. */
	readers: Record<number, string>;
}

interface Tally {
	count: number;
	last: number;
}

export function proposeRoles(
	/** Present members, in a stable order (e.g. by surname). */
	present: readonly string[],
	/** Roles these members took in earlier runs of the same course. */
	history: readonly RoleHistoryEntry[],
	/** Indexes of the steps that are read aloud (the opening and every read step). */
	readerSteps: readonly number[]
): RoleProposal {
	const proposal: RoleProposal = { timekeeper: null, notetaker: null, readers: {} };
	if (present.length === 0) return proposal;
	const order = new Map(present.map((id, i) => [id, i]));
	const tallies = new Map<string, Tally>();
	const key = (personId: string, role: RunRoleName) => `${role}:${personId}`;
	for (const h of history) {
		if (!order.has(h.personId)) continue;
		const t = tallies.get(key(h.personId, h.role)) ?? { count: 0, last: -Infinity };
		t.count += 1;
		t.last = Math.max(t.last, h.at.getTime());
		tallies.set(key(h.personId, h.role), t);
	}
	// Roles handed out in this proposal count too, so readers rotate within one run as well.
	let clock = history.reduce((max, h) => Math.max(max, h.at.getTime()), 0) + 1;

	const pick = (role: RunRoleName, exclude: ReadonlySet<string>): string => {
		const candidates = present.filter((p) => !exclude.has(p));
		const pool = candidates.length ? candidates : [...present];
		const tally = (p: string) => tallies.get(key(p, role)) ?? { count: 0, last: -Infinity };
		const chosen = [...pool].sort((a, b) => {
			const ta = tally(a);
			const tb = tally(b);
			return ta.count - tb.count || ta.last - tb.last || order.get(a)! - order.get(b)!;
		})[0]!;
		tallies.set(key(chosen, role), { count: tally(chosen).count + 1, last: clock++ });
		return chosen;
	};

	proposal.timekeeper = pick('timekeeper', new Set());
	// Two people share the run's two jobs whenever two are present.
	proposal.notetaker = pick('notetaker', new Set([proposal.timekeeper]));
	for (const step of readerSteps) proposal.readers[step] = pick('reader', new Set());
	return proposal;
}
