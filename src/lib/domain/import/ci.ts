import { fold } from '../text';

/** Bolivia's nine departments, by the code printed on identity cards ("EXP."). */
export const departments = ['LP', 'CB', 'SC', 'OR', 'PT', 'CH', 'TJ', 'BN', 'PD'] as const;
export type Department = (typeof departments)[number];

// Spellings seen in lists: codes with or without dots, three-letter forms, full names.
const departmentSpellings: Record<Department, string[]> = {
	LP: ['lp', 'lpz', 'la paz', 'lapaz'],
	CB: ['cb', 'cba', 'cbb', 'cbba', 'cochabamba'],
	SC: ['sc', 'scz', 'sta cruz', 'santa cruz', 'stacruz', 'santacruz'],
	OR: ['or', 'oru', 'oruro'],
	PT: ['pt', 'pts', 'pot', 'ptsi', 'potosi'],
	CH: ['ch', 'chq', 'chu', 'chuq', 'chuquisaca', 'sucre'],
	TJ: ['tj', 'tja', 'tarija'],
	BN: ['bn', 'be', 'ben', 'beni'],
	PD: ['pd', 'pa', 'pn', 'pan', 'pando']
};
const departmentByKey = new Map<string, Department>(
	Object.entries(departmentSpellings).flatMap(([code, list]) =>
		list.map((s) => [s, code as Department] as const)
	)
);

/** "L.P.", "LPZ", "La Paz", "Pt" → "LP"/"PT"…; null when it is not a department. */
export function parseDepartment(raw: string): Department | null {
	const key = fold(raw.replace(/\./g, ' ')).replace(/\s+/g, ' ').trim();
	return departmentByKey.get(key) ?? departmentByKey.get(key.replace(/ /g, '')) ?? null;
}

export interface ParsedCi {
	/** Digits only: the number printed on the card. */
	number: string;
	/** The duplicate suffix SEGIP adds when a number was issued twice ("1B"). */
	complement: string | null;
	/** The department of issue when written in the same cell ("4567890 LP"). */
	extension: Department | null;
	/** How it is stored and matched: "4567890" or "4567890-1B". */
	key: string;
}

export type CiResult = { ok: true; ci: ParsedCi } | { ok: false; problem: 'missing' | 'malformed' };

/**
 * A Bolivian CI as written in a list: "4567890", "4.567.890", "4567890-1B", "4567890 1B LP",
 * "C.I. 4567890 LP". Anything else is malformed — it is reported, never guessed at.
 */
export function parseCi(raw: string): CiResult {
	let s = raw.trim().toUpperCase();
	if (!s) return { ok: false, problem: 'missing' };
	s = s.replace(/^(C\.?\s*I\.?|N(RO|°|º)?\.?)\s*:?\s*/, '');
	const m = /^(\d{1,3}(?:[.,]\d{3})+|\d+)(.*)$/.exec(s);
	if (!m) return { ok: false, problem: 'malformed' };
	const number = m[1]!.replace(/[.,]/g, '');
	if (!/^[1-9]\d{4,8}$/.test(number)) return { ok: false, problem: 'malformed' };
	let rest = m[2]!.replace(/^[\s\-–]+/, '');
	let complement: string | null = null;
	const c = /^([0-9][A-Z0-9]|[A-Z][0-9])(?![A-Z0-9])/.exec(rest);
	if (c) {
		complement = c[1]!;
		rest = rest.slice(c[0].length).replace(/^[\s\-–]+/, '');
	}
	let extension: Department | null = null;
	if (rest) {
		extension = parseDepartment(rest);
		if (!extension) return { ok: false, problem: 'malformed' };
	}
	return {
		ok: true,
		ci: { number, complement, extension, key: complement ? `${number}-${complement}` : number }
	};
}

/** A complement written in a column of its own: two characters, at least one a digit. */
export function parseComplement(raw: string): string | null | false {
	const s = raw
		.trim()
		.toUpperCase()
		.replace(/^[-\s]+/, '');
	if (!s) return null;
	return /^([0-9][A-Z0-9]|[A-Z][0-9])$/.test(s) ? s : false;
}
