// Texts the import writes outside a Svelte page (preview reasons, spreadsheets, the CLI) come from
// the same messages/{es,en}.json as the UI. Read directly rather than through Paraglide's compiled
// output, which is generated at build time and absent when the CLI runs from a fresh checkout.
import en from '../../../../messages/en.json';
import es from '../../../../messages/es.json';
import type { Reason } from '../../domain/import/types';

export type Locale = 'es' | 'en';

const catalogues: Record<Locale, Record<string, unknown>> = { es, en };

/** The message `key` in `locale` with its `{param}` placeholders filled; Spanish when missing. */
export function t(
	key: string,
	locale: Locale,
	params: Record<string, string | number> = {}
): string {
	const raw = catalogues[locale][key] ?? catalogues.es[key];
	if (typeof raw !== 'string') return key;
	return raw.replace(/\{(\w+)\}/g, (whole, name: string) =>
		name in params ? String(params[name]) : whole
	);
}

export function reasonText(reason: Reason, locale: Locale): string {
	return t(`import_reason_${reason.code}`, locale, reason.params);
}

export function asLocale(value: string | undefined): Locale {
	return value === 'en' ? 'en' : 'es';
}
