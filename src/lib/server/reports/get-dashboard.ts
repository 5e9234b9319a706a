import type { ReportFilters } from '../../domain/reports/filters';
import type { Indicators } from '../../domain/reports/indicators';
import { m } from '../../paraglide/messages.js';
import { can, type Actor } from '../access/guard';
import { reportBarChart } from '../charts/report-bar-chart';
import type { Locale } from '../curriculum/schema';
import type { IndicatorCache } from './get-cached-indicators';
import { getIndicators, type IndicatorOptions, type ReportDeps } from './get-indicators';
import { listReportOptions, type ReportOptions } from './list-report-options';

export interface Dashboard {
	indicators: Indicators;
	/** When the figures were counted, if they were kept from an earlier count (wide scopes). */
	keptFrom: Date | null;
	options: ReportOptions;
	charts: { bySex: string; byFederation: string | null; followUp: string | null };
	/** Late cooperatives (`teamId/roundId`) whose follow-up page the reader may open. */
	followUpLinks: Record<string, boolean>;
	/** Names in the reader's language: courses, sessions (`course/module/session`), sections. */
	names: {
		courses: Record<string, string>;
		sessions: Record<string, { title: string; number: string }>;
		sections: Record<string, string>;
	};
}

/**
 * The dashboard page: the indicators in the actor's scope, the filter bar's choices, charts.
 * With a `cache`, a wide scope's figures may come from a count a few minutes old.
 */
export async function getDashboard(
	deps: ReportDeps & { cache?: IndicatorCache },
	actor: Actor | null,
	filters: ReportFilters,
	locale: Locale,
	opts: IndicatorOptions = {}
): Promise<Dashboard> {
	// Indicators first: they refuse an actor without `report.view`.
	const counted = deps.cache
		? await deps.cache.get(deps, actor, filters, { teamLimit: 40, ...opts })
		: { indicators: await getIndicators(deps, actor, filters, { teamLimit: 40, ...opts }) };
	const { indicators } = counted;
	const keptFrom = 'kept' in counted && counted.kept ? counted.countedAt : null;
	const options = await listReportOptions(deps.db, actor);
	const o = { locale };
	const series = [m.dash_enrolled({}, o), m.dash_completed({}, o)];
	const { enrolled, completed } = indicators;
	const bySex = reportBarChart({
		groups: [
			{ label: m.dash_women({}, o), values: [enrolled.bySex.F, completed.bySex.F] },
			{ label: m.dash_men({}, o), values: [enrolled.bySex.M, completed.bySex.M] }
		],
		series,
		labels: {
			locale,
			title: m.dash_chart_sex_title({}, o),
			description: m.dash_chart_sex_desc({}, o)
		}
	});
	const byFederation = indicators.federations.length
		? reportBarChart({
				groups: indicators.federations.map((f) => ({
					label: f.shortName,
					values: [
						enrolled.byFederation[f.shortName] ?? 0,
						completed.byFederation[f.shortName] ?? 0
					]
				})),
				series,
				labels: {
					locale,
					title: m.dash_chart_fed_title({}, o),
					description: m.dash_chart_fed_desc({}, o)
				}
			})
		: null;

	// Items by status, overall (latest update of each item) and in the latest round due.
	const fu = indicators.followUp;
	const lastRound = fu.rounds.at(-1);
	const statuses = ['done', 'on_track', 'late', 'not_started', 'none'] as const;
	const statusName = {
		done: m.fudash_status_done({}, o),
		on_track: m.fudash_status_on_track({}, o),
		late: m.fudash_status_late({}, o),
		not_started: m.fudash_status_not_started({}, o),
		none: m.fudash_status_none({}, o)
	};
	const followUpChart =
		fu.overall.items > 0
			? reportBarChart({
					groups: statuses.map((s) => ({
						label: statusName[s],
						values: [fu.overall.byStatus[s], ...(lastRound ? [lastRound.byStatus[s]] : [])]
					})),
					series: [
						m.fudash_series_latest({}, o),
						...(lastRound ? [m.fudash_series_round({ round: lastRound.label }, o)] : [])
					],
					labels: {
						locale,
						title: m.fudash_chart_title({}, o),
						description: m.fudash_chart_desc({}, o)
					}
				})
			: null;
	const followUpLinks: Dashboard['followUpLinks'] = {};
	for (const l of fu.late)
		followUpLinks[`${l.teamId}/${l.roundId}`] = can(actor, 'plan.read', {
			cohortIds: [l.cohortId],
			cooperativeId: l.cooperativeId,
			federationId: l.federationId
		});

	const { curriculum } = deps;
	const courses: Dashboard['names']['courses'] = {};
	const sessions: Dashboard['names']['sessions'] = {};
	for (const c of curriculum.courses) {
		courses[c.slug] = c.title[locale];
		c.modules.forEach((mod, mi) =>
			mod.sessions.forEach((s, si) => {
				sessions[`${c.slug}/${mod.slug}/${s.slug}`] = {
					title: s.title[locale],
					number: `${mi + 1}.${si + 1}`
				};
			})
		);
	}
	const sections: Dashboard['names']['sections'] = {};
	for (const p of curriculum.workbook.parts)
		for (const s of p.sections) sections[s.key] = `${p.title[locale]}: ${s.title[locale]}`;
	return {
		indicators,
		keptFrom,
		options,
		charts: { bySex, byFederation, followUp: followUpChart },
		followUpLinks,
		names: { courses, sessions, sections }
	};
}
