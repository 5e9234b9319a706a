import { fail, redirect, type RequestEvent } from '@sveltejs/kit';
import { getApp } from '$lib/server/app';
import { getCurriculum } from '$lib/server/curriculum/get-curriculum';
import { readForm } from '$lib/server/http/read-form';
import { failForm, formValues, idParam, requireActor } from '$lib/server/http/respond';
import { answerQuiz } from '$lib/server/sessions/answer-quiz';
import { recordDecision } from '$lib/server/sessions/record-decision';
import { saveWorksheet, type StepSaveResult } from '$lib/server/sessions/save-worksheet';
import type { StepDeps } from '$lib/server/sessions/step-target';
import type { Actor } from '$lib/server/access/guard';

/** What a step form gets back when it is shown again: the typed values, errors or a conflict. */
export interface StepFormResult {
	/** `step-worksheet`, `step-quiz` or `step-decide`: which form on the page answered. */
	form: string;
	step: string;
	values: Record<string, string | string[]>;
	/** Error code per field path (`_` for the form as a whole). */
	fields: Record<string, string>;
	conflict?: Extract<StepSaveResult, { status: 'conflict' }>['theirs'];
}

type Event = RequestEvent<{ id: string }>;

/** The posted form with every repeated name as a list (ticked checkboxes of a multiple choice). */
async function postedValues(request: Request) {
	const form = await readForm(request);
	const seen = new Set<string>();
	const repeated = new Set<string>();
	for (const key of form.keys()) (seen.has(key) ? repeated : seen).add(key);
	return formValues(form, [...repeated]);
}

const text = (v: string | string[] | undefined) => (Array.isArray(v) ? (v[0] ?? '') : (v ?? ''));

/** Maps a step function's answer to the page: 303 back to the run, or the form again. */
function answer(
	runId: string,
	kind: StepKind,
	values: Record<string, string | string[]>,
	result: StepSaveResult
) {
	const base = { form: `step-${kind}`, step: text(values.step), values };
	if (result.status === 'saved') redirect(303, `/runs/${runId}`);
	if (result.status === 'edited')
		return { ...base, values: result.values, fields: {} } satisfies StepFormResult;
	if (result.status === 'invalid')
		return fail(400, { ...base, fields: result.errors } satisfies StepFormResult);
	return fail(409, {
		...base,
		fields: { _: 'conflict' },
		conflict: result.theirs
	} satisfies StepFormResult);
}

type StepKind = 'worksheet' | 'quiz' | 'decide';
type Save = (
	deps: StepDeps,
	actor: Actor,
	runId: string,
	values: Record<string, string | string[]>
) => Promise<StepSaveResult>;

/** Reads the form, calls the step's one domain function, maps its answer or its error. */
async function act(event: Event, kind: StepKind, save: Save) {
	const actor = requireActor(event.locals);
	const runId = idParam(event.params.id);
	const values = await postedValues(event.request);
	let result: StepSaveResult;
	try {
		result = await save(
			{ db: (await getApp()).db, curriculum: await getCurriculum() },
			actor,
			runId,
			values
		);
	} catch (e) {
		const failed = failForm(e, values, `step-${kind}`);
		return fail(failed.status, { ...failed.data, step: text(values.step) });
	}
	return answer(runId, kind, values, result);
}

/** Form actions of the worksheet, quiz and decide steps, merged into the player's actions. */
export const stepActions = {
	worksheet: (event: Event) =>
		act(event, 'worksheet', (deps, actor, runId, values) =>
			saveWorksheet(deps, actor, {
				runId,
				step: values.step,
				values,
				revision: values.revision,
				clientId: text(values.clientId)
			})
		),
	quiz: (event: Event) =>
		act(event, 'quiz', (deps, actor, runId, values) =>
			answerQuiz(deps, actor, {
				runId,
				step: values.step,
				values,
				revision: values.revision
			})
		),
	decide: (event: Event) =>
		act(event, 'decide', (deps, actor, runId, values) =>
			recordDecision(deps, actor, {
				runId,
				step: values.step,
				values: {
					method: text(values.method),
					option: text(values.option),
					reasons: text(values.reasons),
					yes: text(values.yes),
					no: text(values.no),
					abstain: text(values.abstain)
				},
				revision: values.revision,
				clientId: text(values.clientId)
			})
		)
};
