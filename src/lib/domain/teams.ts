/** Peer groups: one per cooperative per cohort, of 3 to 25 members (a group around one phone). */
export const TEAM_MIN = 3;
export const TEAM_MAX = 25;

export type TeamSize = 'ok' | 'small' | 'large';

export function teamSize(members: number): TeamSize {
	if (members < TEAM_MIN) return 'small';
	if (members > TEAM_MAX) return 'large';
	return 'ok';
}

/**
 * Whether moving one member from a team of `from` members to one of `to` members keeps the rule.
 * A move may not push a team out of 3–25; a team already too small may be emptied (to merge it).
 */
export function checkMove(from: number, to: number): 'ok' | 'target_full' | 'source_too_small' {
	if (to + 1 > TEAM_MAX) return 'target_full';
	if (from >= TEAM_MIN && from - 1 < TEAM_MIN) return 'source_too_small';
	return 'ok';
}

/**
 * How to split `count` members of one cooperative into teams: as few teams as the maximum
 * allows, with sizes as even as possible (60 → 20, 20, 20; 26 → 13, 13).
 */
export function splitSizes(count: number): number[] {
	if (count <= 0) return [];
	const teams = Math.ceil(count / TEAM_MAX);
	const base = Math.floor(count / teams);
	const extra = count % teams;
	return Array.from({ length: teams }, (_, i) => base + (i < extra ? 1 : 0));
}

/** Team names for a cooperative: its short name, numbered when it needs more than one team. */
export function teamNames(
	cooperative: string,
	teams: number,
	taken: ReadonlySet<string>
): string[] {
	const names: string[] = [];
	let n = 1;
	while (names.length < teams) {
		const name = teams === 1 && n === 1 ? cooperative : `${cooperative} ${n}`;
		if (!taken.has(name.toLowerCase()) && !names.includes(name)) names.push(name);
		n++;
	}
	return names;
}
