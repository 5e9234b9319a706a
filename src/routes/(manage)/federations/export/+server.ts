import { parseListQuery } from '$lib/domain/list-query';
import { department, levelLabel } from '$lib/i18n/labels';
import { m } from '$lib/paraglide/messages';
import { getApp } from '$lib/server/app';
import { exportResponse } from '$lib/server/export/write-table';
import { exportFormat, prepareOrError, withErrorPage } from '$lib/server/http/export';
import { requireActor } from '$lib/server/http/respond';
import { allRows } from '$lib/server/lists/paging';
import {
	federationListSpec,
	prepareFederations,
	type FederationRow
} from '$lib/server/org/list-federations';
import type { RequestHandler } from './$types';

/** The federations list as .xlsx or .csv: same search, filters, order and scope as the page. */
export const GET: RequestHandler = withErrorPage(async ({ locals, url }) => {
	const actor = requireActor(locals);
	const app = await getApp();
	const query = parseListQuery(url.searchParams, federationListSpec);
	const list = prepareOrError(() => prepareFederations(app, actor, query));
	return exportResponse<FederationRow>(
		exportFormat(url),
		m.federations_file(),
		m.federations_title(),
		[
			{ header: m.field_short_name(), value: (r) => r.shortName, width: 18 },
			{ header: m.field_name(), value: (r) => r.name, width: 50 },
			{ header: m.field_level(), value: (r) => levelLabel(r.level) },
			{ header: m.field_department(), value: (r) => department(r.department) },
			{ header: m.federations_col_cooperatives(), value: (r) => r.cooperatives }
		],
		allRows(list)
	);
});
