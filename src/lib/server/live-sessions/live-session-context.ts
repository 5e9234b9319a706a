// What every live-session use case needs first: the session and its cohort, and whether the
// actor is one of the cohort's members (members read their cohort's sessions).
import { and, eq, ne } from 'drizzle-orm';
import type { Actor } from '../access/guard';
import type { Executor } from '../db/client';
import { cohort, enrolment, liveSession } from '../db/schema';
import { AppError } from '../errors';

export const isUuid = (s: string) =>
	/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(s);

export async function loadCohort(db: Executor, cohortId: string) {
	if (!isUuid(cohortId)) throw new AppError('not_found');
	const [row] = await db
		.select({ id: cohort.id, name: cohort.name })
		.from(cohort)
		.where(eq(cohort.id, cohortId));
	if (!row) throw new AppError('not_found');
	return row;
}

export async function loadLiveSession(db: Executor, sessionId: string) {
	if (!isUuid(sessionId)) throw new AppError('not_found');
	const [row] = await db
		.select({
			session: liveSession,
			cohortName: cohort.name
		})
		.from(liveSession)
		.innerJoin(cohort, eq(cohort.id, liveSession.cohortId))
		.where(eq(liveSession.id, sessionId));
	if (!row) throw new AppError('not_found');
	return { ...row.session, cohortName: row.cohortName };
}

/** Whether the actor is enrolled (not withdrawn) in the cohort. */
export async function isCohortMember(db: Executor, actor: Actor | null, cohortId: string) {
	if (!actor?.personId) return false;
	const [row] = await db
		.select({ id: enrolment.id })
		.from(enrolment)
		.where(
			and(
				eq(enrolment.cohortId, cohortId),
				eq(enrolment.personId, actor.personId),
				ne(enrolment.status, 'withdrawn')
			)
		);
	return !!row;
}
