/**
 * How many problems a failed form submission reports, for the page title ("(2 errores) …"): one
 * per field error (`fields._`, a problem with no field of its own, counts as one), one per missing
 * item when `fields` is a list, and at least one for any failure.
 */
export function errorCount(form: unknown): number {
	const fields =
		form && typeof form === 'object' ? (form as { fields?: unknown }).fields : undefined;
	const n = Array.isArray(fields)
		? fields.length
		: fields && typeof fields === 'object'
			? Object.keys(fields).length
			: 0;
	return Math.max(n, 1);
}
