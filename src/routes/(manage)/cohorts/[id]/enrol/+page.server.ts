import { error, fail } from '@sveltejs/kit';
import { parseListQuery } from '$lib/domain/list-query';
import { getApp } from '$lib/server/app';
import { enrolCooperative, enrolPeople } from '$lib/server/cohorts/enrol';
import { cooperativeCandidates, enrolledAmong } from '$lib/server/cohorts/enrol-candidates';
import { getCohort } from '$lib/server/cohorts/get-cohort';
import { readForm } from '$lib/server/http/read-form';
import {
	failForm,
	formValues,
	idParam,
	isId,
	orError,
	requireActor
} from '$lib/server/http/respond';
import { cooperativeLabel } from '$lib/server/org/filter-options';
import { listPeople, peopleListSpec } from '$lib/server/org/list-people';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, params, url }) => {
	const actor = requireActor(locals);
	const app = await getApp();
	const id = idParam(params.id);
	const cohort = await orError(() => getCohort(app, actor, id));
	if (!cohort.can.enrol) error(403, 'forbidden');
	const query = parseListQuery(url.searchParams, peopleListSpec);
	const searching = !!query.q || !!query.filters.cooperative;
	const people = searching ? await listPeople(app, actor, query) : null;
	const enrolled = await enrolledAmong(app, actor, id, people?.rows.map((r) => r.id) ?? []);
	return {
		cohort: {
			id: cohort.id,
			name: cohort.name,
			capacity: cohort.capacity,
			enrolled: cohort.enrolled
		},
		query,
		cooperatives: query.filters.cooperative
			? []
			: await cooperativeCandidates(app, actor, id, query.q),
		cooperative: await cooperativeLabel(app, actor, query.filters.cooperative),
		people: people
			? { ...people, rows: people.rows.map((r) => ({ ...r, enrolled: enrolled.has(r.id) })) }
			: null
	};
};

export const actions: Actions = {
	cooperative: async ({ locals, request, params }) => {
		const actor = requireActor(locals);
		const cooperativeId = String((await readForm(request)).get('cooperativeId') ?? '');
		if (!isId(cooperativeId))
			return fail(400, { values: {}, fields: { cooperativeId: 'required' }, form: 'enrol' });
		try {
			return {
				enrolled: await enrolCooperative(await getApp(), actor, idParam(params.id), cooperativeId)
			};
		} catch (e) {
			return failForm(e, {}, 'enrol');
		}
	},
	people: async ({ locals, request, params }) => {
		const actor = requireActor(locals);
		const values = formValues(await readForm(request), ['personIds']);
		const ids = (values.personIds as string[]).filter(isId);
		try {
			return { enrolled: await enrolPeople(await getApp(), actor, idParam(params.id), ids) };
		} catch (e) {
			return failForm(e, values, 'enrol');
		}
	}
};
