import { and, eq, sql } from 'drizzle-orm';
import type { Actor } from '../access/guard';
import { runNote } from '../db/schema';
import { AppError } from '../errors';
import { notifyRunChanged } from '../live/notify';
import { loadRunContext } from './run-context';
import {
	clock,
	deviceOrNull,
	loadRoles,
	mayTakeNotes,
	NOTE_MAX,
	runContent,
	type RunDeps
} from './run-state';

/** The later of two saves of the same note: nothing written, both texts shown. */
export class NoteConflictError extends AppError {
	constructor(readonly current: { text: string; revision: number }) {
		super('conflict', 'note changed meanwhile', { text: 'conflict' });
	}
}

/**
 * Saves the note-taker's notes for a discuss or reflect step. The form names the revision it
 * edits (0 for a new note); if someone saved in between, nothing is overwritten.
 */
export async function saveNote(
	deps: RunDeps,
	actor: Actor | null,
	input: { runId: string; step: unknown; revision: unknown; text: unknown; deviceId: string | null }
): Promise<{ revision: number }> {
	const { db } = deps;
	const ctx = await loadRunContext(db, actor, input.runId, 'run.write');
	const roles = await loadRoles(db, ctx.id);
	if (!mayTakeNotes(actor!, ctx, roles, deviceOrNull(input.deviceId)))
		throw new AppError('forbidden', 'only the note-taker writes notes');
	const { activities } = await runContent(ctx);
	const step =
		typeof input.step === 'string' && /^\d{1,4}$/.test(input.step) ? Number(input.step) - 1 : -1;
	const activity = activities[step];
	const fields: Record<string, string> = {};
	if (!activity || (activity.type !== 'discuss' && activity.type !== 'reflect'))
		fields._ = 'invalid';
	const revision =
		typeof input.revision === 'string' && /^\d{1,9}$/.test(input.revision)
			? Number(input.revision)
			: null;
	if (revision === null) fields._ = 'invalid';
	const text = typeof input.text === 'string' ? input.text.replace(/\r\n?/g, '\n').trim() : '';
	if (text.length > NOTE_MAX) fields.text = `too_long:${NOTE_MAX}`;
	if (Object.keys(fields).length) throw new AppError('invalid_input', 'note', fields);

	const now = clock(deps);
	const saved = await db.transaction(async (tx) => {
		const [cur] = await tx
			.select()
			.from(runNote)
			.where(and(eq(runNote.runId, ctx.id), eq(runNote.step, step)));
		const curRevision = cur?.revision ?? 0;
		if (curRevision !== revision) {
			// The same text saved twice (a retried post) is no conflict.
			if (cur && cur.text === text) return { revision: cur.revision, changed: false };
			throw new NoteConflictError({ text: cur?.text ?? '', revision: curRevision });
		}
		if (!cur) {
			const ins = await tx
				.insert(runNote)
				.values({
					runId: ctx.id,
					step,
					text,
					revision: 1,
					updatedBy: actor!.userId,
					updatedAt: now
				})
				.onConflictDoNothing()
				.returning({ revision: runNote.revision });
			if (!ins.length) {
				const [raced] = await tx
					.select()
					.from(runNote)
					.where(and(eq(runNote.runId, ctx.id), eq(runNote.step, step)));
				throw new NoteConflictError({ text: raced?.text ?? '', revision: raced?.revision ?? 0 });
			}
			return { revision: 1, changed: true };
		}
		const [upd] = await tx
			.update(runNote)
			.set({
				text,
				revision: sql`${runNote.revision} + 1`,
				updatedBy: actor!.userId,
				updatedAt: now
			})
			.where(
				and(eq(runNote.runId, ctx.id), eq(runNote.step, step), eq(runNote.revision, revision!))
			)
			.returning({ revision: runNote.revision });
		if (!upd) {
			const [raced] = await tx
				.select()
				.from(runNote)
				.where(and(eq(runNote.runId, ctx.id), eq(runNote.step, step)));
			throw new NoteConflictError({ text: raced?.text ?? '', revision: raced?.revision ?? 0 });
		}
		return { revision: upd.revision, changed: true };
	});
	if (saved.changed) notifyRunChanged(ctx.id);
	return { revision: saved.revision };
}
