import type { Actor } from '../access/guard';
import { recordAudit } from '../audit/record-audit';
import { AppError } from '../errors';
import { notifyRunChanged } from '../live/notify';
import { loadRunContext } from './run-context';
import { parseVersion } from './set-attendance';
import { clock, commitRun, deviceOrNull, type RunDeps } from './run-state';

interface PauseInput {
	runId: string;
	version: unknown;
	deviceId: string | null;
}

/** Stops for today: the run keeps its step; any member resumes it later on any phone. */
export async function pauseRun(deps: RunDeps, actor: Actor | null, input: PauseInput) {
	const { db } = deps;
	const ctx = await loadRunContext(db, actor, input.runId, 'run.write');
	const version = parseVersion(input.version);
	if (version === null) throw new AppError('invalid_input', 'version', { _: 'invalid' });
	if (ctx.status !== 'open') throw new AppError('invalid_input', 'not open', { _: 'not_playing' });
	const now = clock(deps);
	await db.transaction(async (tx) => {
		await commitRun(tx, ctx, version, { status: 'paused' }, now);
		await recordAudit(tx, actor, {
			action: 'run.paused',
			entity: 'session_run',
			entityId: ctx.id,
			changes: { step: ctx.step + 1, stage: ctx.stage },
			at: now
		});
	});
	notifyRunChanged(ctx.id);
}

/**
 * Takes up a paused run at the step where it stopped. The phone that resumes leads from now on,
 * and the step's countdown starts again (the group has been away).
 */
export async function resumeRun(deps: RunDeps, actor: Actor | null, input: PauseInput) {
	const { db } = deps;
	const ctx = await loadRunContext(db, actor, input.runId, 'run.write');
	const version = parseVersion(input.version);
	if (version === null) throw new AppError('invalid_input', 'version', { _: 'invalid' });
	if (ctx.status !== 'paused')
		throw new AppError('invalid_input', 'not paused', { _: 'not_paused' });
	const now = clock(deps);
	const device = deviceOrNull(input.deviceId);
	await db.transaction(async (tx) => {
		await commitRun(
			tx,
			ctx,
			version,
			{
				status: 'open',
				...(device ? { leadDevice: device } : {}),
				...(ctx.stage === 'play' ? { stepStartedAt: now, stepExtraMinutes: 0 } : {})
			},
			now
		);
		await recordAudit(tx, actor, {
			action: 'run.resumed',
			entity: 'session_run',
			entityId: ctx.id,
			changes: { step: ctx.step + 1, stage: ctx.stage },
			at: now
		});
	});
	notifyRunChanged(ctx.id);
}
