import { isIsoDate } from './bolivia';
import { numberFormat } from './intl-cache';

/**
 * The values of worksheet fields (a workbook section's or a worksheet's own): parsed from a posted
 * form, validated, turned back into form values to show them again. Pure, shared by the session
 * steps and the workbook pages.
 *
 * Form names: `f.<field>` for a field, `f.<field>.<row>.<column>` for a table cell, and
 * `f.<field>._rows` for how many rows a table shows. A multiple choice posts its name once per
 * ticked option. Errors are codes per path (`field` or `field.3.column`), turned into sentences by
 * the page; the typed values always travel back with them.
 */

/** What validation needs of a field: `Field` (curriculum index) and `FieldView` both fit. */
export interface FieldSpec {
	id: string;
	type: 'text' | 'number' | 'money' | 'date' | 'choice' | 'person' | 'score' | 'table';
	required: boolean;
	multiline: boolean;
	multiple: boolean;
	minRows?: number;
	options?: readonly { id: string }[];
	columns?: readonly FieldSpec[];
	/** A table's rows before the section is ever saved: option ids and dates, texts per language. */
	defaultRows?: readonly Record<string, string | Readonly<Record<'es' | 'en', string>>>[];
}

/** Stored value of one field: text, number, centavos, ISO date, option id(s), person id, score, rows. */
export type CellValue = string | number | string[];
export type FieldValue = CellValue | Record<string, CellValue>[];
export type SectionData = Record<string, FieldValue>;

/** Posted form values (what `formValues` gives): a name → its text, or texts for repeated names. */
export type FormRaw = Record<string, string | string[]>;

export interface ValueContext {
	/** Person ids a `person` field may name (the team's members). */
	personIds: readonly string[];
}

export const TEXT_MAX = 500;
export const LONG_TEXT_MAX = 5000;
export const MAX_ROWS = 200;
/** Bs 10,000 million in centavos: beyond any cooperative's plan, well inside a safe integer. */
export const MONEY_MAX_CENTAVOS = 1_000_000_000_000;
export const NUMBER_MAX = 1_000_000_000_000;

export type ParseResult =
	{ ok: true; data: SectionData } | { ok: false; errors: Record<string, string> };

export const fieldName = (path: string) => `f.${path}`;
export const rowsName = (tableId: string) => `f.${tableId}._rows`;

const one = (v: string | string[] | undefined): string =>
	(Array.isArray(v) ? (v[0] ?? '') : (v ?? '')).trim();
const many = (v: string | string[] | undefined): string[] =>
	(Array.isArray(v) ? v : v === undefined ? [] : [v]).map((s) => s.trim()).filter((s) => s !== '');

/**
 * A decimal as people write it in Bolivia or on a phone keyboard: "1.234,50", "1,234.50",
 * "1234.5", "1234,5", "1.234" (one thousand two hundred and thirty-four), "-12". Returns the
 * digits before and after the decimal mark, or null when it is not a number.
 */
export function parseDecimal(
	input: string
): { negative: boolean; int: string; frac: string } | null {
	let s = input.replace(/\s+/g, '').replace(/^bs\.?/i, '');
	let negative = false;
	if (s.startsWith('-')) {
		negative = true;
		s = s.slice(1);
	}
	if (!/^[0-9.,]+$/.test(s) || !/[0-9]/.test(s)) return null;
	const dots = s.split('.').length - 1;
	const commas = s.split(',').length - 1;
	let decimalMark: '.' | ',' | null = null;
	if (dots && commas) decimalMark = s.lastIndexOf('.') > s.lastIndexOf(',') ? '.' : ',';
	else if (commas === 1) decimalMark = ',';
	// A single dot before exactly three digits is a thousands mark ("1.234"), as written in Bolivia.
	else if (dots === 1) decimalMark = /^\d{1,3}\.\d{3}$/.test(s) ? null : '.';
	const thousandsMark = decimalMark === '.' ? ',' : '.';
	const [intPart = '', fracPart = '', ...rest] = decimalMark ? s.split(decimalMark) : [s];
	if (rest.length) return null;
	let int = intPart;
	if (int.includes(thousandsMark) || (!decimalMark && (dots > 1 || commas > 1))) {
		const mark = int.includes(thousandsMark) ? thousandsMark : dots > 1 ? '.' : ',';
		if (!new RegExp(`^\\d{1,3}(\\${mark}\\d{3})+$`).test(int)) return null;
		int = int.split(mark).join('');
	}
	if (!/^\d*$/.test(int) || !/^\d*$/.test(fracPart)) return null;
	if (int === '' && fracPart === '') return null;
	return { negative, int: int.replace(/^0+(?=\d)/, '') || '0', frac: fracPart };
}

/** Bolivianos as typed → integer centavos, or null when it is not an amount. */
export function parseMoney(input: string): number | null {
	const d = parseDecimal(input);
	if (!d || d.frac.length > 2 || d.int.length > 13) return null;
	const centavos = Number(d.int) * 100 + Number(d.frac.padEnd(2, '0'));
	if (centavos > MONEY_MAX_CENTAVOS) return null;
	return d.negative ? -centavos : centavos;
}

/** Centavos → what the input shows back: "1234,50" (no thousands marks, so it reads back the same). */
export function formatMoneyInput(centavos: number): string {
	const sign = centavos < 0 ? '-' : '';
	const abs = Math.abs(centavos);
	const frac = abs % 100;
	return `${sign}${Math.floor(abs / 100)}${frac ? `,${String(frac).padStart(2, '0')}` : ''}`;
}

/** Centavos for reading: "Bs 1.234,50". */
export function formatMoney(centavos: number, locale: string): string {
	const n = centavos / 100;
	// Spanish leaves four-digit numbers ungrouped ("1600"); amounts read best grouped always.
	const text = numberFormat(locale === 'en' ? 'en-US' : 'es-BO', {
		minimumFractionDigits: centavos % 100 ? 2 : 0,
		maximumFractionDigits: 2,
		useGrouping: 'always'
	}).format(n);
	return `Bs ${text}`;
}

export function parseNumber(input: string): number | null {
	const d = parseDecimal(input);
	if (!d || d.frac.length > 6 || d.int.length > 13) return null;
	const n = Number(`${d.int}.${d.frac || '0'}`);
	if (!Number.isFinite(n) || n > NUMBER_MAX) return null;
	return d.negative ? -n : n;
}

const formatNumberInput = (n: number) => String(n).replace('.', ',');

type Cell = { value: CellValue | null } | { error: string };

/** One non-table field's posted text(s) → its value (null when left empty) or an error code. */
function parseCell(f: FieldSpec, raw: string | string[] | undefined, ctx: ValueContext): Cell {
	if (f.type === 'choice' && f.multiple) {
		const ids = [...new Set(many(raw))];
		const known = new Set((f.options ?? []).map((o) => o.id));
		if (ids.some((id) => !known.has(id))) return { error: 'unknown_option' };
		return { value: ids.length ? ids : null };
	}
	const s = one(raw);
	if (s === '') return { value: null };
	switch (f.type) {
		case 'text': {
			const max = f.multiline ? LONG_TEXT_MAX : TEXT_MAX;
			return s.length > max ? { error: `too_long:${max}` } : { value: s };
		}
		case 'number': {
			const n = parseNumber(s);
			return n === null ? { error: 'invalid_number' } : { value: n };
		}
		case 'money': {
			const c = parseMoney(s);
			return c === null ? { error: 'invalid_money' } : { value: c };
		}
		case 'date': {
			const year = Number(s.slice(0, 4));
			return isIsoDate(s) && year >= 1900 && year <= 2200
				? { value: s }
				: { error: 'invalid_date' };
		}
		case 'choice':
			return (f.options ?? []).some((o) => o.id === s) ? { value: s } : { error: 'unknown_option' };
		case 'person':
			return ctx.personIds.includes(s) ? { value: s } : { error: 'not_a_member' };
		case 'score': {
			if (!/^\d+$/.test(s)) return { error: 'out_of_range' };
			const n = Number(s);
			return n >= 1 && n <= 5 ? { value: n } : { error: 'out_of_range' };
		}
		case 'table':
			return { error: 'invalid' };
	}
}

/** How many rows a table's posted form holds: the `_rows` count or the highest row index seen. */
export function postedRows(tableId: string, raw: FormRaw): number {
	const declared = Number(one(raw[rowsName(tableId)]));
	let rows = Number.isSafeInteger(declared) && declared > 0 ? declared : 0;
	const prefix = `f.${tableId}.`;
	for (const key of Object.keys(raw)) {
		if (!key.startsWith(prefix)) continue;
		const m = /^(\d{1,6})\./.exec(key.slice(prefix.length));
		if (m) rows = Math.max(rows, Number(m[1]) + 1);
	}
	return rows;
}

/**
 * Posted form → section data, or an error code per path. Empty fields are left out; a table keeps
 * its rows that have anything in them (a blank row is what "add row" leaves).
 */
export function parseValues(
	fields: readonly FieldSpec[],
	raw: FormRaw,
	ctx: ValueContext
): ParseResult {
	const data: SectionData = {};
	const errors: Record<string, string> = {};
	for (const f of fields) {
		if (f.type !== 'table') {
			const cell = parseCell(f, raw[fieldName(f.id)], ctx);
			if ('error' in cell) errors[f.id] = cell.error;
			else if (cell.value !== null) data[f.id] = cell.value;
			else if (f.required) errors[f.id] = 'required';
			continue;
		}
		// The row count is a hidden field the page renders: anything but a number is tampering.
		const declared = one(raw[rowsName(f.id)]);
		if (declared !== '' && !/^\d{1,6}$/.test(declared)) {
			errors[f.id] = 'invalid';
			continue;
		}
		const count = postedRows(f.id, raw);
		if (count > MAX_ROWS) {
			errors[f.id] = 'too_many_rows';
			continue;
		}
		const rows: Record<string, CellValue>[] = [];
		for (let i = 0; i < count; i++) {
			const row: Record<string, CellValue> = {};
			const rowErrors: Record<string, string> = {};
			const missing: string[] = [];
			for (const c of f.columns ?? []) {
				const cell = parseCell(c, raw[fieldName(`${f.id}.${i}.${c.id}`)], ctx);
				if ('error' in cell) rowErrors[`${f.id}.${i}.${c.id}`] = cell.error;
				else if (cell.value !== null) row[c.id] = cell.value;
				else if (c.required) missing.push(`${f.id}.${i}.${c.id}`);
			}
			const blank = Object.keys(row).length === 0 && Object.keys(rowErrors).length === 0;
			if (blank) continue;
			for (const path of missing) rowErrors[path] = 'required';
			Object.assign(errors, rowErrors);
			rows.push(row);
		}
		if (rows.length) data[f.id] = rows;
		else if (f.required) errors[f.id] = 'required';
	}
	return Object.keys(errors).length ? { ok: false, errors } : { ok: true, data };
}

/** Stored section data → form values, to fill the inputs (and the table row counts). */
export function toFormRaw(fields: readonly FieldSpec[], data: SectionData | null): FormRaw {
	const raw: FormRaw = {};
	const put = (f: FieldSpec, name: string, v: unknown) => {
		if (v === undefined || v === null) return;
		if (f.type === 'choice' && f.multiple) raw[name] = Array.isArray(v) ? v.map(String) : [];
		else if (f.type === 'money' && typeof v === 'number') raw[name] = formatMoneyInput(v);
		else if (f.type === 'number' && typeof v === 'number') raw[name] = formatNumberInput(v);
		else if (typeof v === 'string' || typeof v === 'number') raw[name] = String(v);
	};
	for (const f of fields) {
		const v = data?.[f.id];
		if (f.type !== 'table') {
			put(f, fieldName(f.id), v);
			continue;
		}
		const rows = Array.isArray(v) ? (v as Record<string, CellValue>[]) : [];
		rows.forEach((row, i) => {
			for (const c of f.columns ?? []) put(c, fieldName(`${f.id}.${i}.${c.id}`), row?.[c.id]);
		});
		raw[rowsName(f.id)] = String(rows.length);
	}
	return raw;
}

/**
 * What a section's form shows before anyone saved it: the default rows its tables declare, in
 * the reader's language; null when it declares none. Saving them is an edit like any other.
 */
export function defaultData(fields: readonly FieldSpec[], locale: 'es' | 'en'): SectionData | null {
	const data: SectionData = {};
	for (const f of fields) {
		if (f.type !== 'table' || !f.defaultRows?.length) continue;
		data[f.id] = f.defaultRows.map((row) =>
			Object.fromEntries(
				Object.entries(row).map(([k, v]) => [k, typeof v === 'string' ? v : v[locale]])
			)
		);
	}
	return Object.keys(data).length ? data : null;
}

/** How many rows to show for a table: what was posted or stored, at least `minRows` (or one). */
export function shownRows(f: FieldSpec, raw: FormRaw): number {
	return Math.min(MAX_ROWS, Math.max(postedRows(f.id, raw), f.minRows ?? 1));
}

/** A table button that was pressed: "add a row to X" or "remove row i of X". */
export type RowEdit =
	{ kind: 'add'; table: string } | { kind: 'remove'; table: string; row: number };

export const ADD_ROW = '_addRow';
export const REMOVE_ROW = '_removeRow';

/**
 * A row button was sent that names no table row of these fields (a tampered form, or a table
 * gone from the content): nothing to do, and saving instead would surprise.
 */
export function unknownRowEdit(fields: readonly FieldSpec[], raw: FormRaw): boolean {
	return (one(raw[ADD_ROW]) !== '' || one(raw[REMOVE_ROW]) !== '') && !rowEdit(fields, raw);
}

/** Which row button posted the form, if any (`_addRow=<table>` or `_removeRow=<table>:<i>`). */
export function rowEdit(fields: readonly FieldSpec[], raw: FormRaw): RowEdit | null {
	const isTable = (id: string) => fields.some((f) => f.id === id && f.type === 'table');
	const add = one(raw[ADD_ROW]);
	if (add && isTable(add)) return { kind: 'add', table: add };
	const m = /^([a-zA-Z0-9]+):(\d{1,3})$/.exec(one(raw[REMOVE_ROW]));
	if (m && isTable(m[1]!)) return { kind: 'remove', table: m[1]!, row: Number(m[2]) };
	return null;
}

/**
 * Applies a row button to the typed values, without saving: one more row (up to the maximum), or
 * the row taken out and the rows below moved up. Everything else typed stays as it was.
 */
export function applyRowEdit(fields: readonly FieldSpec[], raw: FormRaw, edit: RowEdit): FormRaw {
	const table = fields.find((f) => f.id === edit.table && f.type === 'table');
	if (!table) return raw;
	const out: FormRaw = {};
	const prefix = `f.${table.id}.`;
	for (const [k, v] of Object.entries(raw)) {
		if (k === ADD_ROW || k === REMOVE_ROW) continue;
		if (!k.startsWith(prefix) || k === rowsName(table.id)) {
			out[k] = v;
			continue;
		}
		const m = /^(\d+)\.(.+)$/.exec(k.slice(prefix.length));
		if (!m) continue;
		const i = Number(m[1]);
		if (edit.kind === 'remove' && i === edit.row) continue;
		const to = edit.kind === 'remove' && i > edit.row ? i - 1 : i;
		out[`${prefix}${to}.${m[2]}`] = v;
	}
	const rows = shownRows(table, raw);
	const next = edit.kind === 'add' ? Math.min(MAX_ROWS, rows + 1) : Math.max(0, rows - 1);
	out[rowsName(table.id)] = String(next);
	return out;
}

/** Form names that may repeat (multiple choices), for `formValues`. */
export function repeatedNames(fields: readonly FieldSpec[]): string[] {
	const names: string[] = [];
	for (const f of fields) {
		if (f.type === 'choice' && f.multiple) names.push(fieldName(f.id));
		if (f.type !== 'table') continue;
		const multi = (f.columns ?? []).filter((c) => c.type === 'choice' && c.multiple);
		if (!multi.length) continue;
		for (let i = 0; i < MAX_ROWS; i++)
			for (const c of multi) names.push(fieldName(`${f.id}.${i}.${c.id}`));
	}
	return names;
}

/** Whether two stored values are the same (a retried save, or the same thing typed twice). */
export function sameData(a: unknown, b: unknown): boolean {
	return canonical(a) === canonical(b);
}

function canonical(v: unknown): string {
	if (Array.isArray(v)) return `[${v.map(canonical).join(',')}]`;
	if (v && typeof v === 'object')
		return `{${Object.keys(v)
			.sort()
			.filter((k) => (v as Record<string, unknown>)[k] !== undefined)
			.map((k) => `${JSON.stringify(k)}:${canonical((v as Record<string, unknown>)[k])}`)
			.join(',')}}`;
	return JSON.stringify(v);
}
