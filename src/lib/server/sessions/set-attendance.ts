import { and, eq, inArray } from 'drizzle-orm';
import type { Actor } from '../access/guard';
import { enrolment, runAttendance, runRole } from '../db/schema';
import { AppError } from '../errors';
import { notifyRunChanged } from '../live/notify';
import { loadRunContext } from './run-context';
import type { Executor } from '../db/client';
import { recordEvents } from '../learning/record-event';
import {
	clock,
	commitRun,
	eventContext,
	GUESTS_MAX,
	sessionIri,
	StaleRunError,
	type RunDeps
} from './run-state';

export interface AttendanceInput {
	runId: string;
	version: unknown;
	/** Person ids of the members ticked present. */
	present: unknown;
	guests: unknown;
}

export const parseVersion = (v: unknown): number | null =>
	typeof v === 'string' && /^\d{1,9}$/.test(v) ? Number(v) : typeof v === 'number' ? v : null;

/** The guests' count: empty is `empty`, else a whole number 0–500; null when it is not. */
function parseGuests(v: unknown, empty: number): number | null {
	const text = typeof v === 'string' ? v.trim() : '';
	if (text === '') return empty;
	const n = /^\d{1,3}$/.test(text) ? Number(text) : NaN;
	return Number.isInteger(n) && n >= 0 && n <= GUESTS_MAX ? n : null;
}

/** The ticked person ids, once each. More than any team holds is refused (as not members). */
function idList(v: unknown): string[] {
	const ids = Array.isArray(v)
		? [...new Set(v.filter((p): p is string => typeof p === 'string'))]
		: [];
	return ids.length > 200 ? [...ids, 'too-many'] : ids;
}

/** How many of these ids are active members of the team. */
async function activeMembers(db: Executor, teamId: string, ids: string[]): Promise<number> {
	const valid = ids.filter((i) => /^[0-9a-f-]{36}$/i.test(i));
	if (!valid.length) return 0;
	const rows = await db
		.select({ personId: enrolment.personId })
		.from(enrolment)
		.where(
			and(
				eq(enrolment.teamId, teamId),
				eq(enrolment.status, 'active'),
				inArray(enrolment.personId, valid)
			)
		);
	return rows.length;
}

/**
 * Who is here, among the team's active members, and how many guests came. Taken before the
 * steps begin (roles are proposed among those present); a roll call replaces the last one.
 */
export async function setAttendance(deps: RunDeps, actor: Actor | null, input: AttendanceInput) {
	const { db } = deps;
	const ctx = await loadRunContext(db, actor, input.runId, 'run.write');
	if (ctx.mode !== 'group')
		throw new AppError('invalid_input', 'attendance outside setup', { _: 'not_setup' });
	// A second tap after the steps began: the page shows where the group is now.
	if (ctx.stage !== 'setup')
		throw new StaleRunError({ step: ctx.step, stage: ctx.stage, version: ctx.version });
	const fields: Record<string, string> = {};
	const version = parseVersion(input.version);
	if (version === null) fields._ = 'invalid';
	const guests = parseGuests(input.guests, 0);
	if (guests === null) fields.guests = `range:0:${GUESTS_MAX}`;
	const ids = idList(input.present);
	if ((await activeMembers(db, ctx.teamId, ids)) !== ids.length) fields.present = 'not_member';
	else if (ids.length === 0) fields.present = 'none_present';
	if (Object.keys(fields).length) throw new AppError('invalid_input', 'attendance', fields);

	const now = clock(deps);
	await db.transaction(async (tx) => {
		await commitRun(tx, ctx, version!, { guests: guests! }, now);
		await tx.delete(runAttendance).where(eq(runAttendance.runId, ctx.id));
		await tx
			.insert(runAttendance)
			.values(ids.map((personId) => ({ runId: ctx.id, personId, recordedAt: now })));
		// Roles chosen for an earlier roll call may name someone who is not here now.
		await tx.delete(runRole).where(eq(runRole.runId, ctx.id));
	});
	notifyRunChanged(ctx.id);
}

/**
 * Someone arrives after the steps began: they are added to those present (never removed: the
 * record of who attended only grows once the session is under way), and the guests' count is
 * updated.
 */
export async function addLateArrivals(deps: RunDeps, actor: Actor | null, input: AttendanceInput) {
	const { db } = deps;
	const ctx = await loadRunContext(db, actor, input.runId, 'run.write');
	if (ctx.mode !== 'group' || (ctx.stage !== 'play' && ctx.stage !== 'checkin'))
		throw new AppError('invalid_input', 'late arrivals outside the steps', { _: 'not_playing' });
	const fields: Record<string, string> = {};
	const version = parseVersion(input.version);
	if (version === null) fields._ = 'invalid';
	const guests = parseGuests(input.guests, ctx.guests);
	if (guests === null) fields.guests = `range:0:${GUESTS_MAX}`;
	const ids = idList(input.present).filter((id) => !ctx.presentPersonIds.includes(id));
	if ((await activeMembers(db, ctx.teamId, ids)) !== ids.length) fields.present = 'not_member';
	if (Object.keys(fields).length) throw new AppError('invalid_input', 'late arrivals', fields);
	if (!ids.length && guests === ctx.guests) return;
	const now = clock(deps);
	await db.transaction(async (tx) => {
		// Adding people is harmless whatever moved meanwhile; a new guests' count replaces one, so
		// it must be made on what the page showed.
		const from = guests === ctx.guests ? ctx.version : version!;
		await commitRun(tx, ctx, from, { guests: guests! }, now);
		if (ids.length)
			await tx
				.insert(runAttendance)
				.values(ids.map((personId) => ({ runId: ctx.id, personId, recordedAt: now })))
				.onConflictDoNothing();
		await recordEvents(
			tx,
			ids.map((personId) => ({
				key: `run:${ctx.id}:attended:${personId}`,
				userId: null,
				personId,
				verb: 'attended' as const,
				objectType: 'session' as const,
				objectId: sessionIri(ctx),
				result: { extensions: { lateAtStep: ctx.step + 1 } },
				context: { ...eventContext(ctx), recordedBy: actor!.userId },
				at: now
			}))
		);
	});
	notifyRunChanged(ctx.id);
}
