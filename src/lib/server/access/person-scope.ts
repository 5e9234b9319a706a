import { eq } from 'drizzle-orm';
import type { Executor } from '../db/client';
import { cooperative, enrolment, person } from '../db/schema';
import { AppError } from '../errors';
import type { ResourceScope } from './guard';

/** Where a person belongs: cooperative, federation and cohorts, for access checks. */
export async function personScope(db: Executor, personId: string): Promise<ResourceScope> {
	const [p] = await db
		.select({
			id: person.id,
			cooperativeId: person.cooperativeId,
			federationId: cooperative.federationId
		})
		.from(person)
		.leftJoin(cooperative, eq(cooperative.id, person.cooperativeId))
		.where(eq(person.id, personId));
	if (!p) throw new AppError('not_found');
	const cohorts = await db
		.select({ cohortId: enrolment.cohortId })
		.from(enrolment)
		.where(eq(enrolment.personId, personId));
	return {
		personId: p.id,
		cooperativeId: p.cooperativeId,
		federationId: p.federationId,
		cohortIds: cohorts.map((c) => c.cohortId)
	};
}
