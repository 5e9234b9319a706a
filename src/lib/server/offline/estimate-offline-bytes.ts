import type { Activity, Curriculum, Field, Locale, QuizActivity, Text } from '../curriculum/schema';

/**
 * Weights measured on the built pages of the demo (Think.COOP in Spanish, December 2026; the
 * figures are in bench/README.md). A page's own layout (head, header, menu, footer, the queue
 * box's sentences) is about 4 KB; the curriculum HTML or text it shows takes about 1.9 times its
 * length once marked up. The player's layout is heavier (about 14 KB); a workbook overview's row
 * about 400 bytes; each field, option or column of a section's form about 260.
 */
export const PAGE_OVERHEAD_BYTES = 4_000;
export const MARKUP_FACTOR = 1.9;
const PLAYER_OVERHEAD_BYTES = 14_000;
const WORKBOOK_ROW_BYTES = 400;
const FORM_ITEM_BYTES = 260;

export interface OfflineEstimate {
	/** About how many bytes the phone will keep: an estimate, shown as "about". */
	bytes: number;
	pages: number;
}

const size = (s: string) => Buffer.byteLength(s, 'utf8');

/**
 * About how much saving these pages of a course keeps on the phone, from the content alone (no page
 * is built to count it): each page's layout plus the curriculum text it shows. A player page shows
 * one step: it counts as the course's average step. Team workbook pages count their fields.
 */
export function estimateOfflineBytes(
	curriculum: Curriculum,
	courseSlug: string,
	locale: Locale,
	pages: readonly string[]
): OfflineEstimate {
	const course = curriculum.course(courseSlug);
	if (!course) return { bytes: 0, pages: pages.length };
	const t = (x: Text | undefined) => (x ? size(x[locale]) : 0);
	const fields = (list: readonly Field[] | undefined): number =>
		(list ?? []).reduce(
			(n, f) =>
				n +
				t(f.label) +
				t(f.help) +
				(f.options ?? []).reduce((m, o) => m + t(o.label), 0) +
				fields(f.columns),
			0
		);
	const activity = (a: Activity): number =>
		t(a.title) +
		size(a.body[locale].html) +
		(a.type === 'worksheet' ? fields(a.fields) : 0) +
		(a.type === 'decide' ? a.options.reduce((n, o) => n + t(o.text), 0) : 0) +
		(a.type === 'quiz' ? quiz(a) : 0);
	const question = (q: QuizActivity['questions'][number]) =>
		t(q.prompt) + q.options.reduce((n, o) => n + t(o.text), 0);
	const quiz = (a: QuizActivity) => a.questions.reduce((n, q) => n + question(q), 0);
	const prompts = (a: QuizActivity) => a.questions.reduce((n, q) => n + t(q.prompt), 0);
	const items = (list: readonly Field[] | undefined): number =>
		(list ?? []).reduce((n, f) => n + 1 + (f.options?.length ?? 0) + items(f.columns), 0);

	const sessions = new Map<string, number>();
	let steps = 0;
	let stepText = 0;
	let coursePage = t(course.title) + t(course.summary) + size(course.outcomes[locale].join(''));
	for (const mod of course.modules) {
		coursePage += t(mod.title) + t(mod.summary);
		for (const s of mod.sessions) {
			const text = s.activities.reduce((n, a) => n + activity(a), 0);
			sessions.set(`/courses/${course.slug}/${mod.slug}/${s.slug}`, t(s.title) + text);
			coursePage += t(s.title);
			steps += s.activities.length;
			stepText += text;
		}
	}
	const step = steps ? stepText / steps : 0;
	const tests = { pre: course.preTest, post: course.postTest };

	let content = 0;
	let layout = 0;
	for (const page of pages) {
		const [path, query] = page.split('?') as [string, string | undefined];
		const parts = path.split('/').slice(1);
		layout += parts[0] === 'runs' ? PLAYER_OVERHEAD_BYTES : PAGE_OVERHEAD_BYTES;
		if (path === `/courses/${course.slug}`) content += coursePage;
		else if (sessions.has(path)) content += sessions.get(path)!;
		else if (parts[0] === 'courses' && parts[2] === 'test') {
			const test = tests[parts[3] as keyof typeof tests];
			const q = test?.questions[Number(parts[4]) - 1];
			// A question; the list of them (a started or saved-ahead test); a start page: its layout.
			if (q) content += question(q);
			else if (test && !parts[4] && query) content += prompts(test);
		} else if (parts[0] === 'runs') content += step;
		else if (parts[0] === 'teams' && parts[2] === 'workbook') {
			const section = parts[3] ? curriculum.section(parts[3]) : undefined;
			if (section) layout += items(section.fields) * FORM_ITEM_BYTES;
			if (section) content += fields(section.fields);
			else
				for (const p of curriculum.workbook.parts) {
					content += t(p.title) + p.sections.reduce((m, s) => m + t(s.title), 0);
					layout += p.sections.length * WORKBOOK_ROW_BYTES;
				}
		}
	}
	return { bytes: Math.round(layout + content * MARKUP_FACTOR), pages: pages.length };
}
