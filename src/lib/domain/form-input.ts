import { z } from 'zod';
import { isIsoDate } from './bolivia';

/**
 * Building blocks for form schemas. Form fields arrive as strings; an empty field means "no
 * value" (null). Every message is an error code that the page translates next to the field.
 */
const blankToNull = (v: unknown) =>
	v === undefined || (typeof v === 'string' && v.trim() === '') ? null : v;

export const text = (max: number) => z.string().trim().max(max, 'too_long');
export const requiredText = (max: number) =>
	z.preprocess(blankToNull, z.string('required').trim().min(1, 'required').max(max, 'too_long'));
export const optionalText = (max: number) => z.preprocess(blankToNull, text(max).nullable());

export const uuid = z.string('required').regex(/^[0-9a-f-]{36}$/i, 'invalid');
export const requiredUuid = z.preprocess(blankToNull, uuid);
export const optionalUuid = z.preprocess(blankToNull, uuid.nullable());

export const isoDate = z.string().refine(isIsoDate, 'invalid_date');
export const requiredDate = z.preprocess(blankToNull, z.string('required').pipe(isoDate));
export const optionalDate = z.preprocess(blankToNull, isoDate.nullable());

export const optionalCount = z.preprocess(
	blankToNull,
	z.coerce
		.number('invalid_number')
		.int('invalid_number')
		.min(0, 'invalid_number')
		.max(1_000_000, 'invalid_number')
		.nullable()
);

export function oneOf<const T extends readonly [string, ...string[]]>(values: T) {
	return z.preprocess(blankToNull, z.enum(values, 'required'));
}
export function optionalOneOf<const T extends readonly [string, ...string[]]>(values: T) {
	return z.preprocess(blankToNull, z.enum(values, 'invalid').nullable());
}
/** A multi-select: zero or more of the values, without repeats. */
export function manyOf<const T extends readonly [string, ...string[]]>(values: T) {
	return z
		.preprocess(
			(v) => (v === undefined || v === null ? [] : Array.isArray(v) ? v : [v]),
			z.array(z.enum(values, 'invalid'))
		)
		.transform((a) => [...new Set(a)]);
}

const codes = new Set([
	'required',
	'too_long',
	'invalid',
	'invalid_date',
	'invalid_number',
	'invalid_phone',
	'invalid_ci',
	'minor',
	'too_old',
	'future',
	'before_start',
	'taken',
	'not_found'
]);

/** Field → error code, from a failed parse (the first problem of each field). */
export function fieldErrors(error: z.ZodError): Record<string, string> {
	const fields: Record<string, string> = {};
	for (const issue of error.issues) {
		const key = String(issue.path[0] ?? '_');
		if (!(key in fields)) fields[key] = codes.has(issue.message) ? issue.message : 'invalid';
	}
	return fields;
}
