import { getLocale } from '$lib/paraglide/runtime';
import { getApp } from '$lib/server/app';
import { getCurriculum } from '$lib/server/curriculum/get-curriculum';
import { contentTypes } from '$lib/server/export/write-table';
import { idParam, orError, requireActor } from '$lib/server/http/respond';
import { fileSlug } from '$lib/domain/file-slug';
import { exportActionPlanXlsx } from '$lib/server/workbook/export-action-plan-xlsx';
import type { RequestHandler } from './$types';

/** The Action Plan alone as a spreadsheet, activities by objective; readers of the plan only. */
export const GET: RequestHandler = async ({ locals, params }) => {
	const actor = requireActor(locals);
	const deps = { db: (await getApp()).db, curriculum: await getCurriculum() };
	const { file, cooperative } = await orError(() =>
		exportActionPlanXlsx(deps, actor, idParam(params.id), getLocale())
	);
	return new Response(new Uint8Array(file), {
		headers: {
			'content-type': contentTypes.xlsx,
			'content-disposition': `attachment; filename="plan-de-accion-${fileSlug(cooperative)}.xlsx"`,
			'cache-control': 'private, no-store'
		}
	});
};
