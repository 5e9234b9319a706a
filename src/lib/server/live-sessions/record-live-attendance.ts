import { and, eq, ne, notInArray, sql } from 'drizzle-orm';
import { fold } from '../../domain/text';
import { assertCan, type Actor } from '../access/guard';
import { recordAudit } from '../audit/record-audit';
import type { Db, Executor } from '../db/client';
import { enrolment, liveAttendance, liveSession, person } from '../db/schema';
import { AppError } from '../errors';
import { loadLiveSession } from './live-session-context';

/** The cohort's members (not withdrawn), by name, for the tick list and for matching. */
export async function cohortMembers(db: Executor, cohortId: string) {
	const rows = await db
		.select({
			personId: person.id,
			givenNames: person.givenNames,
			surnames: person.surnames,
			phone: person.phone
		})
		.from(enrolment)
		.innerJoin(person, eq(person.id, enrolment.personId))
		.where(and(eq(enrolment.cohortId, cohortId), ne(enrolment.status, 'withdrawn')));
	return rows
		.map((r) => ({ personId: r.personId, name: `${r.givenNames} ${r.surnames}`, phone: r.phone }))
		.sort((a, b) => fold(a.name).localeCompare(fold(b.name), 'es'));
}

/** A session with its members and who took part: the facilitator's attendance page. */
export async function getLiveAttendance(
	deps: { db: Executor },
	actor: Actor | null,
	sessionId: string
) {
	const s = await loadLiveSession(deps.db, sessionId);
	assertCan(actor, 'live.manage', { cohortIds: [s.cohortId] });
	const members = await cohortMembers(deps.db, s.cohortId);
	const present = await deps.db
		.select({ personId: liveAttendance.personId, source: liveAttendance.source })
		.from(liveAttendance)
		.where(eq(liveAttendance.sessionId, s.id));
	const sources = new Map(present.map((p) => [p.personId, p.source]));
	return {
		session: s,
		members: members.map((m) => ({
			...m,
			present: sources.has(m.personId),
			source: sources.get(m.personId) ?? null
		}))
	};
}

/**
 * The tick list saved as a whole, at the attendance revision the page showed: whoever is ticked
 * took part, whoever is not did not. A list saved from an older page is a conflict (someone
 * imported or ticked meanwhile). Only the cohort's members can be ticked.
 */
export async function recordLiveAttendance(
	deps: { db: Db },
	actor: Actor | null,
	input: { sessionId: string; revision: number; personIds: string[] }
): Promise<{ revision: number; present: number }> {
	const s = await loadLiveSession(deps.db, input.sessionId);
	assertCan(actor, 'live.manage', { cohortIds: [s.cohortId] });
	const members = new Set((await cohortMembers(deps.db, s.cohortId)).map((m) => m.personId));
	const ticked = [...new Set(input.personIds)];
	if (ticked.some((id) => !members.has(id)))
		throw new AppError('invalid_input', 'not a member', { _: 'live_err_not_member' });
	return deps.db.transaction(async (tx) => {
		const revision = await bumpAttendance(tx, s.id, input.revision);
		await tx
			.delete(liveAttendance)
			.where(
				and(
					eq(liveAttendance.sessionId, s.id),
					ticked.length ? notInArray(liveAttendance.personId, ticked) : undefined
				)
			);
		if (ticked.length)
			await tx
				.insert(liveAttendance)
				.values(ticked.map((personId) => ({ sessionId: s.id, personId, recordedBy: actor.userId })))
				.onConflictDoNothing();
		await recordAudit(tx, actor, {
			action: 'attendance',
			entity: 'live_session',
			entityId: s.id,
			changes: { present: ticked.length }
		});
		return { revision, present: ticked.length };
	});
}

/** Moves the attendance revision on, or fails when the page's revision is not the current one. */
export async function bumpAttendance(tx: Executor, sessionId: string, revision: number) {
	const [row] = await tx
		.update(liveSession)
		.set({ attendanceRevision: sql`${liveSession.attendanceRevision} + 1` })
		.where(and(eq(liveSession.id, sessionId), eq(liveSession.attendanceRevision, revision)))
		.returning({ revision: liveSession.attendanceRevision });
	if (!row) throw new AppError('conflict', 'attendance changed');
	return row.revision;
}
