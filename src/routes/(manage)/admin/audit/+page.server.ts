import { auditEntities, parseAuditQuery } from '$lib/domain/audit-query';
import { getLocale } from '$lib/paraglide/runtime';
import { searchAudit } from '$lib/server/admin/search-audit';
import { getApp } from '$lib/server/app';
import { orError, requireActor } from '$lib/server/http/respond';
import { asLocale } from '$lib/server/import/messages';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, url }) => {
	const actor = requireActor(locals);
	const app = await getApp();
	const query = parseAuditQuery(url.searchParams);
	const found = await orError(() => searchAudit(app, actor, query, asLocale(getLocale())));
	return { query, entities: [...auditEntities], ...found };
};
