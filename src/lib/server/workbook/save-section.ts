import { and, eq } from 'drizzle-orm';
import { isLocked, statusAfterSave } from '../../domain/plan-review';
import { sameData, type SectionData } from '../../domain/workbook-values';
import { assertCan, type Actor } from '../access/guard';
import type { Db, Executor } from '../db/client';
import { uniqueViolation } from '../db/errors';
import { planRevision, planSection, workbook } from '../db/schema';
import { AppError } from '../errors';
import { loadRunContext } from '../sessions/run-context';
import { readSection, type SectionRef, type SectionVersion } from './read-section';

export interface SaveSectionInput extends SectionRef {
	/** Validated values (`parseValues`), the whole section as it should be after the save. */
	data: SectionData;
	/** The revision the user was editing (0 for a section never saved). */
	baseRevision: number;
	/** Generated when the form was rendered: a retried post returns the revision it saved. */
	clientId: string;
	source: 'session' | 'workbook';
	/** The run a session save comes from (its access decides). */
	runId: string | null;
}

export type SaveSectionResult =
	| { status: 'saved'; revision: number; data: SectionData }
	/** Someone saved the section since the user opened it: both versions, for the user to choose. */
	| { status: 'conflict'; theirs: SectionVersion; yours: SectionData };

const SECTION_KEY = /^[a-z0-9-]+\.[a-z0-9-]+$/;
const CLIENT_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The one way a workbook section is written, by a session's worksheet or decision and later by
 * the workbook pages. The workbook is made on first use. Each save is a new revision of the
 * section and a row in its history; a save that names an older revision than the current one is
 * not written but answered with both versions, so nothing is ever overwritten unseen.
 *
 * Access: a session save needs `run.write` on its run, whose team must belong to the
 * cooperative and programme named. A save from the workbook pages needs `run.write` on the
 * cooperative itself (its lead) until those pages bring their own action.
 */
export async function saveSection(
	deps: { db: Db },
	actor: Actor | null,
	input: SaveSectionInput
): Promise<SaveSectionResult> {
	if (input.source === 'session') {
		if (!input.runId) throw new AppError('invalid_input', 'session save without a run');
		const run = await loadRunContext(deps.db, actor, input.runId, 'run.write');
		if (run.cooperativeId !== input.cooperativeId || run.programmeId !== input.programmeId)
			throw new AppError('forbidden', 'run belongs to another workbook');
	} else {
		assertCan(actor, 'run.write', { cooperativeId: input.cooperativeId });
	}
	if (!actor) throw new AppError('unauthenticated');
	return saveSectionChecked(deps, actor, input);
}

/**
 * `saveSection` after access was checked by the caller (a step function with its run context).
 * `after` runs in the same transaction once the section is saved (the learning record).
 */
export async function saveSectionChecked(
	deps: { db: Db },
	actor: Actor,
	input: SaveSectionInput,
	after?: (tx: Executor, saved: { revision: number }) => Promise<void>
): Promise<SaveSectionResult> {
	try {
		return await deps.db.transaction(async (tx) => {
			const result = await writeSection(tx, actor, input);
			if (result.status === 'saved' && after) await after(tx, result);
			return result;
		});
	} catch (e) {
		// Two posts of the same form raced: the other one saved it.
		if (uniqueViolation(e) === 'plan_revision_client_key') {
			const again = await savedByClient(deps.db, input);
			if (again) return again;
		}
		throw e;
	}
}

/**
 * What an earlier post with this client id saved, if any. The same form posted again with other
 * values (a page kept from before a save, then changed) is answered as a conflict with the
 * current version: the user sees both and saves again from a fresh form.
 */
async function savedByClient(
	db: Executor,
	input: Omit<SaveSectionInput, 'baseRevision'>
): Promise<SaveSectionResult | null> {
	const [done] = await db
		.select({
			sectionKey: planRevision.sectionKey,
			revision: planRevision.revision,
			data: planRevision.data,
			cooperativeId: workbook.cooperativeId,
			programmeId: workbook.programmeId
		})
		.from(planRevision)
		.innerJoin(workbook, eq(workbook.id, planRevision.workbookId))
		.where(eq(planRevision.clientId, input.clientId));
	if (!done) return null;
	if (
		done.sectionKey !== input.sectionKey ||
		done.cooperativeId !== input.cooperativeId ||
		done.programmeId !== input.programmeId
	)
		throw new AppError('invalid_input', 'client id used for another section', { _: 'invalid' });
	if (sameData(done.data, input.data))
		return { status: 'saved', revision: done.revision, data: done.data as SectionData };
	return { status: 'conflict', theirs: await readSection(db, input), yours: input.data };
}

/**
 * Writes a section inside the caller's transaction (access already checked). `baseRevision`
 * 'current' saves over whatever is there (a decision writing its choice into the section it
 * names, merged by the caller from the current data).
 */
export async function writeSection(
	tx: Executor,
	actor: Actor,
	input: Omit<SaveSectionInput, 'baseRevision'> & { baseRevision: number | 'current' }
): Promise<SaveSectionResult> {
	if (!SECTION_KEY.test(input.sectionKey)) throw new AppError('not_found', 'no such section');
	if (!CLIENT_ID.test(input.clientId))
		throw new AppError('invalid_input', 'client id', { _: 'invalid' });
	const retried = await savedByClient(tx, input);
	if (retried) return retried;

	await tx
		.insert(workbook)
		.values({ cooperativeId: input.cooperativeId, programmeId: input.programmeId })
		.onConflictDoNothing({ target: [workbook.cooperativeId, workbook.programmeId] });
	const [book] = await tx
		.select({ id: workbook.id })
		.from(workbook)
		.where(
			and(
				eq(workbook.cooperativeId, input.cooperativeId),
				eq(workbook.programmeId, input.programmeId)
			)
		);
	const current = await readSection(tx, input);
	// Under review: the reviewer reads what was submitted, so nobody changes it meanwhile.
	if (isLocked(current.status))
		throw new AppError('invalid_input', 'section under review', { _: 'under_review' });
	const base = input.baseRevision === 'current' ? current.revision : input.baseRevision;
	if (base !== current.revision) {
		// The same values saved from another phone (or a retry after a lost answer) are no conflict.
		if (current.revision > 0 && sameData(current.data, input.data))
			return { status: 'saved', revision: current.revision, data: current.data };
		return { status: 'conflict', theirs: current, yours: input.data };
	}
	if (current.revision > 0 && sameData(current.data, input.data))
		return { status: 'saved', revision: current.revision, data: current.data };

	const revision = current.revision + 1;
	const now = new Date();
	const values = {
		data: input.data,
		revision,
		source: input.source,
		runId: input.runId,
		status: statusAfterSave(current.status),
		updatedBy: actor.userId,
		updatedAt: now
	};
	// The revision in the WHERE makes the check and the write one step: a save that raced past the
	// read above finds no row to update and is answered as a conflict.
	const written =
		current.revision === 0
			? await tx
					.insert(planSection)
					.values({ workbookId: book!.id, sectionKey: input.sectionKey, ...values })
					.onConflictDoNothing()
					.returning({ revision: planSection.revision })
			: await tx
					.update(planSection)
					.set(values)
					.where(
						and(
							eq(planSection.workbookId, book!.id),
							eq(planSection.sectionKey, input.sectionKey),
							eq(planSection.revision, current.revision)
						)
					)
					.returning({ revision: planSection.revision });
	if (written.length === 0) {
		if (input.baseRevision === 'current') throw new AppError('conflict', 'section saved meanwhile');
		return { status: 'conflict', theirs: await readSection(tx, input), yours: input.data };
	}
	await tx.insert(planRevision).values({
		clientId: input.clientId,
		workbookId: book!.id,
		sectionKey: input.sectionKey,
		revision,
		data: input.data,
		source: input.source,
		runId: input.runId,
		savedBy: actor.userId,
		savedAt: now
	});
	return { status: 'saved', revision, data: input.data };
}
