import { randomUUID } from 'node:crypto';
import { fail, redirect } from '@sveltejs/kit';
import { getLocale } from '$lib/paraglide/runtime';
import { getApp } from '$lib/server/app';
import { getTeam } from '$lib/server/cohorts/get-team';
import { getCurriculum } from '$lib/server/curriculum/get-curriculum';
import { isAppError } from '$lib/server/errors';
import { getTeamProgress } from '$lib/server/sessions/team-progress';
import { deleteTeam, moveMember, renameTeam, splitTeam } from '$lib/server/cohorts/teams';
import { readForm } from '$lib/server/http/read-form';
import { listStartable } from '$lib/server/sessions/list-startable';
import { readTeamDecision } from '$lib/server/workbook/read-team-decision';
import {
	failForm,
	formValues,
	idParam,
	isId,
	orError,
	requireActor
} from '$lib/server/http/respond';
import type { Actions, PageServerLoad } from './$types';

// Someone who may see the team but not its sessions sees the page without them.
function orNone(e: unknown): null {
	if (isAppError(e) && e.code === 'forbidden') return null;
	throw e;
}

export const load: PageServerLoad = async ({ locals, params }) => {
	const actor = requireActor(locals);
	const app = await getApp();
	const id = idParam(params.id);
	const team = await orError(async () => getTeam(app, actor, id));
	return {
		team,
		// Sessions this reader may start for the team (null when they may not run them).
		startable: await listStartable(app, actor, id, getLocale()),
		startClientId: randomUUID(),
		progress: await getTeamProgress(
			{ db: app.db, curriculum: await getCurriculum() },
			actor,
			id,
			getLocale()
		).catch(orNone),
		// The group's Think.COOP decision, as it stands in the cooperative's workbook.
		decision: await readTeamDecision(
			{ db: app.db, curriculum: await getCurriculum() },
			actor,
			id,
			getLocale()
		).catch(orNone)
	};
};

export const actions: Actions = {
	rename: async ({ locals, request, params }) => {
		const actor = requireActor(locals);
		const values = formValues(await readForm(request));
		try {
			await renameTeam(await getApp(), actor, idParam(params.id), values.name);
		} catch (e) {
			return failForm(e, values, 'rename');
		}
		return { renamed: true };
	},
	move: async ({ locals, request }) => {
		const actor = requireActor(locals);
		const values = formValues(await readForm(request));
		const enrolmentId = String(values.enrolmentId ?? '');
		const teamId = String(values.teamId ?? '');
		if (!isId(enrolmentId) || !isId(teamId))
			return fail(400, { values, fields: { teamId: 'required' }, form: `move-${enrolmentId}` });
		try {
			await moveMember(await getApp(), actor, enrolmentId, teamId);
		} catch (e) {
			return failForm(e, values, `move-${enrolmentId}`);
		}
		return { moved: true };
	},
	split: async ({ locals, params }) => {
		const actor = requireActor(locals);
		try {
			const { teams } = await splitTeam(await getApp(), actor, idParam(params.id));
			return { split: teams.map((t) => `${t.name} (${t.members})`).join(', ') };
		} catch (e) {
			return failForm(e, {}, 'split');
		}
	},
	delete: async ({ locals, params }) => {
		const actor = requireActor(locals);
		let cohortId: string;
		try {
			({ cohortId } = await deleteTeam(await getApp(), actor, idParam(params.id)));
		} catch (e) {
			return failForm(e, {}, 'delete');
		}
		redirect(303, `/cohorts/${cohortId}`);
	}
};
