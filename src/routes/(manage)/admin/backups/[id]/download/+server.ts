import { error } from '@sveltejs/kit';
import { getApp } from '$lib/server/app';
import { getBackupFile } from '$lib/server/backup/admin-backups';
import { env } from '$lib/server/env';
import { isAppError } from '$lib/server/errors';
import { serveFile } from '$lib/server/http/serve-file';
import type { RequestHandler } from './$types';

/** One backup file, streamed; admins only, and every download is in the audit log. */
export const GET: RequestHandler = async ({ locals, params, request }) => {
	if (!locals.actor) error(401, 'unauthenticated');
	try {
		const file = await getBackupFile(
			{ db: (await getApp()).db, backupDir: env().BACKUP_DIR },
			locals.actor,
			params.id
		);
		const res = await serveFile(request, file.path, {
			'content-type': 'application/octet-stream',
			'cache-control': 'private, no-store'
		});
		res.headers.set('content-disposition', `attachment; filename="${file.name}"`);
		return res;
	} catch (e) {
		if (isAppError(e)) error(e.status, e.code);
		throw e;
	}
};
