import { formatMoney } from '../../domain/workbook-values';
import { dateFormat, numberFormat } from '../../domain/intl-cache';
import type { Field, Locale } from '../curriculum/schema';

/**
 * A stored value as a person reads it: option labels, names, Bs, dates in words, numbers with
 * their unit, or the text; "—" for nothing. For pages and documents alike.
 */
export function shownValue(
	f: Field,
	v: unknown,
	locale: Locale,
	names: Map<string, string>
): string {
	if (v === undefined || v === null || v === '' || (Array.isArray(v) && !v.length)) return '—';
	const option = (id: string) => f.options?.find((o) => o.id === id)?.label[locale] ?? id;
	const tag = locale === 'es' ? 'es-BO' : 'en-GB';
	switch (f.type) {
		case 'choice':
			return (Array.isArray(v) ? v : [v]).map((x) => option(String(x))).join(', ');
		case 'person':
			return names.get(String(v)) ?? '—';
		case 'money':
			return typeof v === 'number' ? formatMoney(v, locale) : String(v);
		case 'number': {
			if (typeof v !== 'number') return String(v);
			const n = numberFormat(tag, { maximumFractionDigits: 6 }).format(v);
			return f.unit ? `${n} ${f.unit[locale]}` : n;
		}
		case 'date':
			return /^\d{4}-\d{2}-\d{2}$/.test(String(v))
				? dateFormat(tag, { dateStyle: 'medium', timeZone: 'UTC' }).format(
						new Date(`${String(v)}T00:00:00Z`)
					)
				: String(v);
		default:
			return String(v);
	}
}
