import { numberFormat } from './intl-cache';

/** Minutes → hours rounded to the half hour, the way a course length is announced ("6", "28.5"). */
export function roundHours(minutes: number): number {
	return Math.round(minutes / 30) / 2;
}

/** "6" or "28,5" (es) / "28.5" (en). */
export function formatHours(minutes: number, locale: string): string {
	return numberFormat(locale, { maximumFractionDigits: 1 }).format(roundHours(minutes));
}
