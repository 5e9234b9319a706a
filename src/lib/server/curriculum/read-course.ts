import { assertCan, type Actor } from '../access/guard';
import { AppError } from '../errors';
import type { Curriculum, Locale } from './schema';
import { courseView, type CourseView } from './views';

/** One course with its modules and sessions. Throws not_found for an unknown slug. */
export function readCourse(
	curriculum: Curriculum,
	actor: Actor | null,
	slug: string,
	locale: Locale
): CourseView {
	assertCan(actor, 'course.read');
	const course = curriculum.course(slug);
	if (!course) throw new AppError('not_found', `course ${slug}`);
	return courseView(course, locale);
}
