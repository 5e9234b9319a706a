import { fold } from '../text';
import type { ColumnMapping, ImportField, RawRow } from './types';

/** A header as compared: folded, without dots, punctuation as spaces ("C.I." → "ci", "N°" → "n"). */
export function headerKey(raw: string): string {
	return fold(raw)
		.replace(/\./g, '')
		.replace(/[^\p{L}\p{N}]+/gu, ' ')
		.trim();
}

// Headers that say "row number": kept out of the data.
const ignored = /^(n|no|nro|num|numero|item|nº|#|orden|n orden|nro orden)$/;

// Tried in order; the first rule that matches a header decides. Spanish first, English too.
const rules: Array<[RegExp, ImportField]> = [
	[/\bpaterno\b|primer apellido|first surname/, 'paternalSurname'],
	[/\bmaterno\b|segundo apellido|second surname/, 'maternalSurname'],
	[/apellidos? (y )?nombres?|surnames? (and )?(given )?names?/, 'fullNameSurnameFirst'],
	[/nombres? (y )?apellidos?|nombre completo|full name|names? (and )?surnames?/, 'fullName'],
	[/apellido|surname|last name|family name/, 'surnames'],
	[/complemento|complement|suffix/, 'ciComplement'],
	[/expedi|^exp\b|\bext\b|extension|issued/, 'ciExtension'],
	[/\bci\b|cedula|carnet|documento|\bdni\b|identity|\bid\b/, 'ci'],
	[/\bnac\b|nacimiento|birth|\bdob\b/, 'birthDate'],
	[/sexo|genero|\bsex\b|gender/, 'sex'],
	[/\bcel|telf|telefono|movil|whatsapp|phone|mobile/, 'phone'],
	[/registro|matricula|afcoop|personeria|registry/, 'registryNumber'],
	// Before "cooperativa": "CARGO EN LA COOPERATIVA" is a role, not the cooperative.
	[/federaci|federation/, 'federation'],
	[/cargo|funcion|\brol\b|role|position/, 'role'],
	[/departamento|depto|dpto|department/, 'department'],
	[/municipio|localidad|municipality|town/, 'municipality'],
	[/cooperativa|\bcoop\b|cooperative/, 'cooperative'],
	[/nombre|given|first name|\bname\b/, 'givenNames']
];

function guessOne(header: string): ImportField | null {
	const key = headerKey(header);
	if (!key || ignored.test(key)) return null;
	for (const [re, field] of rules) if (re.test(key)) return field;
	return null;
}

/**
 * The field each column most likely holds, from its header. A field goes to the first column
 * that claims it. "NOMBRES" alone, with no surname column beside it, is a full name.
 */
export function guessMapping(headers: string[]): ColumnMapping {
	const taken = new Set<ImportField>();
	const mapping: ColumnMapping = headers.map((h) => {
		const f = guessOne(h);
		if (!f || taken.has(f)) return null;
		taken.add(f);
		return f;
	});
	const hasSurnames = ['surnames', 'paternalSurname', 'maternalSurname'].some((f) =>
		taken.has(f as ImportField)
	);
	const hasFull = taken.has('fullName') || taken.has('fullNameSurnameFirst');
	if (taken.has('givenNames') && !hasSurnames && !hasFull) {
		const i = mapping.indexOf('givenNames');
		mapping[i] = 'fullName';
	}
	return mapping;
}

/**
 * The header row: among the first rows, the one whose cells name the most known fields
 * (title rows above it name one at most). Null when no row names at least two.
 */
export function detectHeaderRow(rows: RawRow[]): number | null {
	let best: { row: number; score: number } | null = null;
	for (const r of rows.slice(0, 30)) {
		const score = guessMapping(r.cells).filter((f) => f !== null).length;
		if (score >= 2 && (!best || score > best.score)) best = { row: r.row, score };
	}
	return best?.row ?? null;
}

export type Requirement = 'name' | 'ci' | 'sex' | 'cooperative';

/** What a mapping lacks to import people: a name, the CI, the sex and the cooperative. */
export function missingRequirements(mapping: ColumnMapping): Requirement[] {
	const has = (f: ImportField) => mapping.includes(f);
	const missing: Requirement[] = [];
	const split =
		has('givenNames') && (has('surnames') || has('paternalSurname') || has('maternalSurname'));
	if (!split && !has('fullName') && !has('fullNameSurnameFirst')) missing.push('name');
	if (!has('ci')) missing.push('ci');
	if (!has('sex')) missing.push('sex');
	if (!has('cooperative') && !has('registryNumber')) missing.push('cooperative');
	return missing;
}

/** Fields chosen for more than one column. */
export function repeatedFields(mapping: ColumnMapping): ImportField[] {
	const seen = new Set<ImportField>();
	const repeated = new Set<ImportField>();
	for (const f of mapping) {
		if (!f) continue;
		if (seen.has(f)) repeated.add(f);
		seen.add(f);
	}
	return [...repeated];
}
