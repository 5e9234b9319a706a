import { and, eq, sql } from 'drizzle-orm';
import { laPazParts, parseLiveSession, type LiveSessionFields } from '../../domain/live-session';
import { assertCan, type Actor } from '../access/guard';
import { recordAudit } from '../audit/record-audit';
import type { Db } from '../db/client';
import { liveSession } from '../db/schema';
import { AppError } from '../errors';
import { syncLiveReminders } from '../outbox/plan-reminders';
import { isUuid, loadCohort, loadLiveSession } from './live-session-context';

interface Deps {
	db: Db;
	now?: () => Date;
}

/**
 * A coordinator or the cohort's facilitator schedules a live session. The form's `clientId`
 * makes a form sent twice schedule once: the second post finds the first session and returns it.
 */
export async function scheduleLiveSession(
	deps: Deps,
	actor: Actor | null,
	input: LiveSessionFields & { cohortId: string; clientId: string }
): Promise<{ id: string; created: boolean }> {
	assertCan(actor, 'live.manage', { cohortIds: [input.cohortId] });
	const c = await loadCohort(deps.db, input.cohortId);
	if (!isUuid(input.clientId))
		throw new AppError('invalid_input', 'clientId', { _: 'live_err_form' });
	const parsed = parseLiveSession(input, (deps.now ?? (() => new Date()))());
	if (!parsed.ok) throw new AppError('invalid_input', 'live session', parsed.fields);
	return deps.db.transaction(async (tx) => {
		const [row] = await tx
			.insert(liveSession)
			.values({
				cohortId: c.id,
				clientId: input.clientId,
				createdBy: actor.userId,
				...parsed.value
			})
			.onConflictDoNothing({ target: liveSession.clientId })
			.returning({ id: liveSession.id });
		if (!row) {
			const [earlier] = await tx
				.select({ id: liveSession.id })
				.from(liveSession)
				.where(and(eq(liveSession.clientId, input.clientId), eq(liveSession.cohortId, c.id)));
			if (!earlier) throw new AppError('conflict', 'client id used elsewhere');
			return { id: earlier.id, created: false };
		}
		await recordAudit(tx, actor, {
			action: 'create',
			entity: 'live_session',
			entityId: row.id,
			changes: { title: parsed.value.title, startsAt: parsed.value.startsAt.toISOString() }
		});
		await syncLiveReminders(tx, row.id, (deps.now ?? (() => new Date()))());
		return { id: row.id, created: true };
	});
}

/**
 * Changes a scheduled session, at the revision the form showed: a stale form is a conflict, never
 * an overwrite. `cancel` keeps the session (and its attendance) but marks it cancelled, so
 * calendars that subscribed show it cancelled instead of losing it.
 */
export async function updateLiveSession(
	deps: Deps,
	actor: Actor | null,
	input: LiveSessionFields & { sessionId: string; revision: number; cancel?: boolean }
): Promise<{ revision: number }> {
	const s = await loadLiveSession(deps.db, input.sessionId);
	assertCan(actor, 'live.manage', { cohortIds: [s.cohortId] });
	let values: Partial<typeof liveSession.$inferInsert> = {};
	if (input.cancel) values = { cancelledAt: new Date() };
	else {
		// A session that already began can still be corrected, as long as its time stays.
		const was = laPazParts(s.startsAt);
		const sameTime = was.date === input.date.trim() && was.time === input.time.trim();
		const now = sameTime ? new Date(0) : (deps.now ?? (() => new Date()))();
		const parsed = parseLiveSession(input, now);
		if (!parsed.ok) throw new AppError('invalid_input', 'live session', parsed.fields);
		values = { ...parsed.value, cancelledAt: null };
	}
	return deps.db.transaction(async (tx) => {
		const [row] = await tx
			.update(liveSession)
			.set({ ...values, revision: sql`${liveSession.revision} + 1`, updatedAt: new Date() })
			.where(and(eq(liveSession.id, s.id), eq(liveSession.revision, input.revision)))
			.returning({ revision: liveSession.revision });
		if (!row) throw new AppError('conflict', 'live session changed');
		await recordAudit(tx, actor, {
			action: input.cancel ? 'cancel' : 'update',
			entity: 'live_session',
			entityId: s.id,
			changes: input.cancel ? {} : { title: values.title, startsAt: values.startsAt?.toISOString() }
		});
		// Reminders follow the session: moved with it, cancelled with it.
		await syncLiveReminders(tx, s.id, (deps.now ?? (() => new Date()))());
		return { revision: row.revision };
	});
}
