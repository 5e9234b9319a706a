const pad = (n: number) => String(n).padStart(2, '0');

/** A cell value as text, as a spreadsheet shows it. Dates become "yyyy-mm-dd" (stored at UTC midnight). */
export function cellText(v: string | number | boolean | Date): string {
	if (typeof v === 'string') return v;
	if (typeof v === 'number') return Number.isInteger(v) ? v.toFixed(0) : String(v);
	if (typeof v === 'boolean') return v ? 'TRUE' : 'FALSE';
	if (Number.isNaN(v.getTime())) return '';
	return `${v.getUTCFullYear()}-${pad(v.getUTCMonth() + 1)}-${pad(v.getUTCDate())}`;
}
