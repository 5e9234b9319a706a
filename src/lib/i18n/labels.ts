import { m } from '$lib/paraglide/messages';
import { getLocale } from '$lib/paraglide/runtime';
import { departmentName, departments, mineralName, minerals } from '$lib/domain/bolivia';
import { dateFormat, numberFormat } from '$lib/domain/intl-cache';
import { formatMoney } from '$lib/domain/workbook-values';

/** Display names for the codes the database stores, in the reader's language. */
type Labels = Record<string, () => string>;
const label = (labels: Labels) => (v: string | null | undefined) => labels[v ?? '']?.() ?? '';

export const levelLabel = label({
	national: m.level_national,
	regional: m.level_regional,
	departmental: m.level_departmental
});
export const coopStatusLabel = label({
	active: m.coop_status_active,
	inactive: m.coop_status_inactive
});
export const sexLabel = label({ F: m.sex_f, M: m.sex_m });
export const enrolmentStatusLabel = label({
	active: m.enrolment_status_active,
	withdrawn: m.enrolment_status_withdrawn,
	completed: m.enrolment_status_completed
});
// Course names are the ILO's brands: the same in every language.
const courseNames: Record<string, string> = {
	'think-coop': 'Think.COOP',
	'start-coop': 'Start.COOP'
};
export const courseLabel = (v: string): string => courseNames[v] ?? v;

export const department = (code: string | null | undefined) => departmentName(code, getLocale());
export const mineral = (code: string | null | undefined) => mineralName(code, getLocale());
export const mineralList = (codes: readonly string[]) => codes.map(mineral).join(', ');

export const departmentOptions = () =>
	departments.map((d) => ({ value: d.code, label: getLocale() === 'en' ? d.en : d.es }));
export const mineralOptions = () =>
	minerals.map((x) => ({ value: x.code, label: getLocale() === 'en' ? x.en : x.es }));
export const levelOptions = () =>
	(['national', 'regional', 'departmental'] as const).map((v) => ({
		value: v,
		label: levelLabel(v)
	}));
export const sexOptions = () => [
	{ value: 'F', label: m.sex_f() },
	{ value: 'M', label: m.sex_m() }
];

/** Names of the fields that appear in the History. */
const fieldNames: Record<string, () => string> = {
	name: m.field_name,
	shortName: m.field_short_name,
	level: m.field_level,
	department: m.field_department,
	registryNumber: m.field_registry_number,
	federationId: m.field_federation,
	minerals: m.field_minerals,
	municipality: m.field_municipality,
	membersWomen: m.field_members_women,
	membersMen: m.field_members_men,
	miningContract: m.field_mining_contract,
	status: m.field_status,
	givenNames: m.field_given_names,
	surnames: m.field_surnames,
	ciNumber: m.field_ci_number,
	ciExtension: m.field_ci_extension,
	sex: m.field_sex,
	birthDate: m.field_birth_date,
	phone: m.field_phone,
	cooperativeId: m.field_cooperative,
	roleInCooperative: m.field_role,
	programmeId: m.field_programme,
	description: m.field_description,
	startsOn: m.field_starts_on,
	endsOn: m.field_ends_on,
	capacity: m.field_capacity,
	courses: m.field_courses,
	team: m.field_team,
	teamId: m.field_team,
	note: m.field_note,
	facilitator: m.field_facilitator,
	members: m.field_members,
	teams: m.teams_title
};
export const fieldLabel = (key: string) => fieldNames[key]?.() ?? key;

export const formatDate = (iso: string | Date | null | undefined) => {
	if (!iso) return '';
	const d = typeof iso === 'string' ? new Date(`${iso.slice(0, 10)}T12:00:00Z`) : iso;
	return dateFormat(getLocale() === 'es' ? 'es-BO' : 'en-GB', {
		dateStyle: 'medium',
		timeZone: 'America/La_Paz'
	}).format(d);
};
/** A wait, in words: "45 segundos", "3 minutos" (minutes rounded up past a minute and a half). */
export const formatWait = (seconds: number) => {
	const [value, unit] = seconds > 90 ? [Math.ceil(seconds / 60), 'minute'] : [seconds, 'second'];
	return numberFormat(getLocale() === 'es' ? 'es-BO' : 'en-GB', {
		style: 'unit',
		unit,
		unitDisplay: 'long'
	}).format(value);
};
export const formatDateTime = (d: Date | string) =>
	dateFormat(getLocale() === 'es' ? 'es-BO' : 'en-GB', {
		dateStyle: 'medium',
		timeStyle: 'short',
		timeZone: 'America/La_Paz'
	}).format(new Date(d));
const numberLocale = () => (getLocale() === 'es' ? 'es-BO' : 'en-US');
/** A plain number as the reader writes it: "1,12" in Spanish, "1.12" in English. */
export const formatDecimal = (n: number, digits = 2) =>
	numberFormat(numberLocale(), { maximumFractionDigits: digits }).format(n);
/** Centavos as "Bs 1.234,50", in the reader's language. */
export const formatBs = (centavos: number) => formatMoney(centavos, getLocale());
/** Whole bolivianos without the "Bs", for tables whose heading says the unit: "1.050.000". */
export const formatAmount = (centavos: number) =>
	numberFormat(numberLocale(), { maximumFractionDigits: 0, useGrouping: 'always' })
		.format(Math.round(centavos / 100))
		.replace('-', '−');
