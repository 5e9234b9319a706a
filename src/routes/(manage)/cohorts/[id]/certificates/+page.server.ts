import { randomUUID } from 'node:crypto';
import { getApp } from '$lib/server/app';
import { AppError } from '$lib/server/errors';
import { certificateConfig } from '$lib/server/certificates/config';
import { evaluateCohort } from '$lib/server/certificates/evaluate-cohort';
import { issueCertificates, MAX_SELECTED } from '$lib/server/certificates/issue-certificates';
import { saveRule } from '$lib/server/certificates/save-rule';
import { getCurriculum } from '$lib/server/curriculum/get-curriculum';
import { readForm } from '$lib/server/http/read-form';
import { failForm, formValues, idParam, orError, requireActor } from '$lib/server/http/respond';
import type { Actions, PageServerLoad } from './$types';

async function deps() {
	return { db: (await getApp()).db, curriculum: await getCurriculum() };
}

export const load: PageServerLoad = async ({ locals, params }) => {
	const actor = requireActor(locals);
	const id = idParam(params.id);
	const page = await orError(async () => evaluateCohort(await deps(), actor, id));
	// A new id each time the page is built: one issuing form, one act.
	return { page, clientId: randomUUID() };
};

export const actions: Actions = {
	rule: async ({ locals, params, request }) => {
		const actor = requireActor(locals);
		const values = formValues(await readForm(request));
		try {
			await saveRule(await deps(), actor, {
				cohortId: idParam(params.id),
				revision: String(values.revision ?? ''),
				values
			});
			return { saved: true };
		} catch (e) {
			return failForm(e, values, 'rule');
		}
	},
	issue: async ({ locals, params, request }) => {
		const actor = requireActor(locals);
		const values = formValues(await readForm(request), ['person']);
		const one = typeof values.one === 'string' && values.one ? [values.one] : null;
		// The buttons say which; anything else did not come from the page.
		if (values.scope !== undefined && values.scope !== 'all' && values.scope !== 'selected')
			return failForm(new AppError('invalid_input', 'scope', { _: 'cert_err_form' }), {}, 'issue');
		const personIds =
			values.scope === 'all' && !one
				? ('all' as const)
				: (one ?? (values.person as string[]).slice(0, MAX_SELECTED + 1));
		try {
			const result = await issueCertificates(
				{ ...(await deps()), config: certificateConfig() },
				actor,
				{ cohortId: idParam(params.id), clientId: String(values.clientId ?? ''), personIds }
			);
			return { issuedResult: result };
		} catch (e) {
			return failForm(e, {}, 'issue');
		}
	}
};
