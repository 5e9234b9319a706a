import type { Actor } from '../access/guard';
import { AppError } from '../errors';
import { recordEvents, type LearningEventInput } from '../learning/record-event';
import { notifyRunChanged } from '../live/notify';
import { loadRunContext } from './run-context';
import { parseVersion } from './set-attendance';
import { completionEvents } from './complete-run';
import {
	clock,
	commitRun,
	deviceOrNull,
	eventContext,
	loadRoles,
	mayLead,
	runContent,
	stepIri,
	StaleRunError,
	type RunDeps
} from './run-state';

export interface MoveStepInput {
	runId: string;
	/** The version the page showed: a move from an older one changes nothing. */
	version: unknown;
	/** `next`, `back`, or a step number (1-based, as the step list shows it). */
	to: unknown;
	deviceId: string | null;
}

/**
 * Moves the group to the next or previous step, or to a step of the list. Past the last step a
 * group goes to the check-in; a member catching up is done. Only the leading device or the
 * time-keeper moves a group.
 */
export async function moveStep(deps: RunDeps, actor: Actor | null, input: MoveStepInput) {
	const { db } = deps;
	const ctx = await loadRunContext(db, actor, input.runId, 'run.write');
	const device = deviceOrNull(input.deviceId);
	const roles = await loadRoles(db, ctx.id);
	const version = parseVersion(input.version);
	const stale = () => new StaleRunError({ step: ctx.step, stage: ctx.stage, version: ctx.version });
	if (!mayLead(actor!, ctx, roles, device)) {
		// A move made on a version the run has left (kept on a phone with no signal while another
		// phone took the lead) is a conflict to look at, not a refusal; with the run's own version
		// it is refused as ever.
		if (version !== null && version < ctx.version) throw stale();
		throw new AppError('forbidden', 'not the leading device');
	}
	if (version === null) throw new AppError('invalid_input', 'version', { _: 'invalid' });
	if (version !== ctx.version) throw stale();
	if (ctx.status !== 'open' || (ctx.stage !== 'play' && ctx.stage !== 'checkin'))
		throw new AppError('invalid_input', 'run not playing', { _: 'not_playing' });
	const { activities } = await runContent(ctx);
	const last = activities.length - 1;
	// Where the group is, as a position: the check-in comes after the last step.
	const at = ctx.stage === 'checkin' ? last + 1 : ctx.step;
	let target: number;
	if (input.to === 'next') target = at + 1;
	else if (input.to === 'back') target = at - 1;
	else if (typeof input.to === 'string' && /^\d{1,4}$/.test(input.to))
		target = Number(input.to) - 1;
	// Only a tampered button sends another target; it has no field of its own to show the
	// message next to, so it is the form's general error.
	else throw new AppError('invalid_input', 'step', { _: 'invalid' });
	if (target < 0 || target > last + 1 || (target === last + 1 && input.to !== 'next'))
		throw new AppError('invalid_input', 'step out of range', { _: 'invalid' });
	if (target === at) return;

	const now = clock(deps);
	const context = eventContext(ctx);
	const done = target === last + 1;
	const finishing = done && ctx.mode === 'catch_up';
	await db.transaction(async (tx) => {
		await commitRun(
			tx,
			ctx,
			version,
			done
				? finishing
					? { stage: 'done', status: 'completed', completedAt: now, step: last }
					: { stage: 'checkin', step: last }
				: { stage: 'play', step: target, stepStartedAt: now, stepExtraMinutes: 0 },
			now
		);
		const events: LearningEventInput[] = [];
		// Moving on finishes the step the group was on (going back or jumping back does not).
		if (target > at && at <= last)
			events.push({
				key: `run:${ctx.id}:progressed:${at}`,
				userId: actor!.userId,
				personId: ctx.mode === 'catch_up' ? ctx.personId : actor!.personId,
				verb: 'progressed',
				objectType: 'activity',
				objectId: stepIri(ctx, activities[at]!),
				result: { completion: true, extensions: { step: at + 1, of: activities.length } },
				context,
				at: now
			});
		if (finishing) events.push(...completionEvents(ctx, actor!, [], now));
		await recordEvents(tx, events);
	});
	notifyRunChanged(ctx.id);
}
