import type { Actor } from '../access/guard';
import { recordAudit } from '../audit/record-audit';
import { AppError } from '../errors';
import { notifyRunChanged } from '../live/notify';
import { loadRunContext } from './run-context';
import { parseVersion } from './set-attendance';
import { clock, commitRun, deviceOrNull, type RunDeps } from './run-state';

/**
 * "Lead from this phone": this device now moves the group (the phone that led ran out of
 * battery, or the group moved to another one). Any member may take the lead; it is audited.
 */
export async function takeLead(
	deps: RunDeps,
	actor: Actor | null,
	input: { runId: string; version: unknown; deviceId: string | null }
) {
	const { db } = deps;
	const ctx = await loadRunContext(db, actor, input.runId, 'run.write');
	const device = deviceOrNull(input.deviceId);
	const version = parseVersion(input.version);
	if (!device || version === null) throw new AppError('invalid_input', 'device', { _: 'invalid' });
	if (ctx.mode !== 'group' || ctx.status === 'completed')
		throw new AppError('invalid_input', 'nothing to lead', { _: 'not_playing' });
	if (ctx.leadDevice === device) return;
	const now = clock(deps);
	await db.transaction(async (tx) => {
		await commitRun(tx, ctx, version, { leadDevice: device }, now);
		// Device ids are secrets of a phone: the log says who took the lead, not the id.
		await recordAudit(tx, actor, {
			action: 'run.lead_taken',
			entity: 'session_run',
			entityId: ctx.id,
			changes: { step: ctx.step + 1, stage: ctx.stage },
			at: now
		});
	});
	notifyRunChanged(ctx.id);
}
