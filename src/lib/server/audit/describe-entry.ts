import { departmentName, mineralName } from '../../domain/bolivia';
import { isChange } from '../../domain/changes';
import { t, type Locale } from '../import/messages';

/** An audit line as stored. */
export interface AuditLine {
	action: string;
	entity: string;
	entityId: string;
	changes: Record<string, unknown> | null;
}

/** One line under a History entry: "Estado: Activa → Retirada". */
export interface HistoryDetail {
	label: string;
	value: string;
}

/**
 * The names the audit lines point to, by `kind:id`: `cooperative:…`, `federation:…`,
 * `programme:…`, `cohort:…`, `team:…`, `person:…`, `user:…` (the person of an account),
 * `username:…`, `batch:…` (an import's file name), `enrolment-person:…`, `enrolment-cohort:…`.
 */
export type Names = Map<string, string>;

/** Fields whose value is the id of another record, and the kind of record. */
export const referenceKinds: Record<string, string> = {
	cooperativeId: 'cooperative',
	federationId: 'federation',
	programmeId: 'programme',
	cohortId: 'cohort',
	teamId: 'team',
	personId: 'person'
};

// In the order the forms show them, which is the order of an entry's lines.
const fieldKeys: Record<string, string> = {
	name: 'field_name',
	shortName: 'field_short_name',
	level: 'field_level',
	department: 'field_department',
	registryNumber: 'field_registry_number',
	federationId: 'field_federation',
	minerals: 'field_minerals',
	municipality: 'field_municipality',
	membersWomen: 'field_members_women',
	membersMen: 'field_members_men',
	miningContract: 'field_mining_contract',
	status: 'field_status',
	givenNames: 'field_given_names',
	surnames: 'field_surnames',
	ciNumber: 'field_ci_number',
	ciExtension: 'field_ci_extension',
	sex: 'field_sex',
	birthDate: 'field_birth_date',
	phone: 'field_phone',
	cooperativeId: 'field_cooperative',
	cooperative: 'field_cooperative',
	roleInCooperative: 'field_role',
	programmeId: 'field_programme',
	description: 'field_description',
	startsOn: 'field_starts_on',
	endsOn: 'field_ends_on',
	capacity: 'field_capacity',
	courses: 'field_courses',
	cohortId: 'field_cohort',
	team: 'field_team',
	teamId: 'field_team',
	note: 'field_note',
	facilitator: 'field_facilitator',
	members: 'field_members',
	username: 'history_field_username',
	roles: 'history_field_roles',
	minAttendance: 'cert_rule_attendance',
	requirePostTest: 'cert_rule_post_test',
	requirePlanApproved: 'cert_rule_plan',
	sessions: 'admin_field_sessions'
};

// Bookkeeping that means nothing to a reader (or is already in the entry's title).
const alwaysHidden = new Set([
	'requestId',
	'batchId',
	'via',
	'fileHash',
	'fingerprint',
	'row',
	'enrolment',
	'personId'
]);

// Course names are the ILO's brands: the same in every language.
const courseNames: Record<string, string> = {
	'think-coop': 'Think.COOP',
	'start-coop': 'Start.COOP'
};

const dateFields = new Set(['birthDate', 'startsOn', 'endsOn']);
const fieldOrder = Object.keys(fieldKeys);
const rank = (key: string) => {
	// An import's person fields come before the cooperative and cohort they were put in.
	if (key === 'fields') return -1;
	const i = fieldOrder.indexOf(key);
	return i < 0 ? fieldOrder.length : i;
};

function formatDate(iso: string, locale: Locale): string {
	if (!/^\d{4}-\d{2}-\d{2}/.test(iso)) return iso;
	return new Date(`${iso.slice(0, 10)}T12:00:00Z`).toLocaleDateString(
		locale === 'es' ? 'es-BO' : 'en-GB',
		{ dateStyle: 'medium', timeZone: 'America/La_Paz' }
	);
}

const isBlank = (v: unknown) => v === null || v === undefined || v === '';
const str = (v: unknown) => (typeof v === 'string' ? v : '');

export function describeEntry(
	line: AuditLine,
	names: Names,
	locale: Locale
): { title: string; details: HistoryDetail[] } {
	const c = line.changes ?? {};
	const msg = (key: string, params: Record<string, string | number> = {}) => t(key, locale, params);
	const label = (key: string, fallback: string) => {
		const text = t(key, locale);
		return text === key ? fallback : text;
	};
	const gone = msg('history_deleted');
	const named = (kind: string, id: unknown) =>
		typeof id === 'string' ? (names.get(`${kind}:${id}`) ?? gone) : gone;

	const value = (key: string, v: unknown): string => {
		if (isBlank(v)) return '—';
		if (key in referenceKinds) return named(referenceKinds[key]!, v);
		if (Array.isArray(v)) return v.map((x) => value(key, x)).join(', ') || '—';
		const s = String(v);
		switch (key) {
			case 'status':
				return line.entity === 'cooperative'
					? label(`coop_status_${s}`, s)
					: label(`enrolment_status_${s}`, s);
			case 'level':
				return label(`level_${s}`, s);
			case 'sex':
				return label(`sex_${s.toLowerCase()}`, s);
			case 'department':
			case 'ciExtension':
				return departmentName(s, locale);
			case 'minerals':
				return mineralName(s, locale);
			case 'courses':
				return courseNames[s] ?? s;
			case 'roles':
				return label(`role_${s}`, s);
		}
		if (dateFields.has(key)) return formatDate(s, locale);
		if (typeof v === 'object') return JSON.stringify(v);
		return s;
	};

	const hidden = new Set(alwaysHidden);
	const hide = (...keys: string[]) => keys.forEach((k) => hidden.add(k));
	const details = (fields: Record<string, unknown>): HistoryDetail[] =>
		Object.entries(fields)
			// Stored as jsonb, whose key order is not the order they were written in.
			.sort(([a], [b]) => rank(a) - rank(b))
			.flatMap(([k, v]): HistoryDetail[] => {
				if (hidden.has(k)) return [];
				// An import's person lines keep the person's fields under "fields".
				if (k === 'fields' && v && typeof v === 'object' && !Array.isArray(v))
					return details(v as Record<string, unknown>);
				const fieldLabel = fieldKeys[k] ? msg(fieldKeys[k]) : k;
				if (isChange(v))
					return [{ label: fieldLabel, value: `${value(k, v.from)} → ${value(k, v.to)}` }];
				// A creation lists what was set, not every empty field.
				if (isBlank(v) || (Array.isArray(v) && !v.length)) return [];
				return [{ label: fieldLabel, value: value(k, v) }];
			});

	const file = names.get(`batch:${str(c.batchId)}`) ?? str(c.fileName);
	const person =
		line.entity === 'enrolment'
			? named('enrolment-person', line.entityId)
			: line.entity === 'user'
				? named('user', line.entityId)
				: named('person', line.entityId);
	const cohortName = named('enrolment-cohort', line.entityId);
	const viaImport = typeof c.batchId === 'string';
	const fallback = () => label(`audit_${line.action}`, line.action);

	let title: string;
	switch (`${line.entity}.${line.action}`) {
		case 'federation.create':
		case 'cooperative.create':
		case 'programme.create':
		case 'cohort.create':
			hide('name');
			title = msg(
				viaImport ? `history_import_create_${line.entity}` : `history_create_${line.entity}`,
				{ name: str(c.name), file }
			);
			break;
		case 'person.create':
			title = msg(viaImport ? 'history_import_create_person' : 'history_create_person', {
				person,
				file
			});
			break;
		case 'person.update':
			title = viaImport
				? msg('history_import_update_person', { person, file })
				: msg('history_update');
			break;
		case 'federation.update':
		case 'cooperative.update':
		case 'programme.update':
		case 'cohort.update':
			title = msg('history_update');
			break;
		case 'person.correction_proposed':
		case 'person.correction_accepted':
		case 'person.correction_refused':
			title = msg(`history_${line.action}`, { person });
			break;
		case 'enrolment.enrol':
		case 'enrolment.withdraw':
			hide('cohortId');
			title = msg(`history_${line.action}`, { person, cohort: cohortName });
			break;
		case 'enrolment.assign_team': {
			hide('teamId');
			const to = isChange(c.teamId) ? c.teamId.to : c.teamId;
			title = msg('history_assign_team', { person, team: named('team', to) });
			break;
		}
		case 'enrolment.move': {
			hide('teamId');
			const to = isChange(c.team) ? str(c.team.to) : '';
			title = msg('history_move', { person, team: to });
			break;
		}
		case 'team.create':
		case 'team.delete':
			hide('name', 'cohortId');
			title = msg(`history_${line.action}_team`, { team: str(c.name) });
			break;
		case 'team.split':
			hide('teams');
			title = msg('history_split_team', {
				teams: Array.isArray(c.teams) ? c.teams.map(String).join(', ') : ''
			});
			break;
		case 'team.rename':
			title = msg('history_rename_team', {
				team: isChange(c.name) ? str(c.name.to) : str(c.name)
			});
			break;
		case 'cohort.facilitator_added':
		case 'cohort.facilitator_removed':
			hide('facilitator');
			title = msg(`history_${line.action}`, {
				name: names.get(`username:${str(c.facilitator)}`) ?? str(c.facilitator)
			});
			break;
		case 'user.create':
			title = msg('history_create_account', { person });
			break;
		case 'cohort.certificate_rule':
			title = msg('cert_history_rule');
			break;
		case 'user.invite':
		case 'user.reset_link':
		case 'user.set_password':
			title = msg(`history_${line.action}`, { person });
			break;
		// The admin console's acts on an account (`lib/server/admin/`).
		case 'user.lock':
		case 'user.unlock':
		case 'user.end_sessions':
			title = msg(`admin_history_${line.action}`, { person });
			break;
		case 'user.grant_role':
		case 'user.remove_role':
			hide('roles');
			title = msg(`admin_history_${line.action}`, {
				person,
				role: Array.isArray(c.roles) ? c.roles.map((r) => value('roles', r)).join(', ') : ''
			});
			break;
		case 'import_batch.import':
			return {
				title: msg('history_import', { file }),
				details: importSummary(c, msg)
			};
		case 'cohort.bulk_invite':
		case 'cooperative.bulk_invite': {
			const cooperative =
				typeof c.cooperativeId === 'string' && line.entity === 'cohort'
					? named('cooperative', c.cooperativeId)
					: null;
			return {
				title: cooperative
					? msg('history_bulk_invite_cooperative', { cooperative })
					: msg('history_bulk_invite'),
				details: [
					{ label: msg('history_field_links'), value: String(c.links ?? 0) },
					...(Number(c.skipped) > 0
						? [{ label: msg('history_field_skipped'), value: String(c.skipped) }]
						: [])
				]
			};
		}
		// A post the phone kept with no signal and sent later (offline/record-replay.ts).
		case 'session_run.queue.replayed':
		case 'user.queue.replayed': {
			const status = Number(c.status);
			const outcome =
				status >= 200 && status < 400 ? 'taken' : status === 409 ? 'conflict' : 'refused';
			return {
				title: msg('sync_history_replayed'),
				details: [
					{ label: msg('sync_field_form'), value: str(c.path) },
					{
						label: msg('sync_field_answer'),
						value: msg(`sync_answer_${outcome}`, { status: String(c.status ?? '') })
					}
				]
			};
		}
		default:
			title = fallback();
	}
	return { title, details: details(c) };
}

/** How many people an import added, updated, enrolled… (zeros left out, except people). */
function importSummary(c: Record<string, unknown>, msg: (key: string) => string): HistoryDetail[] {
	const counts: Array<[string, string, boolean]> = [
		['created', 'history_field_people_created', true],
		['updated', 'history_field_people_updated', true],
		['enrolled', 'history_field_enrolled', false],
		['duplicate', 'history_field_unchanged', false],
		['error', 'history_field_rows_refused', false],
		['cooperativesCreated', 'history_field_cooperatives_created', false],
		['teamsCreated', 'history_field_teams_created', false]
	];
	return counts.flatMap(([key, label, always]) => {
		const n = Number(c[key] ?? 0);
		return always || n > 0 ? [{ label: msg(label), value: String(n) }] : [];
	});
}
