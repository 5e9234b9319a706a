import { laPazParts } from '$lib/domain/live-session';
import { getApp } from '$lib/server/app';
import { readForm } from '$lib/server/http/read-form';
import { failForm, formValues, idParam, orError, requireActor } from '$lib/server/http/respond';
import {
	ATTENDANCE_FILE_MAX,
	importLiveAttendance
} from '$lib/server/live-sessions/import-live-attendance';
import {
	getLiveAttendance,
	recordLiveAttendance
} from '$lib/server/live-sessions/record-live-attendance';
import { updateLiveSession } from '$lib/server/live-sessions/schedule-live-session';
import { error } from '@sveltejs/kit';
import { AppError } from '$lib/server/errors';
import type { Actions, PageServerLoad } from './$types';

const db = async () => ({ db: (await getApp()).db });

export const load: PageServerLoad = async ({ locals, params }) => {
	const actor = requireActor(locals);
	const a = await orError(async () => getLiveAttendance(await db(), actor, idParam(params.sid)));
	// The session belongs to the cohort in the address, or the address is wrong.
	if (a.session.cohortId !== idParam(params.id)) error(404, 'not_found');
	const { date, time } = laPazParts(a.session.startsAt);
	return {
		...a,
		values: {
			title: a.session.title,
			date,
			time,
			duration: String(a.session.durationMinutes),
			meetingUrl: a.session.meetingUrl,
			agenda: a.session.agenda
		}
	};
};

const num = (v: unknown) => (/^\d{1,9}$/.test(String(v ?? '')) ? Number(v) : -1);

export const actions: Actions = {
	update: async ({ locals, params, request }) => {
		const actor = requireActor(locals);
		const values = formValues(await readForm(request));
		const text = (k: string) => String(values[k] ?? '');
		try {
			// The cancel button sends "1"; anything else is not a form this page made.
			if (values.cancel !== undefined && values.cancel !== '1')
				throw new AppError('invalid_input', 'cancel', { _: 'live_err_form' });
			await updateLiveSession(await db(), actor, {
				sessionId: idParam(params.sid),
				revision: num(values.revision),
				cancel: values.cancel === '1',
				title: text('title'),
				date: text('date'),
				time: text('time'),
				duration: text('duration'),
				meetingUrl: text('meetingUrl'),
				agenda: text('agenda')
			});
			return { form: 'update', done: values.cancel === '1' ? 'cancelled' : 'saved' };
		} catch (e) {
			return failForm(e, values, 'update');
		}
	},
	attendance: async ({ locals, params, request }) => {
		const actor = requireActor(locals);
		const values = formValues(await readForm(request), ['present']);
		try {
			const r = await recordLiveAttendance(await db(), actor, {
				sessionId: idParam(params.sid),
				revision: num(values.revision),
				personIds: (values.present as string[]).slice(0, 2_000)
			});
			return { form: 'attendance', present: r.present };
		} catch (e) {
			return failForm(e, {}, 'attendance');
		}
	},
	import: async ({ locals, params, request }) => {
		const actor = requireActor(locals);
		const form = await readForm(request, { maxBytes: ATTENDANCE_FILE_MAX + 16 * 1024 });
		const file = form.get('file');
		try {
			const r = await importLiveAttendance(await db(), actor, {
				sessionId: idParam(params.sid),
				revision: num(form.get('revision')),
				file: file instanceof File ? new Uint8Array(await file.arrayBuffer()) : new Uint8Array()
			});
			return { form: 'import', added: r.added, unmatched: r.unmatched.slice(0, 200) };
		} catch (e) {
			return failForm(e, {}, 'import');
		}
	}
};
