import { and, eq } from 'drizzle-orm';
import { parseDecision, type DecisionInput, type DecisionRaw } from '../../domain/vote-rules';
import { LONG_TEXT_MAX, TEXT_MAX, type SectionData } from '../../domain/workbook-values';
import type { Actor } from '../access/guard';
import type { DecideActivity, WorkbookSection } from '../curriculum/schema';
import type { Executor } from '../db/client';
import { runDecision, user } from '../db/schema';
import { AppError } from '../errors';
import { recordEvents } from '../learning/record-event';
import { notifyRunChanged } from '../live/notify';
import { readSection } from '../workbook/read-section';
import { writeSection } from '../workbook/save-section';
import type { StepSaveResult } from './save-worksheet';
import {
	clientIdOf,
	loadStepTarget,
	revisionNumber,
	stepEvent,
	type StepDeps
} from './step-target';

export interface RecordDecisionInput {
	runId: string;
	step: unknown;
	values: DecisionRaw;
	revision: unknown;
	clientId: string;
}

/** A saved decision, as the page shows it. */
export interface SavedDecision {
	revision: number;
	method: 'consensus' | 'vote';
	optionId: string;
	yes: number | null;
	no: number | null;
	abstain: number | null;
	reasons: string;
	decidedBy: string | null;
	decidedAt: Date;
}

export async function readDecision(
	db: Executor,
	runId: string,
	step: number
): Promise<SavedDecision | null> {
	const [row] = await db
		.select({
			revision: runDecision.revision,
			method: runDecision.method,
			optionId: runDecision.optionId,
			yes: runDecision.votesYes,
			no: runDecision.votesNo,
			abstain: runDecision.votesAbstain,
			reasons: runDecision.reasons,
			decidedBy: user.name,
			decidedAt: runDecision.decidedAt
		})
		.from(runDecision)
		.leftJoin(user, eq(user.id, runDecision.decidedBy))
		.where(and(eq(runDecision.runId, runId), eq(runDecision.step, step)));
	return row ?? null;
}

/** A decision in the form's shape (method, option, reasons, yes, no, abstain). */
export function decisionToRaw(d: SavedDecision | DecisionInput): Record<string, string> {
	const raw: Record<string, string> = {
		method: d.method,
		option: d.optionId,
		reasons: d.reasons
	};
	if (d.method === 'vote')
		for (const k of ['yes', 'no', 'abstain'] as const) raw[k] = String(d[k] ?? 0);
	return raw;
}

const sameDecision = (a: SavedDecision, b: DecisionInput) =>
	a.method === b.method &&
	a.optionId === b.optionId &&
	a.reasons === b.reasons &&
	(b.method === 'consensus' || (a.yes === b.yes && a.no === b.no && a.abstain === b.abstain));

/**
 * The field of a section that stores a decision: the choice whose options are the decision's
 * (the content check guarantees one exists for every decide step that names a section).
 */
export function decisionField(activity: DecideActivity, section: WorkbookSection) {
	const ids = new Set(activity.options.map((o) => o.id));
	return section.fields.find(
		(f) =>
			f.type === 'choice' &&
			!f.multiple &&
			f.options?.length === ids.size &&
			f.options.every((o) => ids.has(o.id))
	);
}

/**
 * Records a decide step: consensus, or a vote among the members ticked present (never more
 * votes than people), the option chosen and why. Saved with its revision (a stale form meets
 * the newer decision). When the step names a workbook section, the option goes into the
 * section's matching choice field, and the reasons into its `reasons` text field if it has one,
 * as a new revision of the section in the same transaction.
 */
export async function recordDecision(
	deps: StepDeps,
	actor: Actor | null,
	input: RecordDecisionInput
): Promise<StepSaveResult> {
	const target = await loadStepTarget(deps, actor, input.runId, input.step, 'decide');
	const { run, step, activity } = target;
	const me = actor!;
	if (run.mode !== 'group')
		throw new AppError('invalid_input', 'decision in a catch-up', { _: 'group_only' });
	const base = revisionNumber(input.revision);
	if (base === null) throw new AppError('invalid_input', 'revision', { _: 'invalid' });
	const clientId = clientIdOf(input.clientId);
	const parsed = parseDecision(input.values, {
		optionIds: activity.options.map((o) => o.id),
		presentCount: run.presentPersonIds.length
	});
	if (!parsed.ok) return { status: 'invalid', errors: parsed.errors };
	const d = parsed.decision;
	const votes =
		d.method === 'vote'
			? { votesYes: d.yes, votesNo: d.no, votesAbstain: d.abstain }
			: { votesYes: null, votesNo: null, votesAbstain: null };

	const result = await deps.db.transaction(async (tx) => {
		const current = await readDecision(tx, run.id, step);
		if (current && sameDecision(current, d))
			return { status: 'saved' as const, revision: current.revision, changed: false };
		if (current && current.revision !== base)
			return { status: 'conflict' as const, theirs: current };
		const revision = (current?.revision ?? 0) + 1;
		const values = {
			method: d.method,
			optionId: d.optionId,
			...votes,
			reasons: d.reasons,
			revision,
			decidedBy: me.userId,
			decidedAt: new Date()
		};
		const written = current
			? await tx
					.update(runDecision)
					.set(values)
					.where(
						and(
							eq(runDecision.runId, run.id),
							eq(runDecision.step, step),
							eq(runDecision.revision, current.revision)
						)
					)
					.returning({ revision: runDecision.revision })
			: await tx
					.insert(runDecision)
					.values({ runId: run.id, step, ...values })
					.onConflictDoNothing()
					.returning({ revision: runDecision.revision });
		if (written.length === 0) {
			const theirs = await readDecision(tx, run.id, step);
			if (theirs) return { status: 'conflict' as const, theirs };
			throw new AppError('conflict', 'decision changed meanwhile');
		}

		const section = activity.workbook;
		if (section && run.cooperativeId) {
			const ref = {
				cooperativeId: run.cooperativeId,
				programmeId: run.programmeId,
				sectionKey: section.key
			};
			const data: SectionData = { ...(await readSection(tx, ref)).data };
			const choice = decisionField(activity, section);
			if (choice) data[choice.id] = d.optionId;
			const reasons = section.fields.find((f) => f.id === 'reasons' && f.type === 'text');
			if (reasons) data.reasons = d.reasons.slice(0, reasons.multiline ? LONG_TEXT_MAX : TEXT_MAX);
			await writeSection(tx, me, {
				...ref,
				data,
				baseRevision: 'current',
				clientId,
				source: 'session',
				runId: run.id
			});
		}

		const result = {
			response: d.optionId,
			extensions: {
				method: d.method,
				revision,
				...(d.method === 'vote' && { yes: d.yes, no: d.no, abstain: d.abstain }),
				present: run.presentPersonIds.length
			}
		};
		await recordEvents(tx, [
			...(d.method === 'vote' ? [stepEvent(me, target, 'voted', `voted:${revision}`, result)] : []),
			stepEvent(me, target, 'decided', `decided:${revision}`, result)
		]);
		return { status: 'saved' as const, revision, changed: true };
	});

	if (result.status === 'conflict')
		return {
			status: 'conflict',
			theirs: {
				revision: result.theirs.revision,
				values: decisionToRaw(result.theirs),
				savedBy: result.theirs.decidedBy,
				savedAt: result.theirs.decidedAt
			}
		};
	if (result.changed) notifyRunChanged(run.id);
	return { status: 'saved', revision: result.revision };
}
