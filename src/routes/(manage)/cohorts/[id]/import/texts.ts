// Translated labels shared by the import pages (client-safe: no server imports).
import { m } from '$lib/paraglide/messages';
import { getLocale } from '$lib/paraglide/runtime';
import type { Requirement } from '$lib/domain/import/fields';
import type { ImportField, RowStatus } from '$lib/domain/import/types';

const fileProblems: Record<string, (mb: number) => string> = {
	file_missing: () => m.import_file_missing(),
	file_too_large: (mb) => m.import_file_too_large({ mb }),
	file_type: () => m.import_file_type(),
	file_xls: () => m.import_file_xls(),
	file_unreadable: () => m.import_file_unreadable(),
	file_empty: () => m.import_file_empty(),
	file_too_many_rows: () => m.import_file_too_many_rows(),
	file_too_many_columns: () => m.import_file_too_many_columns(),
	file_cell_too_long: () => m.import_file_cell_too_long(),
	file_unpacked_too_large: () => m.import_file_unpacked_too_large(),
	file_no_header: () => m.import_file_no_header()
};

export function fileProblem(code: string | undefined, mb: number): string | undefined {
	if (!code) return undefined;
	return (fileProblems[code] ?? (() => m.error_generic()))(mb);
}

export const fieldLabel: Record<ImportField, () => string> = {
	fullName: m.import_field_fullName,
	fullNameSurnameFirst: m.import_field_fullNameSurnameFirst,
	givenNames: m.import_field_givenNames,
	surnames: m.import_field_surnames,
	paternalSurname: m.import_field_paternalSurname,
	maternalSurname: m.import_field_maternalSurname,
	ci: m.import_field_ci,
	ciComplement: m.import_field_ciComplement,
	ciExtension: m.import_field_ciExtension,
	sex: m.import_field_sex,
	birthDate: m.import_field_birthDate,
	phone: m.import_field_phone,
	cooperative: m.import_field_cooperative,
	registryNumber: m.import_field_registryNumber,
	role: m.import_field_role,
	federation: m.import_field_federation,
	department: m.import_field_department,
	municipality: m.import_field_municipality
};

const requirementLabel: Record<Requirement, () => string> = {
	name: m.import_req_name,
	ci: m.import_req_ci,
	sex: m.import_req_sex,
	cooperative: m.import_req_cooperative
};

export const requirementList = (list: string[]) =>
	list.map((r) => (requirementLabel[r as Requirement] ?? (() => r))()).join(', ');

export const statusLabel: Record<RowStatus, () => string> = {
	new: m.import_status_new,
	update: m.import_status_update,
	duplicate: m.import_status_duplicate,
	error: m.import_status_error
};

export function formatDate(d: Date | string): string {
	return new Date(d).toLocaleDateString(getLocale() === 'es' ? 'es-BO' : 'en-GB', {
		dateStyle: 'long',
		timeZone: 'America/La_Paz'
	});
}

/** One line about a past import: when, and what it did or would do. */
export function statusLine(
	status: 'previewed' | 'committed' | 'discarded',
	createdAt: Date | string,
	summary: Record<string, number> | null
): string {
	const date = formatDate(createdAt);
	if (status === 'committed' && summary)
		return m.import_recent_committed({
			date,
			created: summary.created ?? 0,
			updated: summary.updated ?? 0,
			errors: summary.error ?? 0
		});
	if (status === 'discarded') return m.import_recent_discarded({ date });
	return m.import_recent_previewed({ date });
}
