// Curriculum nodes seen in one language: plain, serialisable objects for pages and endpoints.
import type {
	Activity,
	ActivityType,
	Course,
	Field,
	FieldType,
	Locale,
	Module,
	QuestionKind,
	Session
} from './schema';

export interface CourseCard {
	slug: string;
	title: string;
	summary: string;
	minutes: number;
	modules: number;
	sessions: number;
}

export interface SessionCard {
	slug: string;
	number: number;
	title: string;
	duration: number;
	activities: number;
}

export interface ModuleView {
	slug: string;
	number: number;
	title: string;
	summary: string;
	output: string;
	minutes: number;
	sessions: SessionCard[];
}

export interface CourseView extends CourseCard {
	outcomes: string[];
	credit: string;
	moduleList: ModuleView[];
	preTest: { questions: number; duration: number };
	postTest: { questions: number; duration: number };
}

export interface FieldView {
	id: string;
	type: FieldType;
	label: string;
	help?: string;
	required: boolean;
	multiline: boolean;
	multiple: boolean;
	unit?: string;
	minRows?: number;
	options?: { id: string; label: string }[];
	columns?: FieldView[];
}

export interface QuestionView {
	id: string;
	kind: QuestionKind;
	prompt: string;
	options: { id: string; text: string; correct: boolean }[];
	/** For true/false questions; null otherwise. */
	answer: boolean | null;
	explanation?: string;
}

export interface ActivityView {
	slug: string;
	number: number;
	type: ActivityType;
	title: string;
	duration: number;
	phase?: 'opening' | 'closing';
	/** Rendered on the server from our own Markdown, raw HTML escaped. */
	html: string;
	chunks: number;
	/** URL of the recorded reading in this language (reading steps that have one). */
	audio?: string;
	/** The workbook section a worksheet or decision writes into. */
	workbook?: { key: string; part: string; title: string };
	fields?: FieldView[];
	questions?: QuestionView[];
	options?: { id: string; text: string }[];
}

export interface SessionLink {
	module: string;
	slug: string;
	title: string;
}

export interface SessionView {
	course: { slug: string; title: string; credit: string };
	module: { slug: string; number: number; title: string };
	slug: string;
	number: number;
	title: string;
	duration: number;
	objectives: string[];
	output: string;
	activities: ActivityView[];
	previous: SessionLink | null;
	next: SessionLink | null;
}

export function courseCard(c: Course, l: Locale): CourseCard {
	return {
		slug: c.slug,
		title: c.title[l],
		summary: c.summary[l],
		minutes: c.minutes,
		modules: c.modules.length,
		sessions: c.modules.reduce((n, m) => n + m.sessions.length, 0)
	};
}

function moduleView(m: Module, l: Locale): ModuleView {
	return {
		slug: m.slug,
		number: m.number,
		title: m.title[l],
		summary: m.summary[l],
		output: m.output[l],
		minutes: m.minutes,
		sessions: m.sessions.map((s) => ({
			slug: s.slug,
			number: s.number,
			title: s.title[l],
			duration: s.duration,
			activities: s.activities.length
		}))
	};
}

export function courseView(c: Course, l: Locale): CourseView {
	return {
		...courseCard(c, l),
		outcomes: c.outcomes[l],
		credit: c.credit[l],
		moduleList: c.modules.map((m) => moduleView(m, l)),
		preTest: { questions: c.preTest.questions.length, duration: c.preTest.duration },
		postTest: { questions: c.postTest.questions.length, duration: c.postTest.duration }
	};
}

export function fieldView(f: Field, l: Locale): FieldView {
	return {
		id: f.id,
		type: f.type,
		label: f.label[l],
		...(f.help && { help: f.help[l] }),
		required: f.required,
		multiline: f.multiline,
		multiple: f.multiple,
		...(f.unit && { unit: f.unit[l] }),
		...(f.minRows !== undefined && { minRows: f.minRows }),
		...(f.options && { options: f.options.map((o) => ({ id: o.id, label: o.label[l] })) }),
		...(f.columns && { columns: f.columns.map((c) => fieldView(c, l)) })
	};
}

export function activityView(a: Activity, l: Locale): ActivityView {
	const view: ActivityView = {
		slug: a.slug,
		number: a.number,
		type: a.type,
		title: a.title[l],
		duration: a.duration,
		...(a.phase && { phase: a.phase }),
		html: a.body[l].html,
		chunks: a.body[l].chunks.length,
		...(a.audio?.[l] && { audio: a.audio[l] })
	};
	if ((a.type === 'worksheet' || a.type === 'decide') && a.workbook)
		view.workbook = {
			key: a.workbook.key,
			part: a.workbook.partTitle[l],
			title: a.workbook.title[l]
		};
	if (a.type === 'worksheet') view.fields = a.fields.map((f) => fieldView(f, l));
	if (a.type === 'decide') view.options = a.options.map((o) => ({ id: o.id, text: o.text[l] }));
	if (a.type === 'quiz')
		view.questions = a.questions.map((q) => {
			const correct = Array.isArray(q.answer) ? q.answer : [q.answer];
			return {
				id: q.id,
				kind: q.kind,
				prompt: q.prompt[l],
				options: q.options.map((o) => ({
					id: o.id,
					text: o.text[l],
					correct: correct.includes(o.id)
				})),
				answer: typeof q.answer === 'boolean' ? q.answer : null,
				...(q.explanation && { explanation: q.explanation[l] })
			};
		});
	return view;
}

export function sessionView(c: Course, m: Module, s: Session, l: Locale): SessionView {
	// Previous and next across module boundaries: the course is one path.
	const all = c.modules.flatMap((mod) => mod.sessions.map((ses) => ({ mod, ses })));
	const i = all.findIndex((x) => x.ses === s);
	const link = (x: (typeof all)[number] | undefined): SessionLink | null =>
		x ? { module: x.mod.slug, slug: x.ses.slug, title: x.ses.title[l] } : null;
	return {
		course: { slug: c.slug, title: c.title[l], credit: c.credit[l] },
		module: { slug: m.slug, number: m.number, title: m.title[l] },
		slug: s.slug,
		number: s.number,
		title: s.title[l],
		duration: s.duration,
		objectives: s.objectives[l],
		output: s.output[l],
		activities: s.activities.map((a) => activityView(a, l)),
		previous: link(all[i - 1]),
		next: link(all[i + 1])
	};
}
