import { and, desc, eq, sql } from 'drizzle-orm';
import { assertCan, can, type Actor } from '../access/guard';
import type { Course, Curriculum, QuizActivity } from '../curriculum/schema';
import type { Db, Executor } from '../db/client';
import { cohort, enrolment, testAttempt } from '../db/schema';
import { AppError } from '../errors';

/** What the pre- and post-test use cases need. */
export interface TestDeps {
	db: Db;
	curriculum: Curriculum;
	now?: () => Date;
	/** The server's secret, for the id an attempt will have once started (`draftAttemptId`). */
	secret?: string;
}

export const testKinds = ['pre', 'post'] as const;
export type TestKind = (typeof testKinds)[number];

export const isTestKind = (s: string): s is TestKind =>
	(testKinds as readonly string[]).includes(s);

/** The member taking a test, the cohort it counts for, and the quiz. */
export interface TestContext {
	personId: string;
	cohortId: string;
	cooperativeId: string;
	teamId: string | null;
	course: Course;
	kind: TestKind;
	quiz: QuizActivity;
	version: string;
}

export type AttemptRow = typeof testAttempt.$inferSelect;

/**
 * The actor's active enrolment in a cohort that has this course (the newest cohort if several):
 * the test is taken for that cohort. Null for anyone not enrolled so.
 */
export async function findEnrolment(db: Executor, actor: Actor, course: string) {
	if (!actor.personId) return null;
	const [row] = await db
		.select({
			cohortId: enrolment.cohortId,
			cooperativeId: enrolment.cooperativeId,
			teamId: enrolment.teamId
		})
		.from(enrolment)
		.innerJoin(cohort, eq(cohort.id, enrolment.cohortId))
		.where(
			and(
				eq(enrolment.personId, actor.personId),
				eq(enrolment.status, 'active'),
				sql`${course} = any(${cohort.courses})`
			)
		)
		.orderBy(desc(cohort.startsOn), desc(cohort.createdAt))
		.limit(1);
	return row ?? null;
}

/**
 * Checks `test.take` and loads where the test belongs. Unknown courses and kinds are not found;
 * someone who is not an enrolled member of a cohort with the course is refused.
 */
export async function loadTestContext(
	deps: TestDeps,
	actor: Actor | null,
	courseSlug: string,
	kind: string
): Promise<TestContext> {
	if (!actor) throw new AppError('unauthenticated');
	const course = deps.curriculum.course(courseSlug);
	if (!course || !isTestKind(kind)) throw new AppError('not_found');
	const found = await findEnrolment(deps.db, actor, course.slug);
	assertCan(actor, 'test.take', {
		cohortIds: found ? [found.cohortId] : [],
		teamMember: !!found
	});
	return {
		personId: actor.personId!,
		cohortId: found!.cohortId,
		cooperativeId: found!.cooperativeId,
		teamId: found!.teamId,
		course,
		kind,
		quiz: kind === 'pre' ? course.preTest : course.postTest,
		version: deps.curriculum.version
	};
}

/** Whether the actor may take the course's tests (for pages that only offer them). */
export async function canTakeTests(deps: { db: Executor }, actor: Actor, courseSlug: string) {
	const found = await findEnrolment(deps.db, actor, courseSlug);
	return found && can(actor, 'test.take', { cohortIds: [found.cohortId], teamMember: true })
		? found
		: null;
}

/** The member's attempt at one test in one cohort (there is at most one). */
export async function findAttempt(
	db: Executor,
	ctx: Pick<TestContext, 'personId' | 'cohortId' | 'kind'> & { course: { slug: string } }
): Promise<AttemptRow | null> {
	const [row] = await db
		.select()
		.from(testAttempt)
		.where(
			and(
				eq(testAttempt.personId, ctx.personId),
				eq(testAttempt.cohortId, ctx.cohortId),
				eq(testAttempt.course, ctx.course.slug),
				eq(testAttempt.kind, ctx.kind)
			)
		);
	return row ?? null;
}

/** The attempt a form names: it must be the member's own attempt at this test. */
export async function loadAttempt(
	db: Executor,
	ctx: TestContext,
	attemptId: unknown
): Promise<AttemptRow> {
	const row = await findAttempt(db, ctx);
	if (!row || typeof attemptId !== 'string' || row.id !== attemptId)
		throw new AppError('invalid_input', 'attempt', { _: 'test_no_attempt' });
	return row;
}

/** A revision posted by a form: a small whole number, else the form was tampered with. */
export function parseRevision(value: unknown): number {
	const n = typeof value === 'string' && /^\d{1,6}$/.test(value) ? Number(value) : NaN;
	if (!Number.isInteger(n) || n < 1)
		throw new AppError('invalid_input', 'revision', { _: 'test_stale' });
	return n;
}
