import type { Activity, Curriculum, Field, Locale, QuizActivity, Text } from '../curriculum/schema';

/**
 * What one saved page weighs besides its own content: the layout (head, header, menu, footer, the
 * queue box and its sentences), measured on the built pages of the demo (docs/architecture.md,
 * "Offline"; bench/README.md has the figures). Content is counted as the HTML or text the page
 * shows from the curriculum, times the markup around it.
 */
export const PAGE_OVERHEAD_BYTES = 7_000;
export const MARKUP_FACTOR = 1.5;

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
	for (const page of pages) {
		const [path] = page.split('?') as [string];
		const parts = path.split('/').slice(1);
		if (path === `/courses/${course.slug}`) content += coursePage;
		else if (sessions.has(path)) content += sessions.get(path)!;
		else if (parts[0] === 'courses' && parts[2] === 'test') {
			const test = tests[parts[3] as keyof typeof tests];
			const n = Number(parts[4]);
			if (!test) continue;
			content += parts[4]
				? test.questions[n - 1]
					? question(test.questions[n - 1]!)
					: 0
				: quiz(test);
		} else if (parts[0] === 'runs') content += step;
		else if (parts[0] === 'teams' && parts[2] === 'workbook')
			content += parts[3]
				? fields(curriculum.section(parts[3])?.fields)
				: curriculum.workbook.parts.reduce(
						(n, p) => n + t(p.title) + p.sections.reduce((m, s) => m + t(s.title), 0),
						0
					);
	}
	return {
		bytes: Math.round(pages.length * PAGE_OVERHEAD_BYTES + content * MARKUP_FACTOR),
		pages: pages.length
	};
}
