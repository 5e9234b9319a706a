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
