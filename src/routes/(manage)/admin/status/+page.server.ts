import { getServerStatus } from '$lib/server/admin/get-server-status';
import { getApp } from '$lib/server/app';
import { getBackupStatus, lastBackupOf } from '$lib/server/backup/backup-status';
import { getCurriculum } from '$lib/server/curriculum/get-curriculum';
import { env } from '$lib/server/env';
import { orError, requireActor } from '$lib/server/http/respond';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals }) => {
	const actor = requireActor(locals);
	const app = await getApp();
	const status = await orError(async () =>
		getServerStatus(
			{
				db: app.db,
				kind: app.handle.kind,
				dataDir: env().DATA_DIR,
				contentVersion: (await getCurriculum()).version,
				lastBackup: async () => lastBackupOf(await getBackupStatus(app.db))
			},
			actor
		)
	);
	return { status };
};
