import { parseListQuery } from '$lib/domain/list-query';
import { m } from '$lib/paraglide/messages';
import { getApp } from '$lib/server/app';
import { prepareTeams, teamListSpec, type TeamRow } from '$lib/server/cohorts/list-teams';
import { exportResponse } from '$lib/server/export/write-table';
import { exportFormat, prepareOrError, withErrorPage } from '$lib/server/http/export';
import { requireActor } from '$lib/server/http/respond';
import { allRows } from '$lib/server/lists/paging';
import type { RequestHandler } from './$types';

/** The teams list as .xlsx or .csv: same search, filters, order and scope as the page. */
export const GET: RequestHandler = withErrorPage(async ({ locals, url }) => {
	const actor = requireActor(locals);
	const app = await getApp();
	const query = parseListQuery(url.searchParams, teamListSpec);
	const list = prepareOrError(() => prepareTeams(app, actor, query));
	return exportResponse<TeamRow>(
		exportFormat(url),
		m.teams_file(),
		m.teams_title(),
		[
			{ header: m.field_name(), value: (r) => r.name, width: 24 },
			{ header: m.field_cohort(), value: (r) => r.cohort, width: 20 },
			{ header: m.field_cooperative(), value: (r) => r.cooperative, width: 24 },
			{ header: m.field_members(), value: (r) => r.members },
			{ header: m.teams_col_women(), value: (r) => r.women }
		],
		allRows(list)
	);
});
