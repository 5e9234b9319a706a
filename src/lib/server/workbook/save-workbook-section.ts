import {
	applyRowEdit,
	parseValues,
	rowEdit,
	toFormRaw,
	unknownRowEdit,
	type FormRaw
} from '../../domain/workbook-values';
import { assertCan, type Actor } from '../access/guard';
import type { Curriculum } from '../curriculum/schema';
import type { Db } from '../db/client';
import { AppError } from '../errors';
import { clientIdOf, revisionNumber, teamMembers } from '../sessions/step-target';
import { loadTeamAccess } from '../sessions/team-access';
import type { StepSaveResult } from '../sessions/save-worksheet';
import { saveSectionChecked } from './save-section';

export interface SaveWorkbookSectionInput {
	teamId: string;
	sectionKey: string;
	/** The posted form (`f.<field>`…), as the player's worksheet posts it. */
	values: FormRaw;
	/** The revision the form was rendered with. */
	revision: unknown;
	clientId: unknown;
}

/**
 * Saves a workbook section from the workbook pages, outside a session: the same values, checks,
 * revisions and conflicts as a worksheet step in the player (`saveSectionChecked`). Writers are
 * those with `plan.write` on the team (its members and its cooperative's lead); `person` fields
 * name the team's members, as in the sessions.
 */
export async function saveWorkbookSection(
	deps: { db: Db; curriculum: Curriculum },
	actor: Actor | null,
	input: SaveWorkbookSectionInput
): Promise<StepSaveResult> {
	if (!actor) throw new AppError('unauthenticated');
	const t = await loadTeamAccess(deps.db, actor, input.teamId);
	if (!t) throw new AppError('not_found');
	assertCan(actor, 'plan.write', t.scope);
	const section = /^[a-z0-9-]{1,40}\.[a-z0-9-]{1,40}$/.test(input.sectionKey)
		? deps.curriculum.section(input.sectionKey)
		: undefined;
	if (!t.cooperativeId || !section) throw new AppError('not_found');
	const base = revisionNumber(input.revision);
	if (base === null) throw new AppError('invalid_input', 'revision', { _: 'invalid' });
	const clientId = clientIdOf(input.clientId);

	// Row buttons work without JavaScript: the form comes back with one row more or less.
	const edit = rowEdit(section.fields, input.values);
	if (edit) return { status: 'edited', values: applyRowEdit(section.fields, input.values, edit) };
	if (unknownRowEdit(section.fields, input.values))
		return { status: 'invalid', errors: { _: 'invalid' } };

	const members = await teamMembers(deps.db, t.id);
	const parsed = parseValues(section.fields, input.values, { personIds: members.map((m) => m.id) });
	if (!parsed.ok) return { status: 'invalid', errors: parsed.errors };
	const saved = await saveSectionChecked(deps, actor, {
		cooperativeId: t.cooperativeId,
		programmeId: t.programmeId,
		sectionKey: section.key,
		data: parsed.data,
		baseRevision: base,
		clientId,
		source: 'workbook',
		runId: null
	});
	if (saved.status === 'saved') return { status: 'saved', revision: saved.revision };
	return {
		status: 'conflict',
		theirs: {
			revision: saved.theirs.revision,
			values: toFormRaw(section.fields, saved.theirs.data),
			savedBy: saved.theirs.savedBy,
			savedAt: saved.theirs.savedAt
		}
	};
}
