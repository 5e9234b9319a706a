import { assertCan, type Actor } from '../access/guard';
import { AppError } from '../errors';
import type { Curriculum, Locale } from './schema';
import { sessionView, type SessionView } from './views';

export interface SessionAddress {
	course: string;
	module: string;
	session: string;
}

/** A session with all its steps, for preview. Throws not_found for an unknown address. */
export function readSession(
	curriculum: Curriculum,
	actor: Actor | null,
	at: SessionAddress,
	locale: Locale
): SessionView {
	assertCan(actor, 'course.read');
	const course = curriculum.course(at.course);
	const mod = curriculum.module(at.course, at.module);
	const session = curriculum.session(at.course, at.module, at.session);
	if (!course || !mod || !session)
		throw new AppError('not_found', `session ${at.course}/${at.module}/${at.session}`);
	return sessionView(course, mod, session, locale);
}
