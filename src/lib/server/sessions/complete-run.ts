import { sql } from 'drizzle-orm';
import type { Actor } from '../access/guard';
import { runCheckin } from '../db/schema';
import { AppError } from '../errors';
import { recordEvents, type LearningEventInput } from '../learning/record-event';
import { notifyRunChanged } from '../live/notify';
import type { RunContext } from './run-context';
import { loadRunContext } from './run-context';
import { parseVersion } from './set-attendance';
import { clock, commitRun, eventContext, sessionIri, type RunDeps } from './run-state';

/** "Completed" for each present member (or the member catching up), with their check-in. */
export function completionEvents(
	ctx: RunContext,
	actor: Actor,
	scores: { personId: string; score: number }[],
	at: Date
): LearningEventInput[] {
	const context = eventContext(ctx);
	const people =
		ctx.mode === 'catch_up'
			? [{ personId: ctx.personId!, score: null as number | null }]
			: ctx.presentPersonIds.map((personId) => ({
					personId,
					score: scores.find((s) => s.personId === personId)?.score ?? null
				}));
	return people.map((p) => ({
		key: `run:${ctx.id}:completed:${p.personId}`,
		userId: ctx.mode === 'catch_up' ? actor.userId : null,
		personId: p.personId,
		verb: 'completed',
		objectType: 'session',
		objectId: sessionIri(ctx),
		result: {
			completion: true,
			...(p.score ? { score: { raw: p.score, min: 1, max: 3 } } : {})
		},
		context: { ...context, recordedBy: actor.userId },
		at
	}));
}

/**
 * The closing check-in: how well each present member took part (1–3), then the run is done.
 * Every present member gets a score; the form carries the run's version.
 */
export async function completeRun(
	deps: RunDeps,
	actor: Actor | null,
	input: { runId: string; version: unknown; scores: Record<string, unknown> }
) {
	const { db } = deps;
	const ctx = await loadRunContext(db, actor, input.runId, 'run.write');
	// A double tap on "finish": the first one did it.
	if (ctx.mode === 'group' && ctx.stage === 'done') return;
	if (ctx.mode !== 'group' || ctx.stage !== 'checkin')
		throw new AppError('invalid_input', 'not at the check-in', { _: 'not_checkin' });
	const version = parseVersion(input.version);
	const fields: Record<string, string> = {};
	if (version === null) fields._ = 'invalid';
	const scores = ctx.presentPersonIds.map((personId) => {
		const v = input.scores[personId];
		const score = typeof v === 'string' && /^[123]$/.test(v) ? Number(v) : 0;
		if (!score) fields[`score-${personId}`] = 'required';
		return { personId, score };
	});
	if (Object.keys(fields).length) throw new AppError('invalid_input', 'check-in', fields);
	const now = clock(deps);
	await db.transaction(async (tx) => {
		await commitRun(
			tx,
			ctx,
			version!,
			{ stage: 'done', status: 'completed', completedAt: now },
			now
		);
		if (scores.length)
			await tx
				.insert(runCheckin)
				.values(scores.map((s) => ({ runId: ctx.id, ...s, at: now })))
				.onConflictDoUpdate({
					target: [runCheckin.runId, runCheckin.personId],
					set: { score: sql`excluded.score`, at: now }
				});
		await recordEvents(tx, completionEvents(ctx, actor!, scores, now));
	});
	notifyRunChanged(ctx.id);
}
