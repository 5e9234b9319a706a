import { parseListQuery } from '$lib/domain/list-query';
import { enrolmentStatusLabel, sexLabel } from '$lib/i18n/labels';
import { m } from '$lib/paraglide/messages';
import { getApp } from '$lib/server/app';
import {
	enrolmentListSpec,
	prepareEnrolments,
	type EnrolmentRow
} from '$lib/server/cohorts/list-enrolments';
import { exportResponse } from '$lib/server/export/write-table';
import { exportFormat, prepareOrError, withErrorPage } from '$lib/server/http/export';
import { requireActor } from '$lib/server/http/respond';
import { allRows } from '$lib/server/lists/paging';
import type { RequestHandler } from './$types';

/** The enrolments list as .xlsx or .csv: same search, filters, order and scope as the page. */
export const GET: RequestHandler = withErrorPage(async ({ locals, url }) => {
	const actor = requireActor(locals);
	const app = await getApp();
	const query = parseListQuery(url.searchParams, enrolmentListSpec);
	const list = prepareOrError(() => prepareEnrolments(app, actor, query));
	return exportResponse<EnrolmentRow>(
		exportFormat(url),
		m.enrolments_file(),
		m.enrolments_title(),
		[
			{ header: m.people_col_name(), value: (r) => r.name, width: 32 },
			{ header: m.field_sex(), value: (r) => sexLabel(r.sex) },
			{ header: m.field_cooperative(), value: (r) => r.cooperative, width: 24 },
			{ header: m.field_federation(), value: (r) => r.federation, width: 14 },
			{ header: m.field_cohort(), value: (r) => r.cohort, width: 20 },
			{ header: m.field_team(), value: (r) => r.team, width: 20 },
			{ header: m.field_status(), value: (r) => enrolmentStatusLabel(r.status) },
			{
				header: m.enrolments_col_date(),
				value: (r) => r.enrolledAt.toISOString().slice(0, 10),
				width: 12
			}
		],
		allRows(list)
	);
});
