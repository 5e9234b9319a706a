import { eq } from 'drizzle-orm';
import type { Actor } from '../access/guard';
import { runRole } from '../db/schema';
import { AppError } from '../errors';
import { recordEvents, type LearningEventInput } from '../learning/record-event';
import { notifyRunChanged } from '../live/notify';
import { loadRunContext } from './run-context';
import { parseVersion } from './set-attendance';
import {
	clock,
	commitRun,
	deviceOrNull,
	eventContext,
	readerSteps,
	runContent,
	sessionIri,
	StaleRunError,
	type RunDeps
} from './run-state';

export interface AssignRolesInput {
	runId: string;
	version: unknown;
	timekeeper: unknown;
	notetaker: unknown;
	/** Step index → person id, for each reading step. */
	readers: Record<number, unknown>;
	/** The device that begins the steps leads them. */
	deviceId: string | null;
}

/**
 * Records who keeps time, who takes notes and who reads each reading step (the proposals, or the
 * swaps the group made), then begins the first step. Everyone named must be present.
 */
export async function assignRoles(deps: RunDeps, actor: Actor | null, input: AssignRolesInput) {
	const { db } = deps;
	const ctx = await loadRunContext(db, actor, input.runId, 'run.write');
	if (ctx.mode !== 'group')
		throw new AppError('invalid_input', 'roles outside setup', { _: 'not_setup' });
	// A second tap after the steps began: the page shows where the group is now.
	if (ctx.stage !== 'setup')
		throw new StaleRunError({ step: ctx.step, stage: ctx.stage, version: ctx.version });
	const { activities } = await runContent(ctx);
	const present = new Set(ctx.presentPersonIds);
	const fields: Record<string, string> = {};
	const version = parseVersion(input.version);
	if (version === null) fields._ = 'invalid';
	if (present.size === 0) fields._ = 'none_present';
	const person = (name: string, v: unknown): string | null => {
		if (typeof v === 'string' && present.has(v)) return v;
		fields[name] = 'not_present';
		return null;
	};
	const rows: { role: 'timekeeper' | 'notetaker' | 'reader'; step: number; personId: string }[] =
		[];
	const tk = person('timekeeper', input.timekeeper);
	const nt = person('notetaker', input.notetaker);
	if (tk) rows.push({ role: 'timekeeper', step: -1, personId: tk });
	if (nt) rows.push({ role: 'notetaker', step: -1, personId: nt });
	for (const step of readerSteps(activities)) {
		const r = person(`reader-${step}`, input.readers[step]);
		if (r) rows.push({ role: 'reader', step, personId: r });
	}
	if (Object.keys(fields).length) throw new AppError('invalid_input', 'roles', fields);

	const now = clock(deps);
	const context = eventContext(ctx);
	await db.transaction(async (tx) => {
		await commitRun(
			tx,
			ctx,
			version!,
			{
				stage: 'play',
				step: 0,
				stepStartedAt: now,
				stepExtraMinutes: 0,
				// Whoever begins the steps holds the phone the group follows.
				...(deviceOrNull(input.deviceId) ? { leadDevice: deviceOrNull(input.deviceId) } : {})
			},
			now
		);
		await tx.delete(runRole).where(eq(runRole.runId, ctx.id));
		await tx.insert(runRole).values(rows.map((r) => ({ ...r, runId: ctx.id, assignedAt: now })));
		const events: LearningEventInput[] = [
			...ctx.presentPersonIds.map((personId): LearningEventInput => ({
				key: `run:${ctx.id}:attended:${personId}`,
				userId: null,
				personId,
				verb: 'attended',
				objectType: 'session',
				objectId: sessionIri(ctx),
				context: { ...context, guests: ctx.guests, recordedBy: actor!.userId },
				at: now
			})),
			...rows.map((r): LearningEventInput => ({
				key: `run:${ctx.id}:role:${r.role}:${r.step}:${r.personId}`,
				userId: null,
				personId: r.personId,
				verb: 'roleTaken',
				objectType: 'session',
				objectId: sessionIri(ctx),
				result: { response: r.role, extensions: { step: r.step } },
				context: { ...context, recordedBy: actor!.userId },
				at: now
			}))
		];
		await recordEvents(tx, events);
	});
	notifyRunChanged(ctx.id);
}
