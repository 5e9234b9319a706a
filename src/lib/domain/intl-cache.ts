// Building an Intl formatter costs far more than using one (locale data is resolved each time):
// every page render would otherwise build its own. Keys come from the code's own options, never
// from input, so the maps stay small.
const dates = new Map<string, Intl.DateTimeFormat>();
const numbers = new Map<string, Intl.NumberFormat>();

/** One shared `Intl.DateTimeFormat` per locale and options. */
export function dateFormat(
	locale: string,
	options: Intl.DateTimeFormatOptions
): Intl.DateTimeFormat {
	const key = `${locale}|${JSON.stringify(options)}`;
	let f = dates.get(key);
	if (!f) dates.set(key, (f = new Intl.DateTimeFormat(locale, options)));
	return f;
}

/** One shared `Intl.NumberFormat` per locale and options. */
export function numberFormat(locale: string, options: Intl.NumberFormatOptions): Intl.NumberFormat {
	const key = `${locale}|${JSON.stringify(options)}`;
	let f = numbers.get(key);
	if (!f) numbers.set(key, (f = new Intl.NumberFormat(locale, options)));
	return f;
}
