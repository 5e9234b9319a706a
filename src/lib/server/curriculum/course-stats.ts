import { readability, type Readability } from '../../domain/readability';
import type { Course, Locale, Session } from './schema';

/** The text a group reads aloud in a session: every activity's body, one block per line. */
export function sessionText(session: Session, locale: Locale): string {
	return session.activities.map((a) => a.body[locale].text).join('\n');
}

export function courseText(course: Course, locale: Locale): string {
	return course.modules
		.flatMap((m) => m.sessions)
		.map((s) => sessionText(s, locale))
		.join('\n');
}

export interface CourseStats {
	slug: string;
	minutes: number;
	modules: number;
	sessions: number;
	activities: number;
	/** Spanish reading text (the source language; English is a translation). */
	readability: Readability;
	perSession: {
		module: string;
		slug: string;
		number: number;
		minutes: number;
		activities: number;
		readability: Readability;
	}[];
}

export function courseStats(course: Course): CourseStats {
	const sessions = course.modules.flatMap((m) => m.sessions.map((s) => ({ m, s })));
	return {
		slug: course.slug,
		minutes: course.minutes,
		modules: course.modules.length,
		sessions: sessions.length,
		activities: sessions.reduce((n, { s }) => n + s.activities.length, 0),
		readability: readability(courseText(course, 'es')),
		perSession: sessions.map(({ m, s }) => ({
			module: m.slug,
			slug: s.slug,
			number: s.number,
			minutes: s.duration,
			activities: s.activities.length,
			readability: readability(sessionText(s, 'es'))
		}))
	};
}
