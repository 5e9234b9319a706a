// The dashboard's filters, read from a query string or the command line. Anything malformed is
// dropped (never an error page): a filter is a narrowing, and a bad one narrows nothing.
import { departmentCodes, minerals } from '../bolivia';
import { searchText } from '../list-query';
import { isAgeBand, type AgeBand } from './age-bands';

export interface ReportFilters {
	programmeId?: string;
	cohortId?: string;
	federationId?: string;
	/** Department code of the cooperative (LP, OR, PT…). */
	department?: string;
	/** Mineral code the cooperative works (tin, zinc…). */
	mineral?: string;
	sex?: 'F' | 'M';
	ageBand?: AgeBand;
	/** Role in the cooperative as recorded (compared without case). */
	role?: string;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const mineralCodes: readonly string[] = minerals.map((m) => m.code);

export function parseReportFilters(
	get: (name: string) => string | null | undefined
): ReportFilters {
	const value = (name: string) => {
		const v = get(name);
		return typeof v === 'string' ? v.trim().slice(0, 80) : '';
	};
	const id = (name: string) => {
		const v = value(name);
		return UUID.test(v) ? v.toLowerCase() : undefined;
	};
	const f: ReportFilters = {};
	const programmeId = id('programme');
	const cohortId = id('cohort');
	const federationId = id('federation');
	if (programmeId) f.programmeId = programmeId;
	if (cohortId) f.cohortId = cohortId;
	if (federationId) f.federationId = federationId;
	const department = value('department').toUpperCase();
	if ((departmentCodes as readonly string[]).includes(department)) f.department = department;
	const mineral = value('mineral').toLowerCase();
	if (mineralCodes.includes(mineral)) f.mineral = mineral;
	const sex = value('sex').toUpperCase();
	if (sex === 'F' || sex === 'M') f.sex = sex;
	const ageBand = value('age');
	if (isAgeBand(ageBand)) f.ageBand = ageBand;
	// Typed text: control characters (a NUL cannot even reach PostgreSQL) dropped as in searches.
	const role = searchText(value('role'));
	if (role) f.role = role.slice(0, 60);
	return f;
}

/** The filters as query-string pairs (the names the form uses), for links and exports. */
export function filterParams(f: ReportFilters): [string, string][] {
	const out: [string, string][] = [];
	if (f.programmeId) out.push(['programme', f.programmeId]);
	if (f.cohortId) out.push(['cohort', f.cohortId]);
	if (f.federationId) out.push(['federation', f.federationId]);
	if (f.department) out.push(['department', f.department]);
	if (f.mineral) out.push(['mineral', f.mineral]);
	if (f.sex) out.push(['sex', f.sex]);
	if (f.ageBand) out.push(['age', f.ageBand]);
	if (f.role) out.push(['role', f.role]);
	return out;
}
