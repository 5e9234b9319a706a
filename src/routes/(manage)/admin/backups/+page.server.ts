import { randomUUID } from 'node:crypto';
import { fail, redirect } from '@sveltejs/kit';
import { getApp } from '$lib/server/app';
import { listBackups, startBackupNow } from '$lib/server/backup/admin-backups';
import { backupDeps } from '$lib/server/backup/deps';
import { env } from '$lib/server/env';
import { isAppError } from '$lib/server/errors';
import { readForm } from '$lib/server/http/read-form';
import { failForm, formValues, orError, requireActor } from '$lib/server/http/respond';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, url }) => {
	const actor = requireActor(locals);
	const e = env();
	const { status, items, backupDir } = await orError(async () =>
		listBackups({ db: (await getApp()).db, backupDir: e.BACKUP_DIR }, actor)
	);
	return {
		status,
		items,
		backupDir,
		schedule: {
			on:
				e.BACKUP_SCHEDULE === 'on' || (e.BACKUP_SCHEDULE === 'auto' && e.NODE_ENV === 'production'),
			hour: e.BACKUP_HOUR,
			daily: e.BACKUP_KEEP_DAILY,
			weekly: e.BACKUP_KEEP_WEEKLY
		},
		started: url.searchParams.get('started'),
		// Made with the page: the form sent twice (a reload, a retry) makes one backup.
		clientId: randomUUID()
	};
};

export const actions: Actions = {
	create: async ({ locals, request }) => {
		const actor = requireActor(locals);
		const values = formValues(await readForm(request));
		let started: boolean;
		try {
			const app = await getApp();
			({ started } = await startBackupNow(backupDeps(app.handle, env()), actor, values.clientId));
		} catch (e) {
			if (isAppError(e) && e.code === 'conflict')
				return fail(409, { values, fields: { _: 'backup_err_form' } });
			return failForm(e, values);
		}
		redirect(303, `/admin/backups?started=${started ? 'new' : 'again'}`);
	}
};
