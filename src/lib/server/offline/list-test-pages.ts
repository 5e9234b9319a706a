import type { Actor } from '../access/guard';
import type { Curriculum } from '../curriculum/schema';
import type { Executor } from '../db/client';
import { draftAttemptId } from '../assessment/draft-attempt-id';
import { canTakeTests, findAttempt, testKinds } from '../assessment/test-context';

/**
 * The pre- and post-test pages a member saves with a course, so they can take a test alone with
 * no signal: the start page and, while the test is not handed in, each question. Before it is
 * started, the question pages and the list are built for the attempt its Start will create
 * (`?attempt=<draft id>`, see `draftAttemptId`): a Start kept on the phone and the answers kept
 * after it then name the same attempt. Nothing for anyone who cannot take the course's tests.
 */
export async function listTestPages(
	deps: { db: Executor; curriculum: Curriculum; secret: string },
	actor: Actor,
	courseSlug: string
): Promise<string[]> {
	const course = deps.curriculum.course(courseSlug);
	if (!course || !actor.personId) return [];
	const found = await canTakeTests(deps, actor, course.slug);
	if (!found) return [];
	const pages: string[] = [];
	for (const kind of testKinds) {
		const base = `/courses/${course.slug}/test/${kind}`;
		pages.push(base);
		const who = { personId: actor.personId, cohortId: found.cohortId, course: course.slug, kind };
		const attempt = await findAttempt(deps.db, { ...who, course: { slug: course.slug } });
		if (attempt?.submittedAt) continue;
		const suffix = attempt ? '' : `?attempt=${draftAttemptId(deps.secret, who)}`;
		if (suffix) pages.push(base + suffix);
		const questions = (kind === 'pre' ? course.preTest : course.postTest).questions.length;
		for (let n = 1; n <= questions; n++) pages.push(`${base}/${n}${suffix}`);
	}
	return pages;
}
