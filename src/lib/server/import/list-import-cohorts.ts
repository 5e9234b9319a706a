import { asc, desc, eq, sql } from 'drizzle-orm';
import { assertCan, type Actor } from '../access/guard';
import type { Executor } from '../db/client';
import { cohort, enrolment, programme } from '../db/schema';

export interface ImportCohort {
	id: string;
	name: string;
	programme: string;
	startsOn: string;
	endsOn: string;
	/** Active enrolments. */
	enrolled: number;
}

/** The cohorts a member list can be imported into, newest programme first. */
export async function listImportCohorts(
	deps: { db: Executor },
	actor: Actor | null
): Promise<ImportCohort[]> {
	assertCan(actor, 'import.run');
	const enrolled = deps.db
		.select({
			cohortId: enrolment.cohortId,
			n: sql<number>`count(*)::int`.as('n')
		})
		.from(enrolment)
		.where(eq(enrolment.status, 'active'))
		.groupBy(enrolment.cohortId)
		.as('enrolled');
	const rows = await deps.db
		.select({
			id: cohort.id,
			name: cohort.name,
			programme: programme.name,
			startsOn: cohort.startsOn,
			endsOn: cohort.endsOn,
			enrolled: sql<number>`coalesce(${enrolled.n}, 0)::int`
		})
		.from(cohort)
		.innerJoin(programme, eq(programme.id, cohort.programmeId))
		.leftJoin(enrolled, eq(enrolled.cohortId, cohort.id))
		.orderBy(desc(cohort.startsOn), asc(cohort.name));
	return rows.map((r) => ({ ...r, enrolled: Number(r.enrolled) }));
}
