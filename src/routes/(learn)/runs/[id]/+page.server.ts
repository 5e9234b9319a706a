import { randomUUID } from 'node:crypto';
import { error, fail, redirect } from '@sveltejs/kit';
import type { Actor } from '$lib/server/access/guard';
import { getLocale } from '$lib/paraglide/runtime';
import { getApp } from '$lib/server/app';
import { isAppError } from '$lib/server/errors';
import { deviceId } from '$lib/server/http/device-cookie';
import { readForm } from '$lib/server/http/read-form';
import { failForm, formValues, idParam, orError, requireActor } from '$lib/server/http/respond';
import { assignRoles } from '$lib/server/sessions/assign-roles';
import { completeRun } from '$lib/server/sessions/complete-run';
import { extendStep } from '$lib/server/sessions/extend-step';
import { moveStep } from '$lib/server/sessions/move-step';
import { pauseRun, resumeRun } from '$lib/server/sessions/pause-run';
import { parseDraft } from '$lib/server/sessions/draft-run';
import { readRun, type RunAt } from '$lib/server/sessions/read-run';
import { StaleRunError } from '$lib/server/sessions/run-state';
import { NoteConflictError, saveNote } from '$lib/server/sessions/save-note';
import { addLateArrivals, setAttendance } from '$lib/server/sessions/set-attendance';
import { loadStepData } from '$lib/server/sessions/step-data';
import { takeLead } from '$lib/server/sessions/take-lead';
import { stepActions } from './step-actions';
import type { Actions, PageServerLoad, RequestEvent } from './$types';

const formSteps = new Set(['worksheet', 'quiz', 'decide']);

/** `?at=`: a step number of at most four digits, `roles` or `checkin`, else nothing. */
const atParam = (raw: string | null): RunAt | null =>
	raw === 'roles' || raw === 'checkin' ? raw : raw && /^\d{1,4}$/.test(raw) ? Number(raw) : null;

export const load: PageServerLoad = async ({ locals, params, cookies, url }) => {
	const actor = requireActor(locals);
	const app = await getApp();
	const runId = idParam(params.id);
	const locale = getLocale();
	const { ctx, activity, view } = await orError(() =>
		readRun(app, actor, {
			runId,
			deviceId: deviceId(cookies, url),
			locale,
			at: atParam(url.searchParams.get('at')),
			draft: parseDraft(url.searchParams.get('draft'))
		})
	);
	const stepData =
		activity && ctx.stage === 'play' && formSteps.has(activity.type)
			? await orError(() => loadStepData(app, actor, ctx, activity, locale))
			: null;
	return {
		run: view,
		stepData,
		// Each render gets a fresh id for the "+5 minutes" tap: a retried post adds nothing.
		extensionId: randomUUID(),
		// Read by the root layout onto <main>, where the live script finds the run.
		live: {
			runId: view.id,
			version: view.version,
			eventsUrl: `/runs/${view.id}/events`,
			// The step shown (1-based) while playing: a move kept offline opens the next one.
			step: view.stage === 'play' ? view.step + 1 : null,
			steps: view.steps.length,
			stage: view.stage
		}
	};
};

/** Reads the form, runs one domain function, and turns what can go wrong into a message. */
async function act(
	event: RequestEvent,
	form: string,
	arrays: string[],
	run: (
		actor: Actor,
		values: Record<string, string | string[]>,
		device: string,
		runId: string
	) => Promise<unknown>
) {
	const actor = requireActor(event.locals);
	const values = formValues(await readForm(event.request), arrays);
	const runId = idParam(event.params.id);
	try {
		await run(actor, values, deviceId(event.cookies, event.url), runId);
	} catch (e) {
		if (e instanceof StaleRunError) return fail(409, { form, values, stale: e.current });
		if (e instanceof NoteConflictError)
			return fail(409, {
				form,
				values,
				noteConflict: { theirs: e.current.text, revision: e.current.revision }
			});
		if (isAppError(e) && e.code === 'not_found') error(404, 'not_found');
		return failForm(e, values, form);
	}
	// After a change, a fresh GET: reloading never posts again. Saves that stay on the same step
	// say so once.
	redirect(303, `/runs/${runId}${form === 'note' || form === 'extend' ? `?done=${form}` : ''}`);
}

const str = (v: string | string[] | undefined) => (typeof v === 'string' ? v : undefined);

export const actions: Actions = {
	attendance: (event) =>
		act(event, 'attendance', ['present'], async (actor, v, _d, runId) =>
			setAttendance(await getApp(), actor, {
				runId,
				version: str(v.version),
				present: v.present,
				guests: str(v.guests)
			})
		),
	arrivals: (event) =>
		act(event, 'arrivals', ['present'], async (actor, v, _d, runId) =>
			addLateArrivals(await getApp(), actor, {
				runId,
				version: str(v.version),
				present: v.present,
				guests: str(v.guests)
			})
		),
	roles: (event) =>
		act(event, 'roles', [], async (actor, v, device, runId) =>
			assignRoles(await getApp(), actor, {
				runId,
				version: str(v.version),
				timekeeper: str(v.timekeeper),
				notetaker: str(v.notetaker),
				readers: Object.fromEntries(
					Object.entries(v)
						.filter(([k]) => /^reader-\d{1,4}$/.test(k))
						.map(([k, p]) => [Number(k.slice(7)), str(p)])
				),
				deviceId: device
			})
		),
	move: (event) =>
		act(event, 'move', [], async (actor, v, device, runId) =>
			moveStep(await getApp(), actor, {
				runId,
				version: str(v.version),
				to: str(v.to),
				deviceId: device
			})
		),
	lead: (event) =>
		act(event, 'lead', [], async (actor, v, device, runId) =>
			takeLead(await getApp(), actor, {
				runId,
				version: str(v.version),
				deviceId: device
			})
		),
	pause: (event) =>
		act(event, 'pause', [], async (actor, v, device, runId) =>
			pauseRun(await getApp(), actor, {
				runId,
				version: str(v.version),
				deviceId: device
			})
		),
	resume: (event) =>
		act(event, 'resume', [], async (actor, v, device, runId) =>
			resumeRun(await getApp(), actor, {
				runId,
				version: str(v.version),
				deviceId: device
			})
		),
	extend: (event) =>
		act(event, 'extend', [], async (actor, v, device, runId) =>
			extendStep(await getApp(), actor, {
				runId,
				clientId: str(v.clientId),
				step: str(v.step),
				deviceId: device
			})
		),
	note: (event) =>
		act(event, 'note', [], async (actor, v, device, runId) =>
			saveNote(await getApp(), actor, {
				runId,
				step: str(v.step),
				revision: str(v.revision),
				text: str(v.text),
				deviceId: device
			})
		),
	checkin: (event) =>
		act(event, 'checkin', [], async (actor, v, _d, runId) =>
			completeRun(await getApp(), actor, {
				runId,
				version: str(v.version),
				scores: Object.fromEntries(
					Object.entries(v)
						.filter(([k]) => k.startsWith('score-'))
						.map(([k, s]) => [k.slice(6), s])
				)
			})
		),
	...stepActions
};
