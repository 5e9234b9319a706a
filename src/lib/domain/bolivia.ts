/**
 * Bolivian reference lists shared by forms, filters, exports and validation. Codes are what the
 * database stores; names are shown in the reader's language.
 */

/** The nine departments, by the two-letter code also used as a CI's department of issue. */
export const departments = [
	{ code: 'LP', es: 'La Paz', en: 'La Paz' },
	{ code: 'OR', es: 'Oruro', en: 'Oruro' },
	{ code: 'PT', es: 'Potosí', en: 'Potosí' },
	{ code: 'CB', es: 'Cochabamba', en: 'Cochabamba' },
	{ code: 'CH', es: 'Chuquisaca', en: 'Chuquisaca' },
	{ code: 'TJ', es: 'Tarija', en: 'Tarija' },
	{ code: 'SC', es: 'Santa Cruz', en: 'Santa Cruz' },
	{ code: 'BN', es: 'Beni', en: 'Beni' },
	{ code: 'PD', es: 'Pando', en: 'Pando' }
] as const;
export type DepartmentCode = (typeof departments)[number]['code'];
export const departmentCodes = departments.map((d) => d.code) as [
	DepartmentCode,
	...DepartmentCode[]
];

export const minerals = [
	{ code: 'gold', es: 'Oro', en: 'Gold' },
	{ code: 'silver', es: 'Plata', en: 'Silver' },
	{ code: 'tin', es: 'Estaño', en: 'Tin' },
	{ code: 'zinc', es: 'Zinc', en: 'Zinc' },
	{ code: 'lead', es: 'Plomo', en: 'Lead' },
	{ code: 'copper', es: 'Cobre', en: 'Copper' },
	{ code: 'tungsten', es: 'Wolfram', en: 'Tungsten' },
	{ code: 'antimony', es: 'Antimonio', en: 'Antimony' },
	{ code: 'other', es: 'Otro', en: 'Other' }
] as const;
export type MineralCode = (typeof minerals)[number]['code'];
export const mineralCodes = minerals.map((m) => m.code) as [MineralCode, ...MineralCode[]];

export const federationLevels = ['national', 'regional', 'departmental'] as const;
export type FederationLevel = (typeof federationLevels)[number];

export const cooperativeStatuses = ['active', 'inactive'] as const;
export const sexes = ['F', 'M'] as const;

/** Roles a member commonly holds, offered as suggestions; any text is accepted. */
export const cooperativeRoles = [
	'Presidente del Consejo de Administración',
	'Presidenta del Consejo de Administración',
	'Presidente del Consejo de Vigilancia',
	'Presidenta del Consejo de Vigilancia',
	'Tesorero',
	'Tesorera',
	'Secretaria de actas',
	'Secretario de actas',
	'Palliri',
	'Guarda',
	'Socio',
	'Socia'
] as const;

type Named = { readonly code: string; readonly es: string; readonly en: string };
const nameIn = (list: readonly Named[], code: string | null | undefined, locale: string) => {
	const found = list.find((x) => x.code === code);
	if (!found) return code ?? '';
	return locale === 'en' ? found.en : found.es;
};

export const departmentName = (code: string | null | undefined, locale: string) =>
	nameIn(departments, code, locale);
export const mineralName = (code: string | null | undefined, locale: string) =>
	nameIn(minerals, code, locale);

/** Mining is work forbidden to minors: only adults are registered. */
export const ADULT_AGE = 18;

/** Whole years between a birth date and a day, both as YYYY-MM-DD. */
export function ageOn(birthDate: string, day: string): number {
	const [by, bm, bd] = birthDate.split('-').map(Number) as [number, number, number];
	const [y, m, d] = day.split('-').map(Number) as [number, number, number];
	let age = y - by;
	if (m < bm || (m === bm && d < bd)) age--;
	return age;
}

/** Today's date in Bolivia (UTC−4, no daylight saving), as YYYY-MM-DD. */
export function todayInBolivia(now: Date = new Date()): string {
	return new Date(now.getTime() - 4 * 3_600_000).toISOString().slice(0, 10);
}

/**
 * A CI number as stored: digits, optionally a duplicate complement ("1234567-1B"), upper case,
 * without spaces or dots. Null when it cannot be a CI number.
 */
export function normalizeCi(raw: string): string | null {
	const s = raw.replace(/[\s.]/g, '').toUpperCase();
	return /^\d{4,10}(-[0-9A-Z]{1,2})?$/.test(s) ? s : null;
}

/** A real calendar date written YYYY-MM-DD. */
export function isIsoDate(s: string): boolean {
	if (!/^\d{4}-\d{2}-\d{2}$/.test(s)) return false;
	const d = new Date(`${s}T00:00:00Z`);
	return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
}
