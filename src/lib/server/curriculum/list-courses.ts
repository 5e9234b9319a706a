import { assertCan, type Actor } from '../access/guard';
import type { Curriculum, Locale } from './schema';
import { courseCard, type CourseCard } from './views';

/** The catalogue: every course, in order, in the reader's language. */
export function listCourses(
	curriculum: Curriculum,
	actor: Actor | null,
	locale: Locale
): CourseCard[] {
	assertCan(actor, 'course.read');
	return curriculum.courses.map((c) => courseCard(c, locale));
}
