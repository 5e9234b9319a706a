import { createHash } from 'node:crypto';
import { readdir, readFile, stat } from 'node:fs/promises';
import { basename, join, relative, resolve, sep } from 'node:path';
import { parse } from 'yaml';
import type { z } from 'zod';
import { audioFile, MAX_AUDIO_BYTES, opusProblem } from './audio';
import { renderBody } from './markdown';
import {
	activityHead,
	activitySchemas,
	courseFile,
	kebabCase,
	locales,
	moduleFile,
	sessionFile,
	structureOf,
	workbookFile,
	type Activity,
	type Body,
	type Course,
	type Curriculum,
	type Field,
	type Locale,
	type Module,
	type QuizActivity,
	type RawActivity,
	type RawActivityField,
	type RawQuestion,
	type RawWorkbookField,
	type Session,
	type Text,
	type Workbook,
	type WorkbookSection
} from './schema';

/** Content that does not follow docs/content.md. `problems` name the file of each. */
export class ContentError extends Error {
	constructor(readonly problems: string[]) {
		super(
			`Invalid content (${problems.length} problem${problems.length === 1 ? '' : 's'}):\n` +
				problems.map((p) => `  - ${p}`).join('\n')
		);
		this.name = 'ContentError';
	}
}

/** Think.COOP leads to Start.COOP; any other course follows in alphabetical order. */
const courseOrder = ['think-coop', 'start-coop'];

const numbered = /^(\d{2})-(.+)$/;
const activityFile = /^(\d{2})-([^.]+)\.([^.]+)\.md$/;
const testFile = /^(pre-test|post-test)\.([^.]+)\.md$/;
const frontMatter = /^---\r?\n([\s\S]*?)\r?\n---[ \t]*(?:\r?\n|$)([\s\S]*)$/;

/**
 * Reads, validates and indexes a content directory (layout in docs/content.md). Collects every
 * problem it finds and throws one ContentError listing them all, or returns the index.
 */
export async function loadCurriculum(dir: string): Promise<Curriculum> {
	const root = resolve(dir);
	const loader = new Loader(root);
	return loader.load();
}

interface Entry {
	name: string;
	path: string;
	dir: boolean;
}

class Loader {
	readonly problems: string[] = [];
	readonly files = new Map<string, string>();
	/** Audio files (`.opus`): their bytes (none when too large to read) and size. */
	readonly audio = new Map<string, { bytes: Buffer; size: number }>();
	/** The content version, known once every file is read: audio URLs carry it. */
	private contentVersion = '';
	private readonly sections = new Map<string, WorkbookSection>();

	constructor(private readonly root: string) {}

	/** A path as shown in messages: from the content directory's name down. */
	show(path: string): string {
		return join(basename(this.root), relative(this.root, path)).split(sep).join('/');
	}

	problem(path: string, message: string) {
		this.problems.push(`${this.show(path)}: ${message}`);
	}

	async load(): Promise<Curriculum> {
		let entries: Entry[];
		try {
			entries = await this.list(this.root);
		} catch {
			throw new ContentError([`${this.root}: content directory not found`]);
		}
		await this.readAll(this.root);
		this.contentVersion = this.version();
		const workbook = this.workbook(join(this.root, 'workbook.yaml'));
		const courses: Course[] = [];
		for (const e of entries) {
			if (!e.dir) {
				if (e.name !== 'workbook.yaml' && e.name !== 'README.md')
					this.problem(e.path, 'unexpected file (see docs/content.md)');
				continue;
			}
			if (!kebabCase.test(e.name)) {
				this.problem(e.path, 'a course folder name is its slug and must be kebab-case');
				continue;
			}
			const course = await this.course(e.name, e.path);
			if (course) courses.push(course);
		}
		if (courses.length === 0 && this.problems.length === 0)
			this.problem(this.root, 'no course folders found');
		if (this.problems.length) throw new ContentError(this.problems);
		courses.sort((a, b) => rank(a.slug) - rank(b.slug) || a.slug.localeCompare(b.slug));
		return buildIndex(this.root, this.contentVersion, courses, workbook);
	}

	/** Directory entries, dotfiles skipped, sorted by name. */
	async list(dir: string): Promise<Entry[]> {
		const dirents = await readdir(dir, { withFileTypes: true });
		return dirents
			.filter((d) => !d.name.startsWith('.'))
			.map((d) => ({ name: d.name, path: join(dir, d.name), dir: d.isDirectory() }))
			.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
	}

	/** Reads every file once: for the version hash and for parsing. */
	async readAll(dir: string) {
		for (const e of await this.list(dir)) {
			if (e.dir) await this.readAll(e.path);
			else if (e.name.endsWith('.opus')) {
				// Binary, and possibly huge by mistake: only read what may be kept.
				const { size } = await stat(e.path);
				const bytes = size <= MAX_AUDIO_BYTES ? await readFile(e.path) : Buffer.alloc(0);
				this.audio.set(e.path, { bytes, size });
			} else this.files.set(e.path, await readFile(e.path, 'utf8'));
		}
	}

	version(): string {
		const hash = createHash('sha256');
		const all: [string, string | Buffer][] = [
			...this.files,
			// A file too large to read is refused anyway; its size stands in for its bytes.
			...[...this.audio].map(([p, a]): [string, Buffer] => [
				p,
				a.size > a.bytes.length ? Buffer.from(String(a.size)) : a.bytes
			])
		];
		for (const [path, data] of all.sort(([a], [b]) => (a < b ? -1 : 1))) {
			hash.update(relative(this.root, path).split(sep).join('/'));
			hash.update('\0');
			hash.update(data);
			hash.update('\0');
		}
		return hash.digest('hex').slice(0, 12);
	}

	/** Parses a YAML text; reports syntax errors and returns undefined. */
	yaml(path: string, text: string): unknown {
		try {
			// YAML 1.2 core schema (the default): yes/no stay strings, only true/false are booleans.
			return parse(text, { prettyErrors: true });
		} catch (e) {
			this.problem(path, `YAML error: ${(e as Error).message.split('\n')[0]}`);
			return undefined;
		}
	}

	/** Reads and validates a YAML file with a schema. */
	yamlFile<T extends z.ZodType>(path: string, schema: T): z.infer<T> | undefined {
		const text = this.files.get(path);
		if (text === undefined) {
			this.problem(path, 'missing file');
			return undefined;
		}
		return this.check(path, schema, this.yaml(path, text));
	}

	check<T extends z.ZodType>(path: string, schema: T, data: unknown): z.infer<T> | undefined {
		if (data === undefined) return undefined;
		const r = schema.safeParse(data);
		if (r.success) return r.data;
		for (const issue of r.error.issues) {
			const at = issue.path.length ? `${issue.path.join('.')}: ` : '';
			this.problem(path, `${at}${issue.message}`);
		}
		return undefined;
	}

	workbook(path: string): Workbook {
		const raw = this.yamlFile(path, workbookFile);
		const parts = (raw?.parts ?? []).map((p) => ({
			id: p.id,
			title: p.title,
			sections: p.sections.map((s) => {
				const section: WorkbookSection = {
					key: `${p.id}.${s.id}`,
					part: p.id,
					section: s.id,
					partTitle: p.title,
					title: s.title,
					fields: s.fields.map(workbookField)
				};
				this.sections.set(section.key, section);
				return section;
			})
		}));
		return { parts };
	}

	/**
	 * The numbered entries of a folder (`NN-slug`), checked: numbers run 01, 02, … without gaps
	 * or repeats, slugs are kebab-case and unique.
	 */
	numbered(dir: string, entries: { name: string; number: number; slug: string }[]) {
		const numbers = [...new Set(entries.map((e) => e.number))].sort((a, b) => a - b);
		const expected = numbers.map((_, i) => i + 1);
		const repeated = entries.length !== numbers.length;
		if (repeated || numbers.some((n, i) => n !== expected[i]))
			this.problem(
				dir,
				`numbering must run 01, 02, … without gaps or repeats; found ${entries
					.map((e) => e.name)
					.join(', ')}`
			);
		const slugs = new Set<string>();
		for (const e of entries) {
			if (!kebabCase.test(e.slug))
				this.problem(join(dir, e.name), `slug "${e.slug}" must be kebab-case`);
			if (slugs.has(e.slug)) this.problem(join(dir, e.name), `slug "${e.slug}" is repeated`);
			slugs.add(e.slug);
		}
	}

	/** Sub-folders named `NN-slug`, in order; anything else is reported. */
	async folders(dir: string, allowedFiles: (name: string) => boolean) {
		const found: { name: string; path: string; number: number; slug: string }[] = [];
		for (const e of await this.list(dir)) {
			if (!e.dir) {
				if (!allowedFiles(e.name)) this.problem(e.path, 'unexpected file (see docs/content.md)');
				continue;
			}
			const m = numbered.exec(e.name);
			if (!m) {
				this.problem(e.path, 'folder name must be NN-slug, e.g. 01-core-members');
				continue;
			}
			found.push({ name: e.name, path: e.path, number: Number(m[1]), slug: m[2]! });
		}
		this.numbered(dir, found);
		return found.sort((a, b) => a.number - b.number);
	}

	async course(slug: string, dir: string): Promise<Course | undefined> {
		const file = this.yamlFile(join(dir, 'course.yaml'), courseFile);
		const preTest = this.test(dir, 'pre-test');
		const postTest = this.test(dir, 'post-test');
		const modules: Module[] = [];
		const folders = await this.folders(
			dir,
			(name) => name === 'course.yaml' || testFile.test(name)
		);
		for (const f of folders) {
			const mod = await this.module(slug, f.slug, f.number, f.path);
			if (mod) modules.push(mod);
		}
		if (folders.length === 0) this.problem(dir, 'a course needs at least one module folder');
		if (!file || !preTest || !postTest || modules.length !== folders.length) return undefined;
		return {
			slug,
			...file,
			modules,
			preTest,
			postTest,
			minutes: modules.reduce((n, m) => n + m.minutes, 0)
		};
	}

	/** The pre- or post-test: a quiz of 10–15 questions of mixed kinds, with explanations. */
	test(dir: string, name: 'pre-test' | 'post-test'): QuizActivity | undefined {
		for (const name2 of this.filesIn(dir)) {
			const m = testFile.exec(name2);
			if (m && m[1] === name && !(locales as readonly string[]).includes(m[2]!))
				this.problem(join(dir, name2), `unknown locale "${m[2]}" (expected ${locales.join(', ')})`);
		}
		const activity = this.activity(dir, name, 0, name);
		if (!activity) return undefined;
		const path = join(dir, `${name}.es.md`);
		if (activity.type !== 'quiz') {
			this.problem(path, `the ${name} must have type: quiz`);
			return undefined;
		}
		const n = activity.questions.length;
		let ok = true;
		const fail = (message: string) => {
			this.problem(path, message);
			ok = false;
		};
		if (n < 10 || n > 15) fail(`the ${name} must have 10–15 questions; it has ${n}`);
		if (new Set(activity.questions.map((q) => q.kind)).size < 2)
			fail(`the ${name} must mix kinds of question (single, multiple, truefalse)`);
		if (activity.phase) fail(`the ${name} has no phase`);
		for (const q of activity.questions) if (!q.explanation) fail(`${q.id}: missing explanation`);
		return ok ? activity : undefined;
	}

	/** Names of the files directly in a folder (from what readAll read). */
	filesIn(dir: string): string[] {
		const out: string[] = [];
		for (const path of [...this.files.keys(), ...this.audio.keys()]) {
			const rel = relative(dir, path);
			if (!rel.includes(sep) && !rel.startsWith('..')) out.push(rel);
		}
		return out.sort();
	}

	async module(
		course: string,
		slug: string,
		number: number,
		dir: string
	): Promise<Module | undefined> {
		const file = this.yamlFile(join(dir, 'module.yaml'), moduleFile);
		const folders = await this.folders(dir, (name) => name === 'module.yaml');
		const sessions: Session[] = [];
		for (const f of folders) {
			const s = this.session(`${course}/${slug}`, f.slug, f.number, f.path);
			if (s) sessions.push(s);
		}
		if (folders.length === 0) this.problem(dir, 'a module needs at least one session folder');
		if (!file || sessions.length !== folders.length) return undefined;
		return {
			slug,
			number,
			...file,
			sessions,
			minutes: sessions.reduce((n, s) => n + s.duration, 0)
		};
	}

	/** `at` is `<course>/<module>`, for the URLs of the session's audio. */
	session(at: string, slug: string, number: number, dir: string): Session | undefined {
		const file = this.yamlFile(join(dir, 'session.yaml'), sessionFile);
		// Activity files grouped by `NN-slug`, each with its locales.
		const groups = new Map<string, { number: number; slug: string }>();
		const audio: { name: string; key: string; locale: string }[] = [];
		for (const name of this.filesIn(dir)) {
			if (name === 'session.yaml') continue;
			const a = audioFile.exec(name);
			if (a) {
				audio.push({ name, key: `${a[1]}-${a[2]}`, locale: a[3]! });
				continue;
			}
			const m = activityFile.exec(name);
			if (!m) {
				this.problem(join(dir, name), 'unexpected file: activities are NN-slug.<locale>.md');
				continue;
			}
			const key = `${m[1]}-${m[2]}`;
			if (!groups.has(key)) groups.set(key, { number: Number(m[1]), slug: m[2]! });
			if (!(locales as readonly string[]).includes(m[3]!))
				this.problem(join(dir, name), `unknown locale "${m[3]}" (expected ${locales.join(', ')})`);
		}
		const entries = [...groups].map(([name, g]) => ({ name, ...g }));
		this.numbered(dir, entries);
		entries.sort((a, b) => a.number - b.number);
		const activities: Activity[] = [];
		for (const e of entries) {
			const a = this.activity(dir, e.name, e.number, e.slug);
			if (a) activities.push(a);
		}
		if (entries.length === 0) {
			this.problem(dir, 'a session needs activities');
			return undefined;
		}
		if (!file || activities.length !== entries.length) return undefined;

		const sessionPath = join(dir, 'session.yaml');
		const total = activities.reduce((n, a) => n + a.duration, 0);
		let ok = true;
		const fail = (path: string, message: string) => {
			this.problem(path, message);
			ok = false;
		};
		if (total !== file.duration)
			fail(
				sessionPath,
				`duration is ${file.duration} but the activities add up to ${total} minutes`
			);
		// Problems name the Spanish source file of the activity concerned.
		const source = (i: number) => join(dir, `${entries[i]!.name}.es.md`);
		const last = activities.length - 1;
		if (activities[0]!.phase !== 'opening' || activities[0]!.type !== 'read')
			fail(source(0), 'the first activity must be type: read with phase: opening');
		if (activities[last]!.phase !== 'closing' || activities[last]!.type !== 'reflect')
			fail(source(last), 'the last activity must be type: reflect with phase: closing');
		activities.forEach((a, i) => {
			if (a.phase && i !== 0 && i !== last)
				fail(source(i), `phase: ${a.phase} belongs only to the first or last activity`);
		});
		if (activities.length === 1) fail(sessionPath, 'a session needs an opening and a closing');
		for (const a of audio) {
			const path = join(dir, a.name);
			const i = entries.findIndex((e) => e.name === a.key);
			const activity = activities[i];
			let problem: string | undefined;
			if (!(locales as readonly string[]).includes(a.locale))
				problem = `unknown locale "${a.locale}" (expected ${locales.join(', ')})`;
			else if (!activity) problem = `no activity ${a.key} for this audio file`;
			else if (activity.type !== 'read')
				problem = `audio belongs only to reading steps (type: read); ${a.key} is type: ${activity.type}`;
			else {
				const { bytes, size } = this.audio.get(path)!;
				problem = opusProblem(bytes, size);
			}
			if (problem) fail(path, problem);
			else {
				const locale = a.locale as Locale;
				activity!.audio = {
					...activity!.audio,
					[locale]: `/audio/${this.contentVersion}/${at}/${slug}/${activity!.slug}.${locale}.opus`
				};
				activity!.audioFiles = { ...activity!.audioFiles, [locale]: this.show(path) };
			}
		}
		return ok ? { slug, number, ...file, activities } : undefined;
	}

	/** Reads both locale files of an activity, validates each and checks they match. */
	activity(dir: string, base: string, number: number, slug: string): Activity | undefined {
		const parsed: Partial<Record<Locale, { raw: RawActivity; body: Body; path: string }>> = {};
		for (const locale of locales) {
			const path = join(dir, `${base}.${locale}.md`);
			const text = this.files.get(path);
			if (text === undefined) {
				this.problem(path, `missing locale file (every activity needs ${locales.join(' and ')})`);
				continue;
			}
			const m = frontMatter.exec(text);
			if (!m) {
				this.problem(path, 'missing front matter between --- lines');
				continue;
			}
			const data = this.yaml(path, m[1]!);
			const head = this.check(path, activityHead, data);
			if (!head) continue;
			const raw = this.check(path, activitySchemas[head.type], data) as RawActivity | undefined;
			if (!raw) continue;
			const body = renderBody(m[2]!);
			for (const p of body.problems) this.problem(path, p);
			if (!body.text && number > 0) this.problem(path, 'the body is empty');
			parsed[locale] = {
				raw,
				body: { html: body.html, text: body.text, chunks: body.chunks },
				path
			};
		}
		const es = parsed.es;
		const en = parsed.en;
		if (!es || !en) return undefined;
		const diff = firstDifference(structureOf(es.raw), structureOf(en.raw));
		if (diff) {
			this.problem(
				en.path,
				`structure differs from ${basename(es.path)} at ${diff.path || 'top level'}: es has ${diff.es}, en has ${diff.en}`
			);
			return undefined;
		}
		const ref = 'workbook' in es.raw ? es.raw.workbook : undefined;
		const section = ref ? this.sections.get(ref) : undefined;
		if (ref && !section) {
			this.problem(es.path, `workbook: "${ref}" is not a section of workbook.yaml`);
			return undefined;
		}
		// A group decision is stored in the plan: its section needs a choice with the same options.
		if (section && es.raw.type === 'decide' && 'options' in es.raw) {
			const ids = new Set(es.raw.options.map((o) => o.id));
			const fits = section.fields.some(
				(f) =>
					f.type === 'choice' &&
					f.options?.length === ids.size &&
					f.options.every((o) => ids.has(o.id))
			);
			if (!fits) {
				this.problem(
					es.path,
					`workbook: "${ref}" has no choice field with this decision's options (${[...ids].join(', ')})`
				);
				return undefined;
			}
		}
		return merge(es.raw, en.raw, {
			slug,
			number,
			body: { es: es.body, en: en.body },
			files: { es: this.show(es.path), en: this.show(en.path) },
			section
		});
	}
}

function rank(slug: string) {
	const i = courseOrder.indexOf(slug);
	return i === -1 ? courseOrder.length : i;
}

/** The first path where two plain values differ, with both values shown. */
function firstDifference(
	a: unknown,
	b: unknown,
	path = ''
): { path: string; es: string; en: string } | undefined {
	const show = (v: unknown) => (v === undefined ? 'nothing' : JSON.stringify(v));
	if (Array.isArray(a) && Array.isArray(b)) {
		for (let i = 0; i < Math.max(a.length, b.length); i++) {
			const d = firstDifference(a[i], b[i], path ? `${path}.${i}` : String(i));
			if (d) return d;
		}
		return undefined;
	}
	if (
		a &&
		b &&
		typeof a === 'object' &&
		typeof b === 'object' &&
		!Array.isArray(a) &&
		!Array.isArray(b)
	) {
		const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
		for (const k of keys) {
			const d = firstDifference(
				(a as Record<string, unknown>)[k],
				(b as Record<string, unknown>)[k],
				path ? `${path}.${k}` : k
			);
			if (d) return d;
		}
		return undefined;
	}
	return JSON.stringify(a) === JSON.stringify(b) ? undefined : { path, es: show(a), en: show(b) };
}

const pair = (es: string, en: string): Text => ({ es, en });
const pairOpt = (es?: string, en?: string): Text | undefined =>
	es !== undefined && en !== undefined ? { es, en } : undefined;

function workbookField(f: RawWorkbookField): Field {
	return {
		id: f.id,
		type: f.type,
		label: f.label,
		...(f.help && { help: f.help }),
		required: f.required ?? false,
		multiline: f.multiline ?? false,
		multiple: f.multiple ?? false,
		...(f.unit && { unit: f.unit }),
		...(f.minRows !== undefined && { minRows: f.minRows }),
		...(f.options && { options: f.options }),
		...('columns' in f && f.columns && { columns: f.columns.map(workbookField) }),
		...('defaultRows' in f && Array.isArray(f.defaultRows)
			? { defaultRows: f.defaultRows as Field['defaultRows'] }
			: {})
	};
}

/** One field from its es and en versions (same structure, checked before). */
function activityField(es: RawActivityField, en: RawActivityField): Field {
	const help = pairOpt(es.help, en.help);
	const unit = pairOpt(es.unit, en.unit);
	return {
		id: es.id,
		type: es.type,
		label: pair(es.label, en.label),
		...(help && { help }),
		required: es.required ?? false,
		multiline: es.multiline ?? false,
		multiple: es.multiple ?? false,
		...(unit && { unit }),
		...(es.minRows !== undefined && { minRows: es.minRows }),
		...(es.options && {
			options: es.options.map((o, i) => ({ id: o.id, label: pair(o.label, en.options![i]!.label) }))
		}),
		...('columns' in es &&
			es.columns && {
				columns: es.columns.map((c, i) =>
					activityField(c, (en as { columns: RawActivityField[] }).columns[i]!)
				)
			})
	};
}

function question(es: RawQuestion, en: RawQuestion) {
	const explanation = pairOpt(es.explanation, en.explanation);
	return {
		id: es.id,
		kind: es.kind,
		prompt: pair(es.prompt, en.prompt),
		options: (es.options ?? []).map((o, i) => ({
			id: o.id,
			text: pair(o.text, en.options![i]!.text)
		})),
		answer: es.answer,
		...(explanation && { explanation })
	};
}

function merge(
	es: RawActivity,
	en: RawActivity,
	x: {
		slug: string;
		number: number;
		body: Record<Locale, Body>;
		files: Record<Locale, string>;
		section?: WorkbookSection;
	}
): Activity {
	const base = {
		slug: x.slug,
		number: x.number,
		title: pair(es.title, en.title),
		duration: es.duration,
		...(es.phase && { phase: es.phase }),
		body: x.body,
		files: x.files
	};
	switch (es.type) {
		case 'worksheet': {
			const other = en as typeof es;
			const fields = es.fields
				? es.fields.map((f, i) => activityField(f, other.fields![i]!))
				: (x.section?.fields ?? []);
			return { ...base, type: 'worksheet', fields, ...(x.section && { workbook: x.section }) };
		}
		case 'quiz': {
			const other = en as typeof es;
			return {
				...base,
				type: 'quiz',
				questions: es.questions.map((q, i) => question(q, other.questions[i]!))
			};
		}
		case 'decide': {
			const other = en as typeof es;
			return {
				...base,
				type: 'decide',
				options: es.options.map((o, i) => ({
					id: o.id,
					text: pair(o.text, other.options[i]!.text)
				})),
				...(x.section && { workbook: x.section })
			};
		}
		default:
			return { ...base, type: es.type };
	}
}

function buildIndex(
	dir: string,
	version: string,
	courses: Course[],
	workbook: Workbook
): Curriculum {
	const byCourse = new Map(courses.map((c) => [c.slug, c]));
	const moduleKey = (c: string, m: string) => `${c}/${m}`;
	const modules = new Map<string, Module>();
	const sessions = new Map<string, Session>();
	const activities = new Map<string, Activity>();
	for (const c of courses)
		for (const m of c.modules) {
			modules.set(moduleKey(c.slug, m.slug), m);
			for (const s of m.sessions) {
				sessions.set(`${c.slug}/${m.slug}/${s.slug}`, s);
				for (const a of s.activities) activities.set(`${c.slug}/${m.slug}/${s.slug}/${a.slug}`, a);
			}
		}
	const sections = new Map(workbook.parts.flatMap((p) => p.sections.map((s) => [s.key, s])));
	return {
		version,
		dir,
		courses,
		workbook,
		course: (c) => byCourse.get(c),
		module: (c, m) => modules.get(moduleKey(c, m)),
		session: (c, m, s) => sessions.get(`${c}/${m}/${s}`),
		activity: (c, m, s, a) => activities.get(`${c}/${m}/${s}/${a}`),
		section: (key) => sections.get(key)
	};
}
