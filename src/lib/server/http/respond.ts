import { error, fail, redirect, type ActionFailure } from '@sveltejs/kit';
import type { Actor } from '../access/guard';
import { isAppError } from '../errors';

/** For routes: the signed-in actor, or off to the sign-in page. */
export function requireActor(locals: App.Locals): Actor {
	if (!locals.actor) redirect(303, '/sign-in');
	return locals.actor;
}

/** Runs a page's read; refused and missing records become the 403 and 404 pages. */
export async function orError<T>(read: () => Promise<T>): Promise<T> {
	try {
		return await read();
	} catch (e) {
		if (isAppError(e) && ['forbidden', 'not_found', 'unauthenticated'].includes(e.code))
			error(e.code === 'unauthenticated' ? 401 : e.status, e.code);
		throw e;
	}
}

export interface FormFailure {
	values: Record<string, unknown>;
	fields: Record<string, string>;
	/** Which form on the page failed, when a page has several. */
	form?: string;
}

/**
 * Turns a domain error into what a form shows: the user's input back, and an error code per
 * field. Input mistakes and conflicts are never a 500; access errors are the error page.
 */
export function failForm(
	e: unknown,
	values: Record<string, unknown> = {},
	form?: string
): ActionFailure<FormFailure> {
	if (isAppError(e)) {
		if (e.code === 'invalid_input')
			return fail(400, { values, fields: e.fields ?? { _: 'invalid' }, form });
		if (e.code === 'conflict') return fail(409, { values, fields: { _: 'conflict' }, form });
		if (e.code === 'not_found') return fail(404, { values, fields: { _: 'not_found' }, form });
		if (e.code === 'forbidden' || e.code === 'unauthenticated') error(e.status, e.code);
	}
	throw e;
}

/**
 * A form's fields as an object, in one pass (`form.get` per key is a scan each: quadratic). A
 * field given twice keeps its first value, as `form.get` does; the named fields may repeat
 * (checkbox groups) and come as arrays.
 */
export function formValues(
	form: FormData,
	arrays: readonly string[] = []
): Record<string, string | string[]> {
	const out: Record<string, string | string[]> = {};
	for (const key of arrays) out[key] = [];
	for (const [key, value] of form) {
		if (key === '__proto__') continue;
		const text = typeof value === 'string' ? value : '';
		if (arrays.includes(key)) (out[key] as string[]).push(text);
		else if (!Object.hasOwn(out, key)) out[key] = text;
	}
	return out;
}

export const isId = (s: string | null | undefined): s is string =>
	!!s && /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(s);

/** A route parameter that must be an id: anything else is simply "not found". */
export function idParam(value: string): string {
	if (!isId(value)) error(404, 'not_found');
	return value;
}
