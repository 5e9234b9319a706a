import type { QuizAnswers } from '../../domain/quiz-score';
import {
	defaultData,
	toFormRaw,
	type FormRaw,
	type SectionData
} from '../../domain/workbook-values';
import type { Actor } from '../access/guard';
import type { Activity, Locale, QuestionKind } from '../curriculum/schema';
import { fieldView, type FieldView } from '../curriculum/views';
import type { Executor } from '../db/client';
import { readSection } from '../workbook/read-section';
import { answersToRaw } from './answer-quiz';
import { decisionToRaw, readDecision } from './record-decision';
import type { RunContext } from './run-context';
import { teamMembers } from './step-target';
import { readResponse } from './write-response';

/** Who saved the current version and when (null before the first save). */
interface Saved {
	/** The revision the form edits (0: nothing saved yet). */
	revision: number;
	savedBy: string | null;
	savedAt: Date | null;
}

export interface WorksheetStepData extends Saved {
	type: 'worksheet';
	step: number;
	fields: FieldView[];
	/** The saved values in the form's shape (`f.<field>`…). */
	values: FormRaw;
	/** The team's members, for person fields. */
	members: { id: string; name: string }[];
	/** The workbook section it fills, if any. */
	section: { key: string; part: string; title: string } | null;
}

export interface QuizQuestionData {
	id: string;
	kind: QuestionKind;
	prompt: string;
	/** `correct` only once the group has answered. */
	options: { id: string; text: string; correct?: boolean }[];
	/** Once answered: whether the group got it right, the right true/false, the explanation. */
	right?: boolean;
	answer?: boolean;
	explanation?: string;
}

export interface QuizStepData extends Saved {
	type: 'quiz';
	step: number;
	questions: QuizQuestionData[];
	/** The saved answer in the form's shape (`q.<question>`). */
	values: FormRaw;
	result: { score: number; max: number } | null;
}

export interface DecideStepData extends Saved {
	type: 'decide';
	step: number;
	options: { id: string; text: string }[];
	/** Members ticked present: a vote counts at most this many. */
	presentCount: number;
	/** The saved decision in the form's shape (method, option, reasons, yes, no, abstain). */
	values: FormRaw;
	decided: boolean;
	section: { key: string; part: string; title: string } | null;
}

/**
 * What the player needs to show a worksheet, quiz or decide step: the saved answer, its
 * revision, the fields or options. Null for steps that are only read, discussed or reflected on.
 */
export type StepData = WorksheetStepData | QuizStepData | DecideStepData | null;

const sectionOf = (a: Activity, l: Locale) =>
	(a.type === 'worksheet' || a.type === 'decide') && a.workbook
		? { key: a.workbook.key, part: a.workbook.partTitle[l], title: a.workbook.title[l] }
		: null;

/**
 * Loads a step's saved state. The caller has loaded the run with `loadRunContext` (which checked
 * `run.read`); the step is the activity's place in its session.
 */
export async function loadStepData(
	deps: { db: Executor },
	_actor: Actor,
	run: RunContext,
	activity: Activity,
	locale: Locale
): Promise<StepData> {
	const step = activity.number - 1;
	const l = locale;
	switch (activity.type) {
		case 'worksheet': {
			const none = { revision: 0, data: null, savedBy: null, savedAt: null };
			// The team and the saved answer at once: neither waits for the other.
			const [members, saved] = await Promise.all([
				teamMembers(deps.db, run.teamId),
				(async (): Promise<Saved & { data: SectionData | null }> => {
					if (activity.workbook) {
						const s = run.cooperativeId
							? await readSection(deps.db, {
									cooperativeId: run.cooperativeId,
									programmeId: run.programmeId,
									sectionKey: activity.workbook.key
								})
							: null;
						return s ?? none;
					}
					const r = await readResponse(deps.db, run.id, step);
					return r ? { ...r, data: r.data as SectionData } : none;
				})()
			]);
			return {
				type: 'worksheet',
				step,
				fields: activity.fields.map((f) => fieldView(f, l)),
				// A workbook section never saved opens with the rows the content declares.
				values: toFormRaw(
					activity.fields,
					activity.workbook && saved.revision === 0 ? defaultData(activity.fields, l) : saved.data
				),
				members,
				section: sectionOf(activity, l),
				revision: saved.revision,
				savedBy: saved.savedBy,
				savedAt: saved.savedAt
			};
		}
		case 'quiz': {
			const r = await readResponse(deps.db, run.id, step);
			const answers = (r?.data.answers ?? null) as QuizAnswers | null;
			const questions = activity.questions.map((q): QuizQuestionData => {
				const base = { id: q.id, kind: q.kind, prompt: q.prompt[l] };
				// The right answers stay on the server until the group has given its own.
				if (!answers)
					return { ...base, options: q.options.map((o) => ({ id: o.id, text: o.text[l] })) };
				const right = Array.isArray(q.answer) ? q.answer : [q.answer];
				const given = answers[q.id];
				const isRight =
					q.kind === 'multiple'
						? Array.isArray(given) &&
							given.length === right.length &&
							given.every((g) => right.includes(g))
						: given === q.answer;
				return {
					...base,
					options: q.options.map((o) => ({
						id: o.id,
						text: o.text[l],
						correct: right.includes(o.id)
					})),
					right: isRight,
					...(typeof q.answer === 'boolean' && { answer: q.answer }),
					...(q.explanation && { explanation: q.explanation[l] })
				};
			});
			return {
				type: 'quiz',
				step,
				questions,
				values: answers ? answersToRaw(answers) : {},
				result:
					r && r.score !== null && r.maxScore !== null ? { score: r.score, max: r.maxScore } : null,
				revision: r?.revision ?? 0,
				savedBy: r?.savedBy ?? null,
				savedAt: r?.savedAt ?? null
			};
		}
		case 'decide': {
			const d = await readDecision(deps.db, run.id, step);
			return {
				type: 'decide',
				step,
				options: activity.options.map((o) => ({ id: o.id, text: o.text[l] })),
				presentCount: run.presentPersonIds.length,
				values: d ? decisionToRaw(d) : {},
				decided: !!d,
				section: sectionOf(activity, l),
				revision: d?.revision ?? 0,
				savedBy: d?.decidedBy ?? null,
				savedAt: d?.decidedAt ?? null
			};
		}
		default:
			return null;
	}
}
