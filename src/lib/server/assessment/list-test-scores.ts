import { and, asc, eq, isNotNull } from 'drizzle-orm';
import { assertCan, type Actor } from '../access/guard';
import type { Executor } from '../db/client';
import { person, testAttempt } from '../db/schema';
import { AppError } from '../errors';
import type { TestKind } from './test-context';

export interface TestScoreRow {
	personId: string;
	name: string;
	course: string;
	kind: TestKind;
	score: number;
	max: number;
	submittedAt: Date;
}

/**
 * The submitted pre- and post-test scores of a cohort's members, for those who follow the cohort
 * (`cohort.read`: its facilitator, coordinators, admins). Attempts in progress are not listed.
 */
export async function listTestScores(
	deps: { db: Executor },
	actor: Actor | null,
	cohortId: string
): Promise<TestScoreRow[]> {
	if (!/^[0-9a-f-]{36}$/i.test(cohortId)) throw new AppError('not_found');
	assertCan(actor, 'cohort.read', { cohortIds: [cohortId] });
	const rows = await deps.db
		.select({
			personId: testAttempt.personId,
			givenNames: person.givenNames,
			surnames: person.surnames,
			course: testAttempt.course,
			kind: testAttempt.kind,
			score: testAttempt.score,
			max: testAttempt.maxScore,
			submittedAt: testAttempt.submittedAt
		})
		.from(testAttempt)
		.innerJoin(person, eq(person.id, testAttempt.personId))
		.where(and(eq(testAttempt.cohortId, cohortId), isNotNull(testAttempt.submittedAt)))
		.orderBy(
			asc(person.surnames),
			asc(person.givenNames),
			asc(testAttempt.course),
			asc(testAttempt.kind)
		);
	return rows.map((r) => ({
		personId: r.personId,
		name: `${r.givenNames} ${r.surnames}`,
		course: r.course,
		kind: r.kind,
		score: r.score ?? 0,
		max: r.max ?? 0,
		submittedAt: r.submittedAt!
	}));
}
