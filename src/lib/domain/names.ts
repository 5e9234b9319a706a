/**
 * The rules for names, whichever way they come in: the person form, a proposed correction, an
 * imported list, the federation and cooperative forms. One set of rules, so a name the importer
 * refuses cannot get in through a form, nor the other way round.
 */

/** Given names and surnames, each. */
export const PERSON_NAME_MAX = 100;
/** A surname shorter than this is an initial, not a surname. */
export const SURNAME_MIN_LETTERS = 2;
/** Federations, cooperatives, programmes, cohorts, teams. */
export const ORG_NAME_MAX = 200;

export type NameProblem = 'required' | 'too_long' | 'invalid' | 'too_short';

/** Spaces collapsed and trimmed; accents composed, so "é" typed either way is one letter. */
export function tidyName(raw: string): string {
	return raw.normalize('NFC').replace(/\s+/g, ' ').trim();
}

// A letter of any script first (which also keeps out "=", "+", "-" and "@", the starts of a
// spreadsheet formula); then letters with their accents, spaces, apostrophes ("D'Arcy", "Ch’aska"),
// hyphens ("Mamani-Quispe") and dots ("Ma. José", "Vda. de Pérez").
const personName = /^\p{L}[\p{L}\p{M} '’ʼ.-]*$/u;

const letters = (s: string) => s.match(/\p{L}/gu)?.length ?? 0;

/** What is wrong with a tidied given name or surname, or null. */
export function personNameProblem(
	name: string,
	kind: 'givenNames' | 'surnames',
	max = PERSON_NAME_MAX
): NameProblem | null {
	if (!name) return 'required';
	if (name.length > max) return 'too_long';
	if (!personName.test(name)) return 'invalid';
	if (kind === 'surnames' && letters(name) < SURNAME_MIN_LETTERS) return 'too_short';
	return null;
}

// Organisation names carry digits, quotes and abbreviations ('Cooperativa Minera "20 de Octubre"
// R.L.'), so only what does harm is kept out: markup, control characters, and a first character
// that a spreadsheet would read as a formula.
const orgNameStart = /^[\p{L}\p{N}"'“‘«(¿¡]/u;
const orgNameForbidden = /[<>\p{Cc}\p{Cf}]/u;

/** What is wrong with a tidied organisation name, or null. */
export function orgNameProblem(name: string, max = ORG_NAME_MAX): NameProblem | null {
	if (!name) return 'required';
	if (name.length > max) return 'too_long';
	if (!orgNameStart.test(name) || orgNameForbidden.test(name)) return 'invalid';
	return null;
}
