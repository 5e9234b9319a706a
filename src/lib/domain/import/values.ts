import { personNameProblem, tidyName } from '../names';
import { normalizeBoPhone } from '../phone';
import { fold, titleCase } from '../text';

/** "M", "f", "Masculino", "MUJER", "Hombre", "Varón" → "M" | "F"; null when empty; false when unknown. */
export function parseSex(raw: string): 'F' | 'M' | null | false {
	const s = fold(raw.replace(/[.\s]/g, ''));
	if (!s) return null;
	if (['f', 'fem', 'femenino', 'femenina', 'mujer', 'w', 'female', 'woman'].includes(s)) return 'F';
	if (['m', 'masc', 'masculino', 'hombre', 'h', 'varon', 'v', 'male', 'man'].includes(s))
		return 'M';
	return false;
}

const pad = (n: number) => String(n).padStart(2, '0');

function isoDate(y: number, m: number, d: number): string | null {
	const t = new Date(Date.UTC(y, m - 1, d));
	if (t.getUTCFullYear() !== y || t.getUTCMonth() !== m - 1 || t.getUTCDate() !== d) return null;
	return `${y}-${pad(m)}-${pad(d)}`;
}

/** An Excel serial day number (1900 date system) → "yyyy-mm-dd". */
export function excelSerialToIso(serial: number): string | null {
	if (!Number.isFinite(serial) || serial < 61 || serial >= 2_958_466) return null;
	// Day 0 is 1899-12-30 once past Excel's phantom 29 February 1900.
	const t = new Date(Date.UTC(1899, 11, 30) + Math.floor(serial) * 86_400_000);
	return `${t.getUTCFullYear()}-${pad(t.getUTCMonth() + 1)}-${pad(t.getUTCDate())}`;
}

export type DateResult =
	{ ok: true; date: string | null } | { ok: false; problem: 'invalid' | 'two_digit_year' };

/**
 * A birth date as lists write it: a real spreadsheet date (read as "yyyy-mm-dd"), an Excel
 * serial number, or day/month/year text ("03/11/1997", "3-11-1997", "03.11.1997").
 * Two-digit years are refused rather than guessed: the century decides whether someone is a minor.
 */
export function parseBirthDate(raw: string): DateResult {
	const s = raw.trim();
	if (!s) return { ok: true, date: null };
	let m = /^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ][\d:.]+Z?)?$/.exec(s);
	if (m) return done(isoDate(+m[1]!, +m[2]!, +m[3]!));
	m = /^(\d{4})\/(\d{1,2})\/(\d{1,2})$/.exec(s);
	if (m) return done(isoDate(+m[1]!, +m[2]!, +m[3]!));
	m = /^(\d{1,2})\s*[/.-]\s*(\d{1,2})\s*[/.-]\s*(\d{2}|\d{4})$/.exec(s);
	if (m) {
		if (m[3]!.length === 2) return { ok: false, problem: 'two_digit_year' };
		return done(isoDate(+m[3]!, +m[2]!, +m[1]!));
	}
	// Five digits: an Excel serial that lost its date format (1927 onwards). A bare year is not a date.
	if (/^\d{5}(\.\d+)?$/.test(s)) return done(excelSerialToIso(Number(s)));
	return { ok: false, problem: 'invalid' };
}

function done(date: string | null): DateResult {
	return date ? { ok: true, date } : { ok: false, problem: 'invalid' };
}

/** Whole years between a birth date and a day ("yyyy-mm-dd" both). */
export function ageOn(birthDate: string, today: string): number {
	const [by, bm, bd] = birthDate.split('-').map(Number) as [number, number, number];
	const [ty, tm, td] = today.split('-').map(Number) as [number, number, number];
	return ty - by - (tm < bm || (tm === bm && td < bd) ? 1 : 0);
}

export type PhoneResult = { ok: true; phone: string | null } | { ok: false };

/** A Bolivian phone with or without +591 → "+591XXXXXXXX"; empty is fine, anything else is not. */
export function parsePhone(raw: string): PhoneResult {
	const s = raw.trim();
	if (!s) return { ok: true, phone: null };
	const phone = normalizeBoPhone(s);
	return phone ? { ok: true, phone } : { ok: false };
}

// Particles inside surnames and compound names stay in lower case: "Quispe de la Cruz".
const particles = new Set(['de', 'del', 'la', 'las', 'los', 'y', 'vda', 'vda.', 'viuda']);

/** "  FÉLIX   justo " → "Félix Justo"; "QUISPE DE LA CRUZ" → "Quispe de la Cruz". */
export function nameCase(raw: string): string {
	return titleCase(raw)
		.split(' ')
		.map((w, i) => (i > 0 && particles.has(w.toLocaleLowerCase('es')) ? w.toLowerCase() : w))
		.join(' ');
}

/** Words of a name, grouping particles with the surname that follows ("de la Cruz"). */
function nameUnits(s: string): string[] {
	const words = nameCase(s).split(' ').filter(Boolean);
	const units: string[] = [];
	let pending: string[] = [];
	for (const w of words) {
		if (particles.has(w.toLowerCase())) pending.push(w);
		else {
			units.push([...pending, w].join(' '));
			pending = [];
		}
	}
	if (pending.length) units.push(pending.join(' '));
	return units;
}

export type NameResult =
	| { ok: true; givenNames: string; surnames: string }
	| { ok: false; problem: 'missing' | 'incomplete' | 'invalid' | 'surname_short' | 'too_long' };

export interface NameCells {
	fullName?: string;
	fullNameSurnameFirst?: string;
	givenNames?: string;
	surnames?: string;
	paternalSurname?: string;
	maternalSurname?: string;
}

const hasDigitOrSymbol = (s: string) => /[\d@#$%&*_=+<>[\]{}|\\/:;!?¿¡"]/.test(s);

/**
 * Given names and surnames from whatever name columns the list has. A single full-name column
 * is split the Bolivian way: the last two surnames (given names first) or the first two
 * (surnames first, or before a comma). A name without a surname is incomplete, not guessed.
 * The result follows the same rules as the person form (`names.ts`).
 */
export function resolveName(c: NameCells): NameResult {
	const r = splitName(c);
	if (!r.ok) return r;
	for (const kind of ['givenNames', 'surnames'] as const) {
		const problem = personNameProblem(r[kind], kind);
		if (problem === 'too_long') return { ok: false, problem: 'too_long' };
		if (problem === 'too_short') return { ok: false, problem: 'surname_short' };
		if (problem) return { ok: false, problem: 'invalid' };
	}
	return r;
}

function splitName(c: NameCells): NameResult {
	const clean = (s: string | undefined) => tidyName(s ?? '');
	const given = clean(c.givenNames);
	const surnames = clean(
		[clean(c.surnames), clean(c.paternalSurname), clean(c.maternalSurname)]
			.filter(Boolean)
			.join(' ')
	);
	const full = clean(c.fullName);
	const fullRev = clean(c.fullNameSurnameFirst);
	if (!given && !surnames && !full && !fullRev) return { ok: false, problem: 'missing' };
	if ([given, surnames, full, fullRev].some(hasDigitOrSymbol))
		return { ok: false, problem: 'invalid' };
	if (given || surnames) {
		if (!given || !surnames) {
			// One of the split columns is empty: a full-name column may still carry the name.
			if (!full && !fullRev) return { ok: false, problem: 'incomplete' };
		} else return { ok: true, givenNames: nameCase(given), surnames: nameCase(surnames) };
	}
	if (fullRev) {
		if (fullRev.includes(',')) {
			const [sur, giv] = fullRev.split(',', 2).map((p) => p.trim()) as [string, string];
			if (!sur || !giv) return { ok: false, problem: 'incomplete' };
			return { ok: true, givenNames: nameCase(giv), surnames: nameCase(sur) };
		}
		const units = nameUnits(fullRev);
		if (units.length < 2) return { ok: false, problem: 'incomplete' };
		const n = units.length >= 3 ? 2 : 1;
		return {
			ok: true,
			surnames: units.slice(0, n).join(' '),
			givenNames: units.slice(n).join(' ')
		};
	}
	if (full.includes(',')) {
		// "Quispe Mamani, Juana" is surnames first whatever the header says.
		return splitName({ fullNameSurnameFirst: full });
	}
	const units = nameUnits(full);
	if (units.length < 2) return { ok: false, problem: 'incomplete' };
	const n = units.length >= 3 ? 2 : 1;
	return {
		ok: true,
		givenNames: units.slice(0, units.length - n).join(' '),
		surnames: units.slice(units.length - n).join(' ')
	};
}

/** Folded name words, for telling whether a CI belongs to the same person. */
export function nameWords(s: string): string[] {
	return fold(s)
		.split(' ')
		.filter((w) => w && !particles.has(w));
}

/** "SOCIO" / "socio base" → "Socio" / "Socio base"; mixed case is kept as written. */
export function normaliseRole(raw: string): string | null {
	const s = raw.replace(/\s+/g, ' ').trim();
	if (!s) return null;
	if (s === s.toLocaleUpperCase('es') || s === s.toLocaleLowerCase('es')) {
		const lower = s.toLocaleLowerCase('es');
		return lower.charAt(0).toLocaleUpperCase('es') + lower.slice(1);
	}
	return s;
}
