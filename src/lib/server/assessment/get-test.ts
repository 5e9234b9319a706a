import { and, eq, inArray } from 'drizzle-orm';
import { scoreQuiz } from '../../domain/quiz-score';
import type { Actor } from '../access/guard';
import type { Locale, Question } from '../curriculum/schema';
import { testAttempt } from '../db/schema';
import { draftAttemptId } from './draft-attempt-id';
import {
	canTakeTests,
	findAttempt,
	loadTestContext,
	type AttemptRow,
	type TestDeps,
	type TestKind
} from './test-context';

export interface TestQuestionView {
	id: string;
	number: number;
	kind: Question['kind'];
	prompt: string;
	options: { id: string; text: string }[];
	/** Only once the attempt is submitted: whether the member's answer was right, the right
	 * options (true/false questions: `true` / `false`), and the explanation. */
	result?: { correct: boolean; right: string[]; explanation?: string };
}

export interface AttemptView {
	id: string;
	revision: number;
	answers: Record<string, unknown>;
	answered: number;
	submitted: boolean;
	score: number | null;
	max: number | null;
}

export interface TestView {
	course: { slug: string; title: string };
	kind: TestKind;
	title: string;
	duration: number;
	questions: TestQuestionView[];
	attempt: AttemptView | null;
	/** The other test's submitted score (the pre-test's when this is the post-test), for the gain. */
	other: { score: number; max: number } | null;
	/** Before the test is started: the id its attempt will have (null without the server's secret). */
	draftId: string | null;
	/** The page is built for that attempt before it exists, to be saved for use without internet:
	 * `attempt` is then an empty attempt under that id (revision 1), nothing is written. */
	draft: boolean;
}

/**
 * A member's pre- or post-test in their language, with their attempt. The right answers and the
 * explanations are only in the view once the attempt is submitted.
 */
export async function getTest(
	deps: TestDeps,
	actor: Actor | null,
	course: string,
	kind: string,
	locale: Locale,
	/** An attempt id the page asks for: the draft id (see `draftId`) builds the page as if started. */
	asked?: string | null
): Promise<TestView> {
	const ctx = await loadTestContext(deps, actor, course, kind);
	const attempt = await findAttempt(deps.db, ctx);
	const draftId =
		!attempt && deps.secret
			? draftAttemptId(deps.secret, {
					personId: ctx.personId,
					cohortId: ctx.cohortId,
					course: ctx.course.slug,
					kind: ctx.kind
				})
			: null;
	const draft = !!draftId && asked === draftId;
	const other = await findAttempt(deps.db, { ...ctx, kind: ctx.kind === 'pre' ? 'post' : 'pre' });
	const submitted = !!attempt?.submittedAt;
	const scored = submitted ? scoreQuiz(ctx.quiz.questions, attempt.answers) : null;
	return {
		course: { slug: ctx.course.slug, title: ctx.course.title[locale] },
		kind: ctx.kind,
		title: ctx.quiz.title[locale],
		duration: ctx.quiz.duration,
		questions: ctx.quiz.questions.map((q, i) => ({
			id: q.id,
			number: i + 1,
			kind: q.kind,
			prompt: q.prompt[locale],
			options: q.options.map((o) => ({ id: o.id, text: o.text[locale] })),
			...(scored && {
				result: {
					correct: scored.perQuestion[q.id] ?? false,
					right: Array.isArray(q.answer) ? q.answer : [String(q.answer)],
					...(q.explanation && { explanation: q.explanation[locale] })
				}
			})
		})),
		attempt: attempt
			? attemptView(attempt, ctx.quiz.questions)
			: draft
				? draftView(draftId!)
				: null,
		other: submittedScore(other),
		draftId,
		draft
	};
}

/** An attempt not started yet, as a page saved for use without internet shows it. */
function draftView(id: string): AttemptView {
	return { id, revision: 1, answers: {}, answered: 0, submitted: false, score: null, max: null };
}

function attemptView(row: AttemptRow, questions: readonly Question[]): AttemptView {
	return {
		id: row.id,
		revision: row.revision,
		answers: row.answers,
		answered: questions.filter((q) => Object.hasOwn(row.answers, q.id)).length,
		submitted: !!row.submittedAt,
		score: row.score,
		max: row.maxScore
	};
}

const submittedScore = (row: AttemptRow | null) =>
	row?.submittedAt && row.score !== null && row.maxScore !== null
		? { score: row.score, max: row.maxScore }
		: null;

export type TestStatus =
	| { status: 'new'; questions: number; duration: number }
	| { status: 'started'; questions: number; duration: number; answered: number }
	| { status: 'done'; questions: number; duration: number; score: number; max: number };

export interface CourseTests {
	pre: TestStatus;
	post: TestStatus;
	/** Post-test score minus pre-test score, when both are submitted. */
	gain: number | null;
}

/**
 * For the course page: where the member stands with the course's two tests. Null for anyone who
 * cannot take them (not enrolled in a cohort with this course, or staff).
 */
export async function getCourseTests(
	deps: TestDeps,
	actor: Actor,
	courseSlug: string
): Promise<CourseTests | null> {
	const course = deps.curriculum.course(courseSlug);
	if (!course || !actor.personId) return null;
	const found = await canTakeTests(deps, actor, course.slug);
	if (!found) return null;
	const rows = await deps.db
		.select()
		.from(testAttempt)
		.where(
			and(
				eq(testAttempt.personId, actor.personId),
				eq(testAttempt.cohortId, found.cohortId),
				eq(testAttempt.course, course.slug),
				inArray(testAttempt.kind, ['pre', 'post'])
			)
		);
	const status = (kind: TestKind): TestStatus => {
		const quiz = kind === 'pre' ? course.preTest : course.postTest;
		const base = { questions: quiz.questions.length, duration: quiz.duration };
		const row = rows.find((r) => r.kind === kind);
		const done = submittedScore(row ?? null);
		if (done) return { status: 'done', ...base, ...done };
		if (row)
			return { status: 'started', ...base, answered: attemptView(row, quiz.questions).answered };
		return { status: 'new', ...base };
	};
	const pre = status('pre');
	const post = status('post');
	return {
		pre,
		post,
		gain: pre.status === 'done' && post.status === 'done' ? post.score - pre.score : null
	};
}
