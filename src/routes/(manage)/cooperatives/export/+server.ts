import { parseListQuery } from '$lib/domain/list-query';
import { coopStatusLabel, department, mineralList } from '$lib/i18n/labels';
import { m } from '$lib/paraglide/messages';
import { getApp } from '$lib/server/app';
import { exportResponse } from '$lib/server/export/write-table';
import { exportFormat, prepareOrError, withErrorPage } from '$lib/server/http/export';
import { requireActor } from '$lib/server/http/respond';
import { allRows } from '$lib/server/lists/paging';
import {
	cooperativeListSpec,
	prepareCooperatives,
	type CooperativeRow
} from '$lib/server/org/list-cooperatives';
import type { RequestHandler } from './$types';

/** The cooperatives list as .xlsx or .csv: same search, filters, order and scope as the page. */
export const GET: RequestHandler = withErrorPage(async ({ locals, url }) => {
	const actor = requireActor(locals);
	const app = await getApp();
	const query = parseListQuery(url.searchParams, cooperativeListSpec);
	const list = prepareOrError(() => prepareCooperatives(app, actor, query));
	return exportResponse<CooperativeRow>(
		exportFormat(url),
		m.cooperatives_file(),
		m.cooperatives_title(),
		[
			{ header: m.field_name(), value: (r) => r.name, width: 45 },
			{ header: m.field_short_name(), value: (r) => r.shortName, width: 22 },
			{ header: m.field_registry_number(), value: (r) => r.registryNumber, width: 16 },
			{ header: m.field_federation(), value: (r) => r.federation, width: 14 },
			{ header: m.field_minerals(), value: (r) => mineralList(r.minerals), width: 22 },
			{ header: m.field_department(), value: (r) => department(r.department), width: 14 },
			{ header: m.field_municipality(), value: (r) => r.municipality, width: 16 },
			{ header: m.field_members_women(), value: (r) => r.membersWomen },
			{ header: m.field_members_men(), value: (r) => r.membersMen },
			{ header: m.field_mining_contract(), value: (r) => r.miningContract, width: 18 },
			{ header: m.field_status(), value: (r) => coopStatusLabel(r.status) },
			{ header: m.cooperatives_col_people(), value: (r) => r.people }
		],
		allRows(list)
	);
});
