import { eq, sql } from 'drizzle-orm';
import type { Actor } from '../access/guard';
import { runExtension, sessionRun } from '../db/schema';
import { AppError } from '../errors';
import { notifyRunChanged } from '../live/notify';
import { loadRunContext } from './run-context';
import {
	clock,
	deviceOrNull,
	EXTENSION_MINUTES,
	loadRoles,
	mayLead,
	StaleRunError,
	type RunDeps
} from './run-state';

const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Five more minutes for the current step, asked by the time-keeper (or the leading phone).
 * Each tap is a logged `run_extension` under the id its form carried: a retried post adds
 * nothing. An extension for a step the group has left changes nothing.
 */
export async function extendStep(
	deps: RunDeps,
	actor: Actor | null,
	input: { runId: string; clientId: unknown; step: unknown; deviceId: string | null }
): Promise<{ added: boolean }> {
	const { db } = deps;
	const ctx = await loadRunContext(db, actor, input.runId, 'run.write');
	const roles = await loadRoles(db, ctx.id);
	if (!mayLead(actor!, ctx, roles, deviceOrNull(input.deviceId)))
		throw new AppError('forbidden', 'only the time-keeper extends');
	const id =
		typeof input.clientId === 'string' && uuid.test(input.clientId) ? input.clientId : null;
	const step =
		typeof input.step === 'string' && /^\d{1,4}$/.test(input.step) ? Number(input.step) - 1 : -1;
	if (!id || step < 0) throw new AppError('invalid_input', 'extension', { _: 'invalid' });
	const now = clock(deps);
	const added = await db.transaction(async (tx) => {
		const [again] = await tx.select().from(runExtension).where(eq(runExtension.id, id));
		if (again) {
			if (again.runId !== ctx.id) throw new AppError('conflict', 'client id of another run');
			return false;
		}
		if (ctx.stage !== 'play' || ctx.status !== 'open' || ctx.step !== step)
			throw new StaleRunError({ step: ctx.step, stage: ctx.stage, version: ctx.version });
		const inserted = await tx
			.insert(runExtension)
			.values({
				id,
				runId: ctx.id,
				step,
				minutes: EXTENSION_MINUTES,
				byUser: actor!.userId,
				at: now
			})
			.onConflictDoNothing()
			.returning({ id: runExtension.id });
		if (!inserted.length) return false;
		// Added to whatever the step has now (not a version check): two taps are ten minutes.
		const [row] = await tx
			.update(sessionRun)
			.set({
				stepExtraMinutes: sql`${sessionRun.stepExtraMinutes} + ${EXTENSION_MINUTES}`,
				version: sql`${sessionRun.version} + 1`,
				updatedAt: now
			})
			.where(
				sql`${sessionRun.id} = ${ctx.id} and ${sessionRun.step} = ${step} and ${sessionRun.stage} = 'play'`
			)
			.returning({ id: sessionRun.id });
		if (!row) throw new StaleRunError({ step: ctx.step, stage: ctx.stage, version: ctx.version });
		return true;
	});
	if (added) notifyRunChanged(ctx.id);
	return { added };
}
