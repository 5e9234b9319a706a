import { and, asc, eq } from 'drizzle-orm';
import type { Actor } from '../access/guard';
import { contentIri, type LearningEventInput } from '../learning/record-event';
import type {
	Activity,
	Curriculum,
	DecideActivity,
	QuizActivity,
	WorksheetActivity
} from '../curriculum/schema';
import type { Db, Executor } from '../db/client';
import { enrolment, person } from '../db/schema';
import { AppError } from '../errors';
import { loadRunContext, type RunContext } from './run-context';

export interface StepDeps {
	db: Db;
	curriculum: Curriculum;
}

type ActivityOf<T extends Activity['type']> = T extends 'worksheet'
	? WorksheetActivity
	: T extends 'quiz'
		? QuizActivity
		: T extends 'decide'
			? DecideActivity
			: Activity;

export interface StepTarget<T extends Activity['type']> {
	run: RunContext;
	step: number;
	activity: ActivityOf<T>;
}

/** A step number as posted: a whole number, or null. */
export function stepNumber(raw: unknown): number | null {
	const s = typeof raw === 'number' ? String(raw) : typeof raw === 'string' ? raw.trim() : '';
	return /^\d{1,3}$/.test(s) ? Number(s) : null;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A form's client id (made when it was rendered): a UUID, or the post is refused. */
export function clientIdOf(raw: unknown): string {
	if (typeof raw !== 'string' || !UUID.test(raw.trim()))
		throw new AppError('invalid_input', 'client id', { _: 'invalid' });
	return raw.trim();
}

/** A revision as posted (0 for "never saved"), or null. */
export function revisionNumber(raw: unknown): number | null {
	const s = typeof raw === 'number' ? String(raw) : typeof raw === 'string' ? raw.trim() : '';
	return /^\d{1,9}$/.test(s) ? Number(s) : null;
}

/**
 * The run (checked for `run.write`) and the activity a step form writes to: the step must exist
 * in the run's session and be of the expected type, and the run must still be open.
 */
export async function loadStepTarget<T extends 'worksheet' | 'quiz' | 'decide'>(
	deps: StepDeps,
	actor: Actor | null,
	runId: string,
	rawStep: unknown,
	type: T
): Promise<StepTarget<T>> {
	const run = await loadRunContext(deps.db, actor, runId, 'run.write');
	if (run.status === 'completed')
		throw new AppError('invalid_input', 'run completed', { _: 'run_closed' });
	const session = deps.curriculum.session(run.course, run.module, run.session);
	if (!session) throw new AppError('not_found', 'session no longer in the content');
	const step = stepNumber(rawStep);
	const activity = step === null ? undefined : session.activities[step];
	if (step === null || !activity)
		throw new AppError('invalid_input', 'step out of range', { _: 'step_out_of_range' });
	if (activity.type !== type)
		throw new AppError('invalid_input', 'step of another type', { _: 'step_wrong_type' });
	return { run, step, activity: activity as ActivityOf<T> };
}

/** The team's active members, for person fields: id and name, in name order. */
export async function teamMembers(
	db: Executor,
	teamId: string
): Promise<{ id: string; name: string }[]> {
	const rows = await db
		.select({ id: person.id, given: person.givenNames, surnames: person.surnames })
		.from(enrolment)
		.innerJoin(person, eq(person.id, enrolment.personId))
		.where(and(eq(enrolment.teamId, teamId), eq(enrolment.status, 'active')))
		.orderBy(asc(person.givenNames), asc(person.surnames));
	return rows.map((r) => ({ id: r.id, name: `${r.given} ${r.surnames}` }));
}

/** A learning event about a step of a run, keyed so that a replay records nothing twice. */
export function stepEvent(
	actor: Actor,
	target: { run: RunContext; step: number; activity: Activity },
	verb: LearningEventInput['verb'],
	key: string,
	result?: Record<string, unknown>
): LearningEventInput {
	const { run, step, activity } = target;
	return {
		key: `run:${run.id}:step:${step}:${key}`,
		userId: actor.userId,
		personId: actor.personId,
		verb,
		objectType: 'activity',
		objectId: contentIri(run.contentVersion, run.course, run.module, run.session, activity.slug),
		result,
		context: {
			run: run.id,
			team: run.teamId,
			cohort: run.cohortId,
			cooperative: run.cooperativeId,
			mode: run.mode
		}
	};
}
