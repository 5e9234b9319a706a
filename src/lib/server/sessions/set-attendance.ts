import { and, eq, inArray } from 'drizzle-orm';
import type { Actor } from '../access/guard';
import { enrolment, runAttendance, runRole } from '../db/schema';
import { AppError } from '../errors';
import { notifyRunChanged } from '../live/notify';
import { loadRunContext } from './run-context';
import { clock, commitRun, GUESTS_MAX, type RunDeps } from './run-state';

export interface AttendanceInput {
	runId: string;
	version: unknown;
	/** Person ids of the members ticked present. */
	present: unknown;
	guests: unknown;
}

export const parseVersion = (v: unknown): number | null =>
	typeof v === 'string' && /^\d{1,9}$/.test(v) ? Number(v) : typeof v === 'number' ? v : null;

/**
 * Who is here, among the team's active members, and how many guests came. Taken before the
 * steps begin (roles are proposed among those present); a roll call replaces the last one.
 */
export async function setAttendance(deps: RunDeps, actor: Actor | null, input: AttendanceInput) {
	const { db } = deps;
	const ctx = await loadRunContext(db, actor, input.runId, 'run.write');
	if (ctx.mode !== 'group' || ctx.stage !== 'setup')
		throw new AppError('invalid_input', 'attendance outside setup', { _: 'not_setup' });
	const fields: Record<string, string> = {};
	const version = parseVersion(input.version);
	if (version === null) fields._ = 'invalid';
	const guestsText = typeof input.guests === 'string' ? input.guests.trim() : '';
	const guests = guestsText === '' ? 0 : /^\d{1,3}$/.test(guestsText) ? Number(guestsText) : NaN;
	if (!Number.isInteger(guests) || guests < 0 || guests > GUESTS_MAX)
		fields.guests = `range:0:${GUESTS_MAX}`;
	const ids = Array.isArray(input.present)
		? [...new Set(input.present.filter((p): p is string => typeof p === 'string'))]
		: [];
	if (ids.length > 200) fields.present = 'invalid';
	const members = ids.length
		? await db
				.select({ personId: enrolment.personId })
				.from(enrolment)
				.where(
					and(
						eq(enrolment.teamId, ctx.teamId),
						eq(enrolment.status, 'active'),
						inArray(
							enrolment.personId,
							ids.filter((i) => /^[0-9a-f-]{36}$/i.test(i))
						)
					)
				)
		: [];
	if (members.length !== ids.length) fields.present = 'not_member';
	else if (ids.length === 0) fields.present = 'none_present';
	if (Object.keys(fields).length) throw new AppError('invalid_input', 'attendance', fields);

	const now = clock(deps);
	await db.transaction(async (tx) => {
		await commitRun(tx, ctx, version!, { guests }, now);
		await tx.delete(runAttendance).where(eq(runAttendance.runId, ctx.id));
		await tx
			.insert(runAttendance)
			.values(ids.map((personId) => ({ runId: ctx.id, personId, recordedAt: now })));
		// Roles chosen for an earlier roll call may name someone who is not here now.
		await tx.delete(runRole).where(eq(runRole.runId, ctx.id));
	});
	notifyRunChanged(ctx.id);
}
