import { parseListQuery } from '$lib/domain/list-query';
import { department, sexLabel } from '$lib/i18n/labels';
import { m } from '$lib/paraglide/messages';
import { getApp } from '$lib/server/app';
import { exportResponse } from '$lib/server/export/write-table';
import { exportFormat, prepareOrError, withErrorPage } from '$lib/server/http/export';
import { requireActor } from '$lib/server/http/respond';
import { allRows } from '$lib/server/lists/paging';
import { peopleListSpec, preparePeople, type PersonRow } from '$lib/server/org/list-people';
import type { RequestHandler } from './$types';

/**
 * The people list as .xlsx or .csv: same search, filters, order and scope as the page. CI
 * numbers and phones stay empty for rows the actor may not read them on.
 */
export const GET: RequestHandler = withErrorPage(async ({ locals, url }) => {
	const actor = requireActor(locals);
	const app = await getApp();
	const query = parseListQuery(url.searchParams, peopleListSpec);
	const list = prepareOrError(() => preparePeople(app, actor, query));
	return exportResponse<PersonRow>(
		exportFormat(url),
		m.people_file(),
		m.people_title(),
		[
			{ header: m.field_given_names(), value: (r) => r.givenNames, width: 20 },
			{ header: m.field_surnames(), value: (r) => r.surnames, width: 22 },
			{ header: m.field_sex(), value: (r) => sexLabel(r.sex) },
			{ header: m.field_birth_date(), value: (r) => r.birthDate, width: 12 },
			{ header: m.field_ci_number(), value: (r) => r.ciNumber, width: 12 },
			{ header: m.field_ci_extension(), value: (r) => r.ciExtension },
			{ header: m.field_phone(), value: (r) => r.phone, width: 14 },
			{ header: m.field_cooperative(), value: (r) => r.cooperative, width: 24 },
			{ header: m.field_federation(), value: (r) => r.federation, width: 14 },
			{ header: m.field_department(), value: (r) => department(r.department), width: 14 },
			{ header: m.field_role(), value: (r) => r.roleInCooperative, width: 30 },
			{ header: m.people_col_account(), value: (r) => r.username, width: 18 }
		],
		allRows(list)
	);
});
