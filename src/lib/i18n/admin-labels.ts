import type { AuditEntityKind } from '$lib/domain/audit-query';
import type { Role } from '$lib/domain/roles';
import { m } from '$lib/paraglide/messages';
import { getLocale } from '$lib/paraglide/runtime';

const roleLabels: Record<Role, () => string> = {
	admin: m.role_admin,
	coordinator: m.role_coordinator,
	facilitator: m.role_facilitator,
	federation_focal_point: m.role_federation_focal_point,
	cooperative_lead: m.role_cooperative_lead,
	participant: m.role_participant
};

export const roleLabel = (r: Role): string => roleLabels[r]();

const entityLabels: Record<AuditEntityKind, () => string> = {
	user: m.admin_entity_user,
	person: m.admin_entity_person,
	federation: m.admin_entity_federation,
	cooperative: m.admin_entity_cooperative,
	programme: m.admin_entity_programme,
	cohort: m.admin_entity_cohort,
	enrolment: m.admin_entity_enrolment,
	team: m.admin_entity_team,
	import_batch: m.admin_entity_import_batch,
	correction_request: m.admin_entity_correction_request,
	session_run: m.admin_entity_session_run,
	plan_section: m.admin_entity_plan_section
};

/** The kind of record an audit line is about, in words (an unknown kind as stored). */
export const entityLabel = (e: string): string =>
	e in entityLabels ? entityLabels[e as AuditEntityKind]() : e;

/** Bytes as the reader writes them: "1,5 GB". */
export function formatBytes(n: number | null): string {
	if (n === null) return '—';
	const units = ['B', 'KB', 'MB', 'GB', 'TB'];
	let i = 0;
	let v = n;
	while (v >= 1024 && i < units.length - 1) {
		v /= 1024;
		i++;
	}
	const digits = i === 0 || v >= 100 ? 0 : 1;
	return `${v.toLocaleString(getLocale() === 'es' ? 'es-BO' : 'en-US', { maximumFractionDigits: digits })} ${units[i]}`;
}

/** A duration in days, hours and minutes: "3 d 4 h 12 min". */
export function formatUptime(seconds: number): string {
	const d = Math.floor(seconds / 86_400);
	const h = Math.floor((seconds % 86_400) / 3600);
	const min = Math.floor((seconds % 3600) / 60);
	return [d ? `${d} d` : '', d || h ? `${h} h` : '', `${min} min`].filter(Boolean).join(' ');
}
