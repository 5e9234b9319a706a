// What the report packs (workbook, PDF summary) hold: the dashboard of the same actor and filters
// (getDashboard, hence getIndicators: the same scope check and the same numbers as the page),
// the scope and the filters in words, and the figures laid out as tables.
import { inArray } from 'drizzle-orm';
import { departmentName, mineralName } from '../../domain/bolivia';
import { dateFormat } from '../../domain/intl-cache';
import type { AgeBandKey } from '../../domain/reports/age-bands';
import type { ReportFilters } from '../../domain/reports/filters';
import { indicatorTables, type ReportTable, type TableWords } from '../../domain/reports/tables';
import { m } from '../../paraglide/messages.js';
import { visibility, type Actor } from '../access/guard';
import type { Locale } from '../curriculum/schema';
import { cohort, cooperative, federation } from '../db/schema';
import type { IndicatorCache } from './get-cached-indicators';
import { getDashboard, type Dashboard } from './get-dashboard';
import type { IndicatorOptions, ReportDeps } from './get-indicators';

export interface ReportPack {
	dashboard: Dashboard;
	locale: Locale;
	/** Lines of [what, value]: the scope, each filter (or none), the dates. */
	about: [string, string][];
	/** The filters alone, in words (for the PDF's heading). */
	filterWords: string[];
	tables: ReportTable[];
}

/** The report pack of an actor and filters; refuses an actor without `report.view`. */
export async function getReportPack(
	deps: ReportDeps & { cache?: IndicatorCache },
	actor: Actor | null,
	filters: ReportFilters,
	locale: Locale,
	generatedAt: Date,
	opts: IndicatorOptions = {}
): Promise<ReportPack> {
	// The dashboard first: it refuses an actor without `report.view`.
	const dashboard = await getDashboard(deps, actor, filters, locale, opts);
	const o = { locale };
	const tag = locale === 'es' ? 'es-BO' : 'en-GB';
	const day = (d: Date) =>
		dateFormat(tag, { dateStyle: 'long', timeZone: 'America/La_Paz' }).format(d);
	const time = (d: Date) =>
		dateFormat(tag, { dateStyle: 'long', timeStyle: 'short', timeZone: 'America/La_Paz' }).format(
			d
		);
	const scope = await scopeWords(deps, actor!, locale);
	const filterWords = describeFilters(dashboard, filters, locale);
	const asOf = new Date(`${dashboard.indicators.asOf}T12:00:00Z`);
	const about: [string, string][] = [
		[m.pack_scope({}, o), scope],
		...(filterWords.length
			? filterWords.map((f): [string, string] => [m.pack_filters({}, o), f])
			: [[m.pack_filters({}, o), m.pack_no_filters({}, o)] as [string, string]]),
		[m.pack_as_of({}, o), day(asOf)],
		...(dashboard.keptFrom
			? [[m.pack_counted_at({}, o), time(dashboard.keptFrom)] as [string, string]]
			: []),
		[m.pack_generated({}, o), day(generatedAt)]
	];
	return {
		dashboard,
		locale,
		about,
		filterWords,
		tables: indicatorTables(dashboard.indicators, tableWords(dashboard, locale))
	};
}

/** What the actor may see, named: the whole programme, or their federations, cohorts, cooperatives. */
async function scopeWords(deps: ReportDeps, actor: Actor, locale: Locale): Promise<string> {
	const o = { locale };
	const v = visibility(actor, 'report.view');
	if (v.all) return m.pack_scope_all({}, o);
	const { db } = deps;
	const parts: string[] = [];
	const join = (names: string[]) => names.sort((a, b) => a.localeCompare(b, 'es')).join(', ');
	if (v.federationIds.length) {
		const r = await db
			.select({ name: federation.shortName })
			.from(federation)
			.where(inArray(federation.id, v.federationIds));
		parts.push(m.pack_scope_federations({ names: join(r.map((x) => x.name)) }, o));
	}
	if (v.cohortIds.length) {
		const r = await db
			.select({ name: cohort.name })
			.from(cohort)
			.where(inArray(cohort.id, v.cohortIds));
		parts.push(m.pack_scope_cohorts({ names: join(r.map((x) => x.name)) }, o));
	}
	if (v.cooperativeIds.length) {
		const r = await db
			.select({ name: cooperative.name })
			.from(cooperative)
			.where(inArray(cooperative.id, v.cooperativeIds));
		parts.push(m.pack_scope_cooperatives({ names: join(r.map((x) => x.name)) }, o));
	}
	return parts.join(' · ');
}

/** Each filter as "Label: value", named from the choices the actor's filter bar offers. */
function describeFilters(d: Dashboard, f: ReportFilters, locale: Locale): string[] {
	const o = { locale };
	const unknown = m.pack_unknown({}, o);
	const named = <T extends { id: string }>(list: T[], id: string, name: (t: T) => string) => {
		const hit = list.find((x) => x.id === id);
		return hit ? name(hit) : unknown;
	};
	const out: string[] = [];
	const add = (label: string, value: string) => out.push(`${label}: ${value}`);
	const opts = d.options;
	if (f.programmeId)
		add(
			m.dash_filter_programme({}, o),
			named(opts.programmes, f.programmeId, (x) => x.name)
		);
	if (f.cohortId)
		add(
			m.dash_filter_cohort({}, o),
			named(opts.cohorts, f.cohortId, (x) => x.name)
		);
	if (f.federationId)
		add(
			m.dash_filter_federation({}, o),
			named(opts.federations, f.federationId, (x) => x.shortName)
		);
	if (f.department) add(m.dash_filter_department({}, o), departmentName(f.department, locale));
	if (f.mineral) add(m.dash_filter_mineral({}, o), mineralName(f.mineral, locale));
	if (f.sex) add(m.dash_filter_sex({}, o), f.sex === 'F' ? m.dash_women({}, o) : m.dash_men({}, o));
	if (f.ageBand) add(m.dash_filter_age({}, o), m.dash_age_years({ band: f.ageBand }, o));
	if (f.role) add(m.dash_filter_role({}, o), f.role);
	return out;
}

function tableWords(d: Dashboard, locale: Locale): TableWords {
	const o = { locale };
	const r = d.indicators;
	return {
		summary: m.pack_summary({}, o),
		group: m.dash_col_group({}, o),
		total: m.dash_total({}, o),
		women: m.dash_women({}, o),
		men: m.dash_men({}, o),
		figures: {
			enrolled: m.dash_enrolled({}, o),
			active: m.dash_active({}, o),
			dropped: m.dash_dropped({}, o),
			completed: m.dash_completed({}, o)
		},
		bySex: m.dash_by_sex({}, o),
		byFederation: m.dash_by_federation({}, o),
		byAge: m.dash_by_age({}, o),
		byDepartment: m.dash_by_department({}, o),
		age: (k: AgeBandKey) =>
			k === 'unknown' ? m.dash_age_unknown({}, o) : m.dash_age_years({ band: k }, o),
		department: (code) => departmentName(code, locale),
		courses: m.dash_courses({}, o),
		course: (slug) => d.names.courses[slug] ?? slug,
		attendance: m.dash_attendance({}, o),
		live: m.dash_live({}, o),
		session: (key) => {
			const s = d.names.sessions[key];
			return s ? `${s.number} ${s.title}` : key;
		},
		col: {
			course: m.dash_col_course({}, o),
			session: m.dash_col_session({}, o),
			groups: m.dash_col_groups({}, o),
			present: m.dash_col_present({}, o),
			expected: m.dash_col_expected({}, o),
			rate: m.dash_col_rate({}, o),
			team: m.dash_col_team({}, o),
			federation: m.dash_filter_federation({}, o),
			cooperative: m.pack_col_cooperative({}, o),
			done: m.dash_col_done({}, o),
			pre: m.dash_col_pre({}, o),
			post: m.dash_col_post({}, o),
			gain: m.dash_col_gain({}, o),
			people: m.pack_col_people({}, o),
			area: m.dash_col_area({}, o),
			section: m.dash_col_section({}, o),
			role: m.dash_col_role({}, o),
			womenShare: m.dash_col_women_share({}, o),
			workbooks: m.pack_col_workbooks({}, o)
		},
		grid: m.pack_sheet_grid({}, o),
		state: {
			done: m.dash_state_done({}, o),
			in_progress: m.dash_state_in_progress({}, o),
			not_started: m.dash_state_not_started({}, o)
		},
		tests: m.dash_tests({}, o),
		plans: m.dash_plans({}, o),
		actionPlans: m.dash_action_plans({}, o),
		ap: {
			drafted: m.dash_ap_drafted({}, o),
			submitted: m.dash_ap_submitted({}, o),
			approved: m.dash_ap_approved({}, o)
		},
		decisions: m.dash_decisions({}, o),
		decision: {
			go: m.dash_decision_go({}, o),
			revise: m.dash_decision_revise({}, o),
			'no-go': m.dash_decision_no_go({}, o)
		},
		verdicts: m.dash_verdicts({}, o),
		areas: {
			market: m.dash_area_market({}, o),
			operations: m.dash_area_operations({}, o),
			organisation: m.dash_area_organisation({}, o),
			finances: m.dash_area_finances({}, o),
			social: m.dash_area_social({}, o)
		},
		verdict: {
			feasible: m.dash_verdict_feasible({}, o),
			doubtful: m.dash_verdict_doubtful({}, o),
			'not-feasible': m.dash_verdict_not_feasible({}, o)
		},
		workbooks: m.dash_workbooks({ count: r.workbooks.count }, o),
		sections: d.names.sections,
		status: {
			draft: m.dash_status_draft({}, o),
			submitted: m.dash_status_submitted({}, o),
			changes_requested: m.dash_status_changes({}, o),
			approved: m.dash_status_approved({}, o)
		},
		participation: m.dash_participation({}, o),
		roles: {
			reader: m.dash_role_reader({}, o),
			timekeeper: m.dash_role_timekeeper({}, o),
			notetaker: m.dash_role_notetaker({}, o),
			officers: m.dash_officers({}, o)
		},
		followUp: {
			byRound: m.pack_followup_rounds({}, o),
			late: m.fudash_late_list({}, o),
			col: {
				round: m.fudash_col_round({}, o),
				due: m.fudash_col_due({}, o),
				coops: m.fudash_col_coops({}, o),
				late: m.fudash_col_late({}, o),
				items: m.fudash_col_items({}, o),
				done: m.fudash_col_done({}, o),
				updated: m.fudash_col_updated({}, o),
				spent: `${m.fudash_col_spent({}, o)} (Bs)`,
				budget: `${m.fudash_col_budget({}, o)} (Bs)`,
				coop: m.fudash_col_coop({}, o)
			}
		}
	};
}
