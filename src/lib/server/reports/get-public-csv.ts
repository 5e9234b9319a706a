// The open-data file of a dashboard (for the ILO and anyone): counts by sex, age band, federation
// and department, never a row per person nor a name, CI or phone; small cells suppressed
// (domain/reports/suppress.ts). Same actor check, filters and numbers as the page.
import { csvLine } from '../../domain/csv';
import type { ReportFilters } from '../../domain/reports/filters';
import { publicColumns, publicCounts } from '../../domain/reports/public-counts';
import type { Actor } from '../access/guard';
import type { IndicatorCache } from './get-cached-indicators';
import { getIndicators, type IndicatorOptions, type ReportDeps } from './get-indicators';

/** The CSV text, UTF-8 with a byte-order mark so spreadsheets read the accents. */
export async function getPublicCsv(
	deps: ReportDeps & { cache?: IndicatorCache },
	actor: Actor | null,
	filters: ReportFilters,
	opts: IndicatorOptions = {}
): Promise<string> {
	// The team grid is not published: ask for none.
	const r = deps.cache
		? (await deps.cache.get(deps, actor, filters, { ...opts, teamLimit: 0 })).indicators
		: await getIndicators(deps, actor, filters, { ...opts, teamLimit: 0 });
	const lines = publicCounts(r).map((x) =>
		csvLine([r.asOf, x.indicator, x.course, x.breakdown, x.group, x.people])
	);
	return '\uFEFF' + csvLine(publicColumns) + lines.join('');
}
