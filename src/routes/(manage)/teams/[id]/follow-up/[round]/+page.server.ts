import { randomUUID } from 'node:crypto';
import { fail } from '@sveltejs/kit';
import { getApp } from '$lib/server/app';
import { env } from '$lib/server/env';
import { getRound } from '$lib/server/follow-up/get-round';
import { reviewUpdate } from '$lib/server/follow-up/review-update';
import { loadFollowUpTeam } from '$lib/server/follow-up/round-context';
import { saveUpdate } from '$lib/server/follow-up/save-update';
import { FormBodyError, parseForm, readForm, UPLOAD_MAX_BYTES } from '$lib/server/http/read-form';
import { failForm, formValues, idParam, orError, requireActor } from '$lib/server/http/respond';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, params }) => {
	const actor = requireActor(locals);
	const round = await orError(async () =>
		getRound({ db: (await getApp()).db }, actor, idParam(params.id), params.round)
	);
	return {
		...round,
		// One per form, made when the page is built: a retried post writes nothing twice.
		clientIds: Object.fromEntries(round.items.map((i) => [i.key, randomUUID()]))
	};
};

const revisionOf = (v: unknown) => (/^\d{1,9}$/.test(String(v)) ? Number(v) : -1);

export const actions: Actions = {
	save: async ({ locals, params, request }) => {
		const actor = requireActor(locals);
		const teamId = idParam(params.id);
		const db = (await getApp()).db;
		// Who may write is known before the (up to 6 MB) body is read.
		await orError(() => loadFollowUpTeam(db, actor, teamId, 'followup.write'));
		let form: FormData;
		try {
			form = await parseForm(request, { maxBytes: UPLOAD_MAX_BYTES });
		} catch (e) {
			if (!(e instanceof FormBodyError)) throw e;
			const code =
				e.problem === 'too_large'
					? 'followup_err_evidence_size'
					: 'followup_err_evidence_unreadable';
			return fail(e.status, { values: {}, fields: { evidence: code }, form: 'item' });
		}
		const values = formValues(form);
		const itemKey = String(values.itemKey ?? '');
		const file = form.get('evidence');
		// A browser sends an empty, nameless file when none was chosen.
		const evidence =
			file instanceof File && (file.size > 0 || file.name)
				? { name: file.name, bytes: new Uint8Array(await file.arrayBuffer()) }
				: null;
		try {
			const result = await saveUpdate({ db, dataDir: env().DATA_DIR }, actor, {
				teamId,
				roundId: params.round,
				itemKey,
				baseRevision: revisionOf(values.revision),
				clientId: String(values.clientId ?? ''),
				raw: values,
				evidence
			});
			if (result.status === 'conflict')
				return fail(409, { values, fields: {}, form: `item-${itemKey}`, conflict: true });
			return { saved: itemKey };
		} catch (e) {
			return failForm(e, values, `item-${itemKey}`);
		}
	},
	review: async ({ locals, params, request }) => {
		const actor = requireActor(locals);
		const values = formValues(await readForm(request));
		const itemKey = String(values.itemKey ?? '');
		try {
			const result = await reviewUpdate({ db: (await getApp()).db }, actor, {
				teamId: idParam(params.id),
				updateId: String(values.updateId ?? ''),
				itemKey,
				revision: revisionOf(values.revision),
				decision: String(values.decision ?? ''),
				note: String(values.reviewerNote ?? ''),
				clientId: String(values.clientId ?? '')
			});
			if (result.status === 'conflict')
				return fail(409, { values, fields: {}, form: `review-${itemKey}`, conflict: true });
			return { reviewed: itemKey };
		} catch (e) {
			return failForm(e, values, `review-${itemKey}`);
		}
	}
};
