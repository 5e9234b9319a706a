// Zod schemas for the files in content/ (format: docs/content.md) and the types of the index
// built from them. Raw schemas describe one file; the index merges the es and en files.
import { z } from 'zod';

export const locales = ['es', 'en'] as const;
export type Locale = (typeof locales)[number];
export type Text = Record<Locale, string>;
export type TextList = Record<Locale, string[]>;

export const activityTypes = ['read', 'discuss', 'worksheet', 'quiz', 'reflect', 'decide'] as const;
export type ActivityType = (typeof activityTypes)[number];
export const fieldTypes = [
	'text',
	'number',
	'money',
	'date',
	'choice',
	'person',
	'score',
	'table'
] as const;
export type FieldType = (typeof fieldTypes)[number];
export const questionKinds = ['single', 'multiple', 'truefalse'] as const;
export type QuestionKind = (typeof questionKinds)[number];

export const kebabCase = /^[a-z0-9]+(-[a-z0-9]+)*$/;
const camelCase = /^[a-z][a-zA-Z0-9]*$/;

const kebabId = z.string().regex(kebabCase, 'must be kebab-case ([a-z0-9]+(-[a-z0-9]+)*)');
const fieldId = z.string().regex(camelCase, 'must be camelCase ([a-z][a-zA-Z0-9]*)');

/** A non-empty string; `what` names it in the message when it is missing. */
const str = (what = 'text') =>
	z
		.string({
			error: (iss) => (iss.input === undefined ? `missing ${what}` : `${what} must be text`)
		})
		.trim()
		.min(1, `${what} must not be empty`);

/** `{ es, en }`: a translatable text. */
export const localized = z.strictObject({
	es: str('Spanish (es) translation'),
	en: str('English (en) translation')
});

/** `{ es: [...], en: [...] }`: a translatable list; both lists pair up item by item. */
const localizedList = (min: number, max: number) =>
	z
		.strictObject({
			es: z.array(str('item')).min(min).max(max),
			en: z.array(str('item')).min(min).max(max)
		})
		.refine((l) => l.es.length === l.en.length, 'es and en must have the same number of items');

const unique = <T>(items: T[], key: (t: T) => string) => {
	const seen = new Set<string>();
	for (const it of items) {
		const k = key(it);
		if (seen.has(k)) return k;
		seen.add(k);
	}
	return undefined;
};

/** Reports a repeated id in a list (fields, options, questions). */
const uniqueIds =
	(what: string) =>
	<T extends { id: string }>(items: T[], ctx: z.core.$RefinementCtx<T[]>) => {
		const dup = unique(items, (i) => i.id);
		if (dup) ctx.addIssue({ code: 'custom', message: `${what} id "${dup}" is repeated` });
	};

const fieldType = z.enum(fieldTypes, {
	error: (iss) =>
		iss.input === undefined
			? 'missing field type'
			: `unknown field type "${String(iss.input)}" (expected ${fieldTypes.join(', ')})`
});

/** Keys that only some field types take, checked after the shape. */
const checkField =
	(isColumn: boolean) =>
	(f: { type: FieldType; options?: unknown[] }, ctx: z.core.$RefinementCtx<unknown>) => {
		const bad = (key: string, message: string) =>
			ctx.addIssue({ code: 'custom', path: [key], message });
		const has = (key: string) => (f as Record<string, unknown>)[key] !== undefined;
		if (isColumn && f.type === 'table') bad('type', 'a table column cannot be a table');
		if (f.type === 'choice' && (f.options?.length ?? 0) < 2)
			bad('options', 'a choice field needs at least 2 options');
		if (f.type !== 'choice' && has('options')) bad('options', 'only choice fields have options');
		if (f.type !== 'choice' && has('multiple')) bad('multiple', 'only choice fields take multiple');
		if (f.type === 'table' && !has('columns')) bad('columns', 'a table field needs columns');
		if (f.type !== 'table' && has('columns')) bad('columns', 'only table fields have columns');
		if (f.type !== 'table' && has('minRows')) bad('minRows', 'only table fields take minRows');
		if (f.type !== 'text' && has('multiline')) bad('multiline', 'only text fields take multiline');
		if (f.type !== 'number' && has('unit')) bad('unit', 'only number fields take a unit');
		if (f.type !== 'table' && has('defaultRows'))
			bad('defaultRows', 'only table fields take defaultRows');
		else if (has('defaultRows')) checkDefaultRows(f as unknown as RawDefaultTable, bad);
	};

type RawDefaultTable = {
	columns?: { id: string; type: FieldType; multiline?: boolean; options?: { id: string }[] }[];
	defaultRows: Record<string, string | Text>[];
};

/**
 * A table's rows shown before the section is ever saved: text cells in both languages, choice
 * cells as one of their options, date cells as a calendar date. Other column types stay empty.
 */
function checkDefaultRows(f: RawDefaultTable, bad: (key: string, message: string) => void) {
	const columns = new Map((f.columns ?? []).map((c) => [c.id, c]));
	f.defaultRows.forEach((row, i) => {
		for (const [id, v] of Object.entries(row)) {
			const c = columns.get(id);
			const at = `defaultRows.${i}.${id}`;
			if (!c) bad(at, `"${id}" is not a column of this table`);
			else if (c.type === 'text') {
				const max = c.multiline ? 5000 : 500;
				if (typeof v !== 'object') bad(at, 'a text cell needs { es, en }');
				else if (v.es.length > max || v.en.length > max)
					bad(at, `a text cell is at most ${max} characters`);
			} else if (c.type === 'choice') {
				if (typeof v !== 'string' || !(c.options ?? []).some((o) => o.id === v))
					bad(at, `"${String(typeof v === 'string' ? v : '{…}')}" is not an option of "${id}"`);
			} else if (c.type === 'date') {
				if (typeof v !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(v))
					bad(at, 'a date cell is YYYY-MM-DD');
			} else bad(at, `a ${c.type} column cannot have a default`);
		}
	});
}

/**
 * A worksheet field. `text` is the schema of its labels: plain strings in activity files,
 * `{ es, en }` in workbook.yaml. A table's columns are fields too, but never tables.
 */
function fieldSchema<T extends z.ZodType>(text: T, withDefaults = false) {
	const shape = {
		id: fieldId,
		type: fieldType,
		label: text,
		help: text.optional(),
		required: z.boolean().optional(),
		multiline: z.boolean().optional(),
		multiple: z.boolean().optional(),
		unit: text.optional(),
		minRows: z.int().min(1).max(100).optional(),
		options: z
			.array(z.strictObject({ id: kebabId, label: text }))
			.superRefine(uniqueIds('option'))
			.optional()
	};
	const column = z.strictObject(shape).superRefine(checkField(true));
	const columns = z.array(column).min(1).superRefine(uniqueIds('column')).optional();
	// Default rows are declared once in workbook.yaml, where every text has both languages.
	const defaultRows = z
		.array(z.record(z.string(), z.union([str('cell'), localized])))
		.min(1)
		.max(50)
		.optional();
	return (
		withDefaults
			? z.strictObject({ ...shape, columns, defaultRows })
			: z.strictObject({ ...shape, columns })
	).superRefine(checkField(false));
}

export const activityField = fieldSchema(str('label'));
export const workbookField = fieldSchema(localized, true);
export type RawActivityField = z.infer<typeof activityField>;
export type RawWorkbookField = z.infer<typeof workbookField>;
type AnyRawField = RawActivityField | RawWorkbookField;

export const courseFile = z.strictObject({
	title: localized,
	summary: localized,
	outcomes: localizedList(2, 6),
	credit: localized
});

export const moduleFile = z.strictObject({
	title: localized,
	summary: localized,
	output: localized
});

export const sessionFile = z.strictObject({
	title: localized,
	duration: z.int().min(1).max(600),
	objectives: localizedList(2, 5),
	output: localized
});

export const workbookFile = z.strictObject({
	parts: z
		.array(
			z.strictObject({
				id: kebabId,
				title: localized,
				sections: z
					.array(
						z.strictObject({
							id: kebabId,
							title: localized,
							fields: z.array(workbookField).min(1).superRefine(uniqueIds('field'))
						})
					)
					.min(1)
					.superRefine(uniqueIds('section'))
			})
		)
		.min(1)
		.superRefine(uniqueIds('part'))
});
export type RawWorkbook = z.infer<typeof workbookFile>;

/** First pass over an activity's front matter: only its type, for a clear message. */
export const activityHead = z.object({
	type: z.enum(activityTypes, {
		error: (iss) =>
			iss.input === undefined
				? 'missing activity type'
				: `unknown activity type "${String(iss.input)}" (expected ${activityTypes.join(', ')})`
	})
});

const workbookRef = z
	.string()
	.regex(/^[a-z0-9-]+\.[a-z0-9-]+$/, 'workbook must be <part>.<section>, e.g. feasibility.market');

const common = {
	title: str('title'),
	duration: z.int('duration must be whole minutes').min(1).max(120),
	phase: z.enum(['opening', 'closing']).optional()
};

const question = z
	.strictObject({
		id: z.string().regex(/^[a-z0-9-]+$/, 'question id must match [a-z0-9-]+'),
		kind: z.enum(questionKinds, {
			error: (iss) =>
				`unknown question kind "${String(iss.input)}" (expected ${questionKinds.join(', ')})`
		}),
		prompt: str('prompt'),
		options: z
			.array(z.strictObject({ id: kebabId, text: str('option text') }))
			.superRefine(uniqueIds('option'))
			.optional(),
		answer: z.union([z.string(), z.array(z.string()).min(1), z.boolean()], {
			error: 'missing answer (an option id, a list of ids, or true/false)'
		}),
		explanation: str('explanation').optional()
	})
	.superRefine((q, ctx) => {
		const bad = (path: (string | number)[], message: string) =>
			ctx.addIssue({ code: 'custom', path, message });
		const ids = (q.options ?? []).map((o) => o.id);
		if (q.kind === 'truefalse') {
			if (q.options) bad(['options'], 'a truefalse question has no options');
			if (typeof q.answer !== 'boolean') bad(['answer'], 'a truefalse answer is true or false');
			return;
		}
		if (ids.length < 2) bad(['options'], `a ${q.kind} question needs at least 2 options`);
		const answers = q.kind === 'single' ? [q.answer] : q.answer;
		if (q.kind === 'single' && typeof q.answer !== 'string')
			bad(['answer'], 'a single answer is one option id');
		if (q.kind === 'multiple' && !Array.isArray(q.answer))
			bad(['answer'], 'a multiple answer is a list of option ids');
		if (!Array.isArray(answers)) return;
		for (const a of answers)
			if (typeof a !== 'string' || !ids.includes(a))
				bad(['answer'], `answer "${String(a)}" is not one of the options (${ids.join(', ')})`);
		if (unique(answers as string[], (a) => a)) bad(['answer'], 'an answer id is repeated');
	});
export type RawQuestion = z.infer<typeof question>;

const plainActivity = z.strictObject({
	...common,
	type: z.enum(['read', 'discuss', 'reflect'])
});

const worksheetActivity = z
	.strictObject({
		...common,
		type: z.literal('worksheet'),
		workbook: workbookRef.optional(),
		fields: z.array(activityField).min(1).superRefine(uniqueIds('field')).optional()
	})
	.superRefine((a, ctx) => {
		if (!a.workbook === !a.fields)
			ctx.addIssue({
				code: 'custom',
				message: 'a worksheet has either `workbook: <part>.<section>` or its own `fields`'
			});
	});

const quizActivity = z.strictObject({
	...common,
	type: z.literal('quiz'),
	questions: z.array(question).min(1).superRefine(uniqueIds('question'))
});

const decideActivity = z.strictObject({
	...common,
	type: z.literal('decide'),
	options: z
		.array(z.strictObject({ id: kebabId, text: str('option text') }))
		.min(2)
		.superRefine(uniqueIds('option')),
	workbook: workbookRef.optional()
});

/** Second pass, chosen by the type from the first. */
export const activitySchemas = {
	read: plainActivity,
	discuss: plainActivity,
	reflect: plainActivity,
	worksheet: worksheetActivity,
	quiz: quizActivity,
	decide: decideActivity
} as const;

export type RawActivity =
	| z.infer<typeof plainActivity>
	| z.infer<typeof worksheetActivity>
	| z.infer<typeof quizActivity>
	| z.infer<typeof decideActivity>;

/**
 * The keys that must be identical in the es and en files of an activity: everything but texts.
 * Compared as plain data, so the first difference can be named by its path.
 */
export function structureOf(a: RawActivity): unknown {
	const field = (f: AnyRawField): unknown => ({
		id: f.id,
		type: f.type,
		required: f.required ?? false,
		multiline: f.multiline ?? false,
		multiple: f.multiple ?? false,
		minRows: f.minRows ?? null,
		options: f.options?.map((o) => o.id) ?? null,
		columns: 'columns' in f ? (f.columns?.map(field) ?? null) : null
	});
	const base = { type: a.type, duration: a.duration, phase: a.phase ?? null };
	switch (a.type) {
		case 'worksheet':
			return { ...base, workbook: a.workbook ?? null, fields: a.fields?.map(field) ?? null };
		case 'quiz':
			return {
				...base,
				questions: a.questions.map((q) => ({
					id: q.id,
					kind: q.kind,
					options: q.options?.map((o) => o.id) ?? null,
					answer: q.answer,
					explanation: q.explanation !== undefined
				}))
			};
		case 'decide':
			return { ...base, workbook: a.workbook ?? null, options: a.options.map((o) => o.id) };
		default:
			return base;
	}
}

// ---- The index ------------------------------------------------------------------------------

export interface Field {
	id: string;
	type: FieldType;
	label: Text;
	help?: Text;
	required: boolean;
	multiline: boolean;
	multiple: boolean;
	unit?: Text;
	minRows?: number;
	options?: { id: string; label: Text }[];
	columns?: Field[];
	/** A table's rows shown in its form before the section is ever saved (workbook.yaml only). */
	defaultRows?: Record<string, string | Text>[];
}

/** A block of the body (paragraph, list, quote): what one reader reads aloud in one go. */
export interface Chunk {
	html: string;
	text: string;
}

export interface Body {
	html: string;
	/** Plain text, one block or list item per line, for readability and reading aloud. */
	text: string;
	chunks: Chunk[];
}

export interface WorkbookSection {
	/** `<part>.<section>` */
	key: string;
	part: string;
	section: string;
	partTitle: Text;
	title: Text;
	fields: Field[];
}

export interface Workbook {
	parts: { id: string; title: Text; sections: WorkbookSection[] }[];
}

export interface Question {
	id: string;
	kind: QuestionKind;
	prompt: Text;
	options: { id: string; text: Text }[];
	answer: string | string[] | boolean;
	explanation?: Text;
}

interface ActivityBase {
	slug: string;
	number: number;
	title: Text;
	duration: number;
	phase?: 'opening' | 'closing';
	body: Record<Locale, Body>;
	/** Paths of the source files, relative to the content directory's parent. */
	files: Record<Locale, string>;
	/** Reading steps: the URL of the recorded reading per locale, when the content has one. */
	audio?: Partial<Record<Locale, string>>;
	/** Paths of the audio files, like `files`. */
	audioFiles?: Partial<Record<Locale, string>>;
}

export interface PlainActivity extends ActivityBase {
	type: 'read' | 'discuss' | 'reflect';
}
export interface WorksheetActivity extends ActivityBase {
	type: 'worksheet';
	/** The section it fills, when its fields come from the workbook. */
	workbook?: WorkbookSection;
	fields: Field[];
}
export interface QuizActivity extends ActivityBase {
	type: 'quiz';
	questions: Question[];
}
export interface DecideActivity extends ActivityBase {
	type: 'decide';
	options: { id: string; text: Text }[];
	workbook?: WorkbookSection;
}
export type Activity = PlainActivity | WorksheetActivity | QuizActivity | DecideActivity;

export interface Session {
	slug: string;
	number: number;
	title: Text;
	duration: number;
	objectives: TextList;
	output: Text;
	activities: Activity[];
}

export interface Module {
	slug: string;
	number: number;
	title: Text;
	summary: Text;
	output: Text;
	sessions: Session[];
	/** Sum of its sessions' durations. */
	minutes: number;
}

export interface Course {
	slug: string;
	title: Text;
	summary: Text;
	outcomes: TextList;
	credit: Text;
	modules: Module[];
	preTest: QuizActivity;
	postTest: QuizActivity;
	/** Sum of its sessions' durations (the pre- and post-test not included). */
	minutes: number;
}

export interface Curriculum {
	/** Short sha256 of every file's path and contents: progress records the version it was made on. */
	version: string;
	/** Absolute path of the content directory. */
	dir: string;
	courses: Course[];
	workbook: Workbook;
	course(slug: string): Course | undefined;
	module(course: string, module: string): Module | undefined;
	session(course: string, module: string, session: string): Session | undefined;
	activity(course: string, module: string, session: string, activity: string): Activity | undefined;
	/** A workbook section by `<part>.<section>`. */
	section(key: string): WorkbookSection | undefined;
}
