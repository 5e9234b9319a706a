import { parseAuditQuery } from '$lib/domain/audit-query';
import { m } from '$lib/paraglide/messages';
import { getLocale } from '$lib/paraglide/runtime';
import { auditCsvColumns } from '$lib/server/admin/audit-csv';
import { auditBatches } from '$lib/server/admin/search-audit';
import { getApp } from '$lib/server/app';
import { exportResponse } from '$lib/server/export/write-table';
import { prepareOrError, withErrorPage } from '$lib/server/http/export';
import { requireActor } from '$lib/server/http/respond';
import { asLocale } from '$lib/server/import/messages';
import type { RequestHandler } from './$types';

/**
 * The audit log as CSV, with the same search as the page (from its newest line, whatever page the
 * admin was on). Streamed a batch at a time: memory does not grow with the log.
 */
export const GET: RequestHandler = withErrorPage(async ({ locals, url }) => {
	const actor = requireActor(locals);
	const app = await getApp();
	const locale = asLocale(getLocale());
	const query = { ...parseAuditQuery(url.searchParams), before: null };
	const batches = prepareOrError(() => auditBatches(app, actor, query, locale));
	return exportResponse(
		'csv',
		m.admin_audit_file(),
		m.admin_audit_title(),
		auditCsvColumns(locale),
		batches
	);
});
