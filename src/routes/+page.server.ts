import { redirect } from '@sveltejs/kit';
import { can } from '$lib/server/access/guard';
import { getApp } from '$lib/server/app';
import { getBackupStatus, lastBackupOf } from '$lib/server/backup/backup-status';
import { getCurriculum } from '$lib/server/curriculum/get-curriculum';
import { listMyUpcomingLiveSessions } from '$lib/server/live-sessions/list-live-sessions';
import { listLateFollowUps } from '$lib/server/follow-up/list-late';
import { countOpenCorrections } from '$lib/server/org/corrections';
import { getMyTeams } from '$lib/server/sessions/team-progress';
import { getLocale } from '$lib/paraglide/runtime';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals }) => {
	if (!locals.user) redirect(303, '/sign-in');
	const actor = locals.actor;
	const app = await getApp();
	return {
		// A member's team and its next session, first thing on the page.
		teams: await getMyTeams({ db: app.db, curriculum: await getCurriculum() }, actor, getLocale()),
		// Coordinators see at a glance what cooperative leads asked them to correct.
		openCorrections: actor && can(actor, 'org.manage') ? await countOpenCorrections(app, actor) : 0,
		// Coordinators and facilitators see where Action Plan follow-up is late.
		lateFollowUps: await listLateFollowUps({ db: app.db }, actor),
		// Admins see the newest backup on their card, and at once when it failed or is missing.
		lastBackup:
			actor && can(actor, 'backup.manage') ? lastBackupOf(await getBackupStatus(app.db)) : null,
		// A member's next live sessions of their cohort, with a link to join and to a calendar.
		liveSessions: actor ? await listMyUpcomingLiveSessions({ db: app.db }, actor, new Date()) : []
	};
};
