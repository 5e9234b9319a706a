import { parseListQuery } from '$lib/domain/list-query';
import { courseLabel } from '$lib/i18n/labels';
import { m } from '$lib/paraglide/messages';
import { getApp } from '$lib/server/app';
import { cohortListSpec, prepareCohorts, type CohortRow } from '$lib/server/cohorts/list-cohorts';
import { exportResponse } from '$lib/server/export/write-table';
import { exportFormat, prepareOrError, withErrorPage } from '$lib/server/http/export';
import { requireActor } from '$lib/server/http/respond';
import { allRows } from '$lib/server/lists/paging';
import type { RequestHandler } from './$types';

/** The cohorts list as .xlsx or .csv: same search, filters, order and scope as the page. */
export const GET: RequestHandler = withErrorPage(async ({ locals, url }) => {
	const actor = requireActor(locals);
	const app = await getApp();
	const query = parseListQuery(url.searchParams, cohortListSpec);
	const list = prepareOrError(() => prepareCohorts(app, actor, query));
	return exportResponse<CohortRow>(
		exportFormat(url),
		m.cohorts_file(),
		m.cohorts_title(),
		[
			{ header: m.field_name(), value: (r) => r.name, width: 24 },
			{ header: m.field_programme(), value: (r) => r.programme, width: 34 },
			{ header: m.field_starts_on(), value: (r) => r.startsOn, width: 12 },
			{ header: m.field_ends_on(), value: (r) => r.endsOn, width: 12 },
			{ header: m.field_courses(), value: (r) => r.courses.map(courseLabel).join(', '), width: 22 },
			{ header: m.field_capacity(), value: (r) => r.capacity },
			{ header: m.cohorts_col_enrolled(), value: (r) => r.enrolled },
			{ header: m.cohorts_col_teams(), value: (r) => r.teams }
		],
		allRows(list)
	);
});
