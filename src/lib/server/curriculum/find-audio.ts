import { dirname, join } from 'node:path';
import { assertCan, type Actor } from '../access/guard';
import { AppError } from '../errors';
import { locales, type Curriculum, type Locale } from './schema';

const fileName = /^([a-z0-9]+(?:-[a-z0-9]+)*)\.([a-z]{2})\.opus$/;

/**
 * The file behind an audio URL `/audio/<version>/<course>/<module>/<session>/<activity>.<locale>.opus`
 * (`Activity.audio`). Only the running content version is served: an old version's URL is gone,
 * which is why a served one may be cached for good.
 */
export function findAudio(
	curriculum: Curriculum,
	actor: Actor | null,
	p: { version: string; course: string; module: string; session: string; file: string }
): { path: string } {
	assertCan(actor, 'course.read');
	const m = fileName.exec(p.file);
	if (p.version !== curriculum.version || !m || !(locales as readonly string[]).includes(m[2]!))
		throw new AppError('not_found');
	const activity = curriculum.activity(p.course, p.module, p.session, m[1]!);
	const file = activity?.audioFiles?.[m[2] as Locale];
	if (!file) throw new AppError('not_found');
	// `audioFiles` are relative to the content directory's parent, like `files`.
	return { path: join(dirname(curriculum.dir), file) };
}
