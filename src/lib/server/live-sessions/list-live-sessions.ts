import { and, asc, count, eq, gte, inArray, ne, sql } from 'drizzle-orm';
import { assertCan, can, type Actor } from '../access/guard';
import type { Executor } from '../db/client';
import { cohort, enrolment, liveAttendance, liveSession } from '../db/schema';
import { AppError } from '../errors';
import { isCohortMember, loadCohort, loadLiveSession } from './live-session-context';

export interface LiveSessionRow {
	id: string;
	cohortId: string;
	cohortName: string;
	title: string;
	startsAt: Date;
	durationMinutes: number;
	meetingUrl: string;
	agenda: string;
	revision: number;
	cancelled: boolean;
	present: number;
}

const columns = {
	id: liveSession.id,
	cohortId: liveSession.cohortId,
	cohortName: cohort.name,
	title: liveSession.title,
	startsAt: liveSession.startsAt,
	durationMinutes: liveSession.durationMinutes,
	meetingUrl: liveSession.meetingUrl,
	agenda: liveSession.agenda,
	revision: liveSession.revision,
	cancelledAt: liveSession.cancelledAt
};

/** At most this many sessions on a page or in a feed (a cohort has a few dozen). */
const LIMIT = 200;

/**
 * A cohort's live sessions, soonest first, with how many took part. Its managers and its members
 * read them; `canManage` says whether the reader may schedule and take attendance.
 */
export async function listCohortLiveSessions(
	deps: { db: Executor },
	actor: Actor | null,
	cohortId: string
) {
	const c = await loadCohort(deps.db, cohortId);
	const member = await isCohortMember(deps.db, actor, c.id);
	assertCan(actor, 'live.read', { cohortIds: [c.id], teamMember: member });
	const rows = await deps.db
		.select({ ...columns, present: count(liveAttendance.personId) })
		.from(liveSession)
		.innerJoin(cohort, eq(cohort.id, liveSession.cohortId))
		.leftJoin(liveAttendance, eq(liveAttendance.sessionId, liveSession.id))
		.where(eq(liveSession.cohortId, c.id))
		.groupBy(liveSession.id, cohort.name)
		.orderBy(asc(liveSession.startsAt))
		.limit(LIMIT);
	return {
		cohort: c,
		canManage: can(actor, 'live.manage', { cohortIds: [c.id] }),
		sessions: rows.map(toRow)
	};
}

type Selected = Omit<LiveSessionRow, 'cancelled' | 'present'> & {
	cancelledAt: Date | null;
	present?: number;
};

function toRow(x: Selected): LiveSessionRow {
	return {
		id: x.id,
		cohortId: x.cohortId,
		cohortName: x.cohortName,
		title: x.title,
		startsAt: x.startsAt,
		durationMinutes: x.durationMinutes,
		meetingUrl: x.meetingUrl,
		agenda: x.agenda,
		revision: x.revision,
		cancelled: x.cancelledAt !== null,
		present: Number(x.present ?? 0)
	};
}

/**
 * The live sessions of the cohorts a person is enrolled in (not withdrawn), from `since` on:
 * what the member's home page and calendar feed show. Reads only the person's own cohorts.
 */
export async function listPersonLiveSessions(
	db: Executor,
	personId: string | null,
	since: Date,
	limit = LIMIT
): Promise<LiveSessionRow[]> {
	if (!personId) return [];
	const mine = db
		.select({ id: enrolment.cohortId })
		.from(enrolment)
		.where(and(eq(enrolment.personId, personId), ne(enrolment.status, 'withdrawn')));
	const rows = await db
		.select(columns)
		.from(liveSession)
		.innerJoin(cohort, eq(cohort.id, liveSession.cohortId))
		.where(
			and(
				inArray(liveSession.cohortId, mine),
				gte(
					sql`${liveSession.startsAt} + make_interval(mins => ${liveSession.durationMinutes})`,
					since
				)
			)
		)
		.orderBy(asc(liveSession.startsAt))
		.limit(Math.min(limit, LIMIT));
	return rows.map(toRow);
}

/** The signed-in member's next live sessions (not cancelled), for the home page. */
export async function listMyUpcomingLiveSessions(
	deps: { db: Executor },
	actor: Actor | null,
	now: Date
): Promise<LiveSessionRow[]> {
	if (!actor) throw new AppError('unauthenticated');
	const rows = await listPersonLiveSessions(deps.db, actor.personId, now, 20);
	return rows.filter((r) => !r.cancelled).slice(0, 5);
}

/** One session for someone who may read it (its cohort's managers and members), for its .ics. */
export async function getLiveSession(
	deps: { db: Executor },
	actor: Actor | null,
	sessionId: string
): Promise<LiveSessionRow> {
	const s = await loadLiveSession(deps.db, sessionId);
	const member = await isCohortMember(deps.db, actor, s.cohortId);
	assertCan(actor, 'live.read', { cohortIds: [s.cohortId], teamMember: member });
	return toRow({ ...s, present: undefined });
}
