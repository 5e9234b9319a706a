import {
	applyRowEdit,
	parseValues,
	rowEdit,
	unknownRowEdit,
	toFormRaw,
	type FormRaw,
	type SectionData
} from '../../domain/workbook-values';
import type { Actor } from '../access/guard';
import type { Executor } from '../db/client';
import { AppError } from '../errors';
import { recordEvents } from '../learning/record-event';
import { notifyRunChanged } from '../live/notify';
import { saveSectionChecked } from '../workbook/save-section';
import {
	clientIdOf,
	loadStepTarget,
	revisionNumber,
	stepEvent,
	teamMembers,
	type StepDeps
} from './step-target';
import { writeResponse } from './write-response';

/** The other version a stale save ran into, ready to show next to what the user typed. */
export interface TheirVersion {
	revision: number;
	values: FormRaw;
	savedBy: string | null;
	savedAt: Date | null;
}

export type StepSaveResult =
	| { status: 'saved'; revision: number }
	| { status: 'invalid'; errors: Record<string, string> }
	| { status: 'conflict'; theirs: TheirVersion }
	/** A table's add-row or remove-row button: the form again with the rows changed, nothing saved. */
	| { status: 'edited'; values: FormRaw };

export interface SaveWorksheetInput {
	runId: string;
	step: unknown;
	/** The posted form (`f.<field>`…). */
	values: FormRaw;
	/** The revision the form was rendered with. */
	revision: unknown;
	clientId: string;
}

/**
 * Saves a worksheet step. A worksheet that fills a workbook section writes a new revision of it
 * (`saveSection`: what the group writes is the cooperative's plan material); one with its own
 * fields keeps the run's answer. Bad values come back as error codes per field; a save over a
 * newer version comes back with that version.
 */
export async function saveWorksheet(
	deps: StepDeps,
	actor: Actor | null,
	input: SaveWorksheetInput
): Promise<StepSaveResult> {
	const target = await loadStepTarget(deps, actor, input.runId, input.step, 'worksheet');
	const { run, step, activity } = target;
	const me = actor!;
	const base = revisionNumber(input.revision);
	if (base === null) throw new AppError('invalid_input', 'revision', { _: 'invalid' });
	const clientId = clientIdOf(input.clientId);
	const section = activity.workbook;
	if (section && run.mode !== 'group')
		throw new AppError('invalid_input', 'workbook from a catch-up', { _: 'group_only' });
	if (section && !run.cooperativeId)
		throw new AppError('invalid_input', 'team without cooperative', { _: 'no_workbook' });

	// Row buttons work without JavaScript: the form comes back with one row more or less.
	const edit = rowEdit(activity.fields, input.values);
	if (edit) return { status: 'edited', values: applyRowEdit(activity.fields, input.values, edit) };
	if (unknownRowEdit(activity.fields, input.values))
		return { status: 'invalid', errors: { _: 'invalid' } };

	const members = await teamMembers(deps.db, run.teamId);
	const parsed = parseValues(activity.fields, input.values, {
		personIds: members.map((m) => m.id)
	});
	if (!parsed.ok) return { status: 'invalid', errors: parsed.errors };

	// The event's key names the revision: a retry of the same save records nothing new.
	const answered = (tx: Executor, saved: { revision: number }) =>
		recordEvents(tx, [
			stepEvent(me, target, 'answered', `answered:${saved.revision}`, {
				response: section ? { section: section.key } : undefined,
				extensions: { revision: saved.revision }
			})
		]);
	let result: StepSaveResult;
	let changed = true;
	if (section) {
		const saved = await saveSectionChecked(
			deps,
			me,
			{
				cooperativeId: run.cooperativeId!,
				programmeId: run.programmeId,
				sectionKey: section.key,
				data: parsed.data,
				baseRevision: base,
				clientId,
				source: 'session',
				runId: run.id
			},
			answered
		);
		result =
			saved.status === 'saved'
				? { status: 'saved', revision: saved.revision }
				: {
						status: 'conflict',
						theirs: {
							revision: saved.theirs.revision,
							values: toFormRaw(activity.fields, saved.theirs.data),
							savedBy: saved.theirs.savedBy,
							savedAt: saved.theirs.savedAt
						}
					};
	} else {
		const saved = await deps.db.transaction(async (tx) => {
			const r = await writeResponse(
				tx,
				me,
				{ runId: run.id, step },
				{ data: parsed.data, baseRevision: base }
			);
			if (r.status === 'saved') await answered(tx, r);
			return r;
		});
		changed = saved.status === 'saved' && saved.changed;
		result =
			saved.status === 'saved'
				? { status: 'saved', revision: saved.revision }
				: {
						status: 'conflict',
						theirs: {
							revision: saved.theirs.revision,
							values: toFormRaw(activity.fields, saved.theirs.data as SectionData),
							savedBy: saved.theirs.savedBy,
							savedAt: saved.theirs.savedAt
						}
					};
	}
	if (result.status === 'saved' && changed) notifyRunChanged(run.id);
	return result;
}
