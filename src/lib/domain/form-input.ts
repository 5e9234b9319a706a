import { z } from 'zod';
import { isIsoDate } from './bolivia';
import {
	ORG_NAME_MAX,
	PERSON_NAME_MAX,
	orgNameProblem,
	personNameProblem,
	tidyName,
	type NameProblem
} from './names';

/**
 * Building blocks for form schemas. Form fields arrive as strings; an empty field means "no
 * value" (null). Every message is an error code that the page translates next to the field.
 */
const blankToNull = (v: unknown) =>
	v === undefined || (typeof v === 'string' && v.trim() === '') ? null : v;

/** "too_long:200": the limit travels with the code, so the message can say it. */
export const tooLong = (max: number) => `too_long:${max}`;

export const text = (max: number) => z.string().trim().max(max, tooLong(max));
export const requiredText = (max: number) =>
	z.preprocess(blankToNull, z.string('required').trim().min(1, 'required').max(max, tooLong(max)));
export const optionalText = (max: number) => z.preprocess(blankToNull, text(max).nullable());

const nameCode = (p: NameProblem, max: number, invalid: string) =>
	p === 'too_long'
		? tooLong(max)
		: p === 'invalid'
			? invalid
			: p === 'too_short'
				? 'surname_too_short'
				: p;

/** A given name or surname, by the rules the importer also follows (`names.ts`). */
export const personName = (kind: 'givenNames' | 'surnames', max = PERSON_NAME_MAX) =>
	z.preprocess(
		blankToNull,
		z
			.string('required')
			.overwrite(tidyName)
			.superRefine((v, ctx) => {
				const p = personNameProblem(v, kind, max);
				if (p) ctx.addIssue({ code: 'custom', message: nameCode(p, max, 'invalid_name') });
			})
	);

/** The name of a federation, cooperative, programme, cohort or team (`names.ts`). */
const orgNameString = (max: number) =>
	z
		.string('required')
		.overwrite(tidyName)
		.superRefine((v, ctx) => {
			const p = orgNameProblem(v, max);
			if (p) ctx.addIssue({ code: 'custom', message: nameCode(p, max, 'invalid_org_name') });
		});
export const orgName = (max = ORG_NAME_MAX) => z.preprocess(blankToNull, orgNameString(max));
export const optionalOrgName = (max = ORG_NAME_MAX) =>
	z.preprocess(blankToNull, orgNameString(max).nullable());

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
	'invalid_name',
	'invalid_org_name',
	'surname_too_short',
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
		if (!(key in fields))
			fields[key] =
				codes.has(issue.message) || /^too_long:\d+$/.test(issue.message)
					? issue.message
					: 'invalid';
	}
	return fields;
}
