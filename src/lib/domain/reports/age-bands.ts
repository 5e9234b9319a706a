// Age bands of the programme's reports, computed from a birth date at a reference date.

export const ageBands = ['18-24', '25-34', '35-44', '45-59', '60+'] as const;
export type AgeBand = (typeof ageBands)[number];
/** No birth date recorded, or under 18 at the reference date. */
export type AgeBandKey = AgeBand | 'unknown';
export const ageBandKeys: readonly AgeBandKey[] = [...ageBands, 'unknown'];

/** Lower bound of each band in whole years; the upper bound is the next band's lower bound. */
export const ageBandFloors: Record<AgeBand, number> = {
	'18-24': 18,
	'25-34': 25,
	'35-44': 35,
	'45-59': 45,
	'60+': 60
};

/** Whole years between a birth date (YYYY-MM-DD) and a reference date (YYYY-MM-DD). */
export function ageAt(birthDate: string, refDate: string): number {
	const [by, bm, bd] = birthDate.split('-').map(Number) as [number, number, number];
	const [ry, rm, rd] = refDate.split('-').map(Number) as [number, number, number];
	return ry - by - (rm < bm || (rm === bm && rd < bd) ? 1 : 0);
}

export function ageBandOf(birthDate: string | null, refDate: string): AgeBandKey {
	if (!birthDate) return 'unknown';
	const age = ageAt(birthDate, refDate);
	let band: AgeBandKey = 'unknown';
	for (const b of ageBands) if (age >= ageBandFloors[b]) band = b;
	return band;
}

export function isAgeBand(v: unknown): v is AgeBand {
	return typeof v === 'string' && (ageBands as readonly string[]).includes(v);
}
