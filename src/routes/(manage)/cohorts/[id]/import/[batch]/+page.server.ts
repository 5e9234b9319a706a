import { fail, redirect } from '@sveltejs/kit';
import { getLocale } from '$lib/paraglide/runtime';
import { departments } from '$lib/domain/import/ci';
import type { CoopDecision, RowStatus } from '$lib/domain/import/types';
import { getApp } from '$lib/server/app';
import { isAppError } from '$lib/server/errors';
import { commitImport } from '$lib/server/import/commit-import';
import { decideCooperatives } from '$lib/server/import/decide-cooperatives';
import { discardImport } from '$lib/server/import/discard-import';
import { getImport } from '$lib/server/import/get-import';
import { asLocale, reasonText } from '$lib/server/import/messages';
import { setImportMapping } from '$lib/server/import/set-import-mapping';
import { readForm, type ReadFormOptions } from '$lib/server/http/read-form';
import { formValues } from '$lib/server/http/respond';
import type { Actions, PageServerLoad } from './$types';
import { asHttpError } from '../http';

const PAGE_SIZE = 100;
/** Up to 1,000 cooperative questions of five fields, or 1,000 columns: larger than other forms. */
const BATCH_FORM: ReadFormOptions = { maxBytes: 512 * 1024, maxFields: 6_000 };
const statuses: RowStatus[] = ['new', 'update', 'duplicate', 'error'];

export const load: PageServerLoad = async ({ locals, params, url }) => {
	if (!locals.actor) redirect(303, '/sign-in');
	const app = await getApp();
	let view;
	try {
		view = await getImport(app, locals.actor, { cohortId: params.id, batchId: params.batch });
	} catch (e) {
		asHttpError(e);
	}
	const locale = asLocale(getLocale());
	const step =
		view.batch.status !== 'previewed'
			? 'done'
			: url.searchParams.get('step') === 'mapping' || !view.evaluation
				? 'mapping'
				: 'preview';
	const filter = statuses.find((s) => s === url.searchParams.get('status')) ?? null;
	const ev = view.evaluation;
	const filtered = ev ? ev.rows.filter((r) => !filter || r.status === filter) : [];
	const pages = Math.max(1, Math.ceil(filtered.length / PAGE_SIZE));
	const page = Math.min(Math.max(1, Number(url.searchParams.get('page')) || 1), pages);
	return {
		step,
		cohort: view.cohort,
		batch: view.batch,
		headers: view.headers,
		samples: view.samples,
		firstRows: view.firstRows,
		mapping: view.mapping,
		missing: view.missing,
		sameFileCommittedAt: view.sameFileCommittedAt,
		notice: url.searchParams.get('notice'),
		filter,
		page,
		pages,
		counts: ev?.counts ?? null,
		fingerprint: ev?.fingerprint ?? null,
		questions: ev?.questions ?? [],
		federations: view.federations.map((f) => ({ id: f.id, name: f.shortName })),
		cooperatives: view.cooperatives,
		departments: [...departments],
		rows: filtered.slice((page - 1) * PAGE_SIZE, page * PAGE_SIZE).map((r) => ({
			row: r.row,
			status: r.status,
			reasons: r.reasons.map((x) => reasonText(x, locale)),
			name: [r.person.givenNames, r.person.surnames].filter(Boolean).join(' '),
			ci: [r.person.ciNumber, r.person.ciExtension].filter(Boolean).join(' '),
			cooperative: r.person.cooperativeName ?? ''
		}))
	};
};

/** The cooperative answers in a preview form: choice_i is "", "new" or a cooperative id. */
function decisionsFrom(form: FormData): {
	decisions: Record<string, CoopDecision | null>;
	needFederation: string[];
} {
	// Read once into an object: form.get scans the whole form each time.
	const values = formValues(form) as Record<string, string>;
	const get = (name: string) => values[name] ?? '';
	const decisions: Record<string, CoopDecision | null> = {};
	const needFederation: string[] = [];
	const n = Math.min(Number(get('questions')) || 0, 1000);
	for (let i = 0; i < n; i++) {
		const key = get(`key_${i}`);
		if (!key) continue;
		const choice = get(`choice_${i}`);
		if (choice === 'new') {
			const federationId = get(`fed_${i}`);
			const department = get(`dept_${i}`);
			if (!federationId || !department) {
				needFederation.push(values[`name_${i}`] ?? key);
				decisions[key] = null;
			} else decisions[key] = { kind: 'new', federationId, department };
		} else if (/^[0-9a-f-]{36}$/i.test(choice)) {
			decisions[key] = { kind: 'existing', cooperativeId: choice };
		} else decisions[key] = null;
	}
	return { decisions, needFederation };
}

export const actions: Actions = {
	mapping: async ({ locals, request, params }) => {
		if (!locals.actor) redirect(303, '/sign-in');
		const form = formValues(await readForm(request, BATCH_FORM)) as Record<string, string>;
		const columns = Math.min(Number(form.columns) || 0, 1000);
		const mapping = Array.from({ length: columns }, (_, i) => form[`col_${i}`] || null);
		const headerRow = Number(form.headerRow ?? '');
		const app = await getApp();
		let reguessed = false;
		try {
			({ reguessed } = await setImportMapping(app, locals.actor, {
				cohortId: params.id,
				batchId: params.batch,
				headerRow,
				mapping
			}));
		} catch (e) {
			if (isAppError(e) && e.code === 'invalid_input')
				return fail(400, {
					mappingError: e.fields?.mapping ?? e.fields?.headerRow ?? 'invalid',
					fields: (e.fields?.fields ?? '').split(',').filter(Boolean),
					submitted: mapping,
					headerRow
				});
			if (isAppError(e) && e.code === 'conflict')
				redirect(303, `/cohorts/${params.id}/import/${params.batch}`);
			asHttpError(e);
		}
		redirect(
			303,
			`/cohorts/${params.id}/import/${params.batch}${reguessed ? '?step=mapping&notice=reguessed' : ''}`
		);
	},

	decide: async ({ locals, request, params }) => {
		if (!locals.actor) redirect(303, '/sign-in');
		const { decisions, needFederation } = decisionsFrom(await readForm(request, BATCH_FORM));
		const app = await getApp();
		try {
			await decideCooperatives(app, locals.actor, {
				cohortId: params.id,
				batchId: params.batch,
				decisions
			});
		} catch (e) {
			if (isAppError(e) && e.code === 'conflict')
				redirect(303, `/cohorts/${params.id}/import/${params.batch}`);
			asHttpError(e);
		}
		if (needFederation.length) return fail(400, { needFederation });
		redirect(303, `/cohorts/${params.id}/import/${params.batch}?notice=applied`);
	},

	confirm: async ({ locals, request, params }) => {
		if (!locals.actor) redirect(303, '/sign-in');
		const form = await readForm(request, BATCH_FORM);
		const { decisions, needFederation } = decisionsFrom(form);
		const fingerprint = Number(form.get('fingerprint'));
		const here = `/cohorts/${params.id}/import/${params.batch}`;
		const app = await getApp();
		try {
			// Answers changed since the preview was drawn: show the new preview before writing.
			const { changed } = await decideCooperatives(app, locals.actor, {
				cohortId: params.id,
				batchId: params.batch,
				decisions
			});
			if (needFederation.length) return fail(400, { needFederation });
			if (changed) redirect(303, `${here}?notice=applied`);
			await commitImport(app, locals.actor, {
				cohortId: params.id,
				batchId: params.batch,
				expectedFingerprint: Number.isFinite(fingerprint) ? fingerprint : -1
			});
		} catch (e) {
			if (isAppError(e) && e.code === 'conflict')
				redirect(303, e.message === 'changed' ? `${here}?notice=changed` : here);
			asHttpError(e);
		}
		redirect(303, here);
	},

	discard: async ({ locals, params }) => {
		if (!locals.actor) redirect(303, '/sign-in');
		const app = await getApp();
		try {
			await discardImport(app, locals.actor, { cohortId: params.id, batchId: params.batch });
		} catch (e) {
			if (!(isAppError(e) && e.code === 'conflict')) asHttpError(e);
		}
		redirect(303, `/cohorts/${params.id}/import`);
	}
};
