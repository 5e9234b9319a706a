// Statistical disclosure control for the public, anonymised exports (docs/architecture.md,
// "Report packs"). A count of 1 to 4 people could point at someone ("the two women of that
// cooperative aged 60+"), so it is never published; and because the total of a breakdown is
// published, a second cell is hidden with it so the first cannot be found back by subtraction.

/** Counts below this (and above zero) are never published. */
export const SUPPRESS_BELOW = 5;
/** Written instead of a count of 1 to 4 people. */
export const SMALL_MARK = '<5';
/** Written instead of a count hidden only so that a small one cannot be worked out. */
export const COMPLEMENT_MARK = 'x';

export type PublicCount = number | typeof SMALL_MARK | typeof COMPLEMENT_MARK;

const isSmall = (n: number) => n > 0 && n < SUPPRESS_BELOW;

/**
 * One total and the cells of one breakdown of it (women and men; the age bands…), which add up to
 * the total, as they may be published:
 * - a cell (or the total) of 1 to 4 people becomes `<5`; zeros stay (they name nobody);
 * - the total is kept when it is 5 or more. Then, when exactly one cell is hidden, the smallest
 *   other non-zero cell (the first of equals) is hidden too, as `x`, so that the total minus the
 *   cells shown never gives the small one. Such a cell always exists: the others add up to at
 *   least the total minus 4, which is at least 1.
 * - a total of 1 to 4 is hidden, and so then is every non-zero cell (each is under 5 as well).
 */
export function suppressBreakdown(
	total: number,
	cells: readonly number[]
): { total: PublicCount; cells: PublicCount[] } {
	const out: PublicCount[] = cells.map((n) => (isSmall(n) ? SMALL_MARK : n));
	const hidden = out.filter((c) => typeof c === 'string').length;
	if (!isSmall(total) && hidden === 1) {
		let pick = -1;
		cells.forEach((n, i) => {
			if (typeof out[i] === 'number' && n > 0 && (pick < 0 || n < cells[pick]!)) pick = i;
		});
		if (pick >= 0) out[pick] = COMPLEMENT_MARK;
	}
	return { total: isSmall(total) ? SMALL_MARK : total, cells: out };
}

/** Whether a published value is a count (not hidden). */
export const isShown = (c: PublicCount): c is number => typeof c === 'number';
