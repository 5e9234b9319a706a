import { and, asc, eq, exists, ne } from 'drizzle-orm';
import type { Actor } from '../access/guard';
import type { Curriculum, Locale } from '../curriculum/schema';
import { readCourse } from '../curriculum/read-course';
import type { Executor } from '../db/client';
import { enrolment, sessionRun } from '../db/schema';
import { estimateOfflineBytes, type OfflineEstimate } from './estimate-offline-bytes';
import { listTestPages } from './list-test-pages';
import { listWorkbookPages } from './list-workbook-pages';

export interface OfflinePages {
	course: string;
	/** The content version the pages were made from: a different one means "save again". */
	contentVersion: string;
	/** Every address to keep, in the order to fetch it. */
	pages: string[];
	/** About how much the phone will keep, told before saving. */
	estimate: OfflineEstimate;
}

/**
 * What "save for use without internet" keeps of a course for this member: the course page, each
 * session page, the pre- and post-test pages with their questions (`listTestPages`), the team's
 * workbook pages the course fills (`listWorkbookPages`) and, for each open group session of the
 * member's own team in this course, the player as it is and as it will look at each step (`?at=<n>`), so the
 * group can move through the steps with no signal. Only the member's own teams' runs are listed;
 * every page is fetched by the member's browser and checked for access again when it is.
 */
export async function listOfflinePages(
	deps: { db: Executor; curriculum: Curriculum; secret: string },
	actor: Actor,
	input: { course: string; locale: Locale }
): Promise<OfflinePages> {
	const course = readCourse(deps.curriculum, actor, input.course, input.locale);
	const base = `/courses/${course.slug}`;
	const pages = [base];
	for (const mod of course.moduleList)
		for (const s of mod.sessions) pages.push(`${base}/${mod.slug}/${s.slug}`);
	pages.push(...(await listTestPages(deps, actor, course.slug)));
	pages.push(...(await listWorkbookPages(deps, actor, course.slug)));
	if (actor.personId) {
		const runs = await deps.db
			.select({
				id: sessionRun.id,
				module: sessionRun.module,
				session: sessionRun.session,
				stage: sessionRun.stage
			})
			.from(sessionRun)
			.where(
				and(
					eq(sessionRun.course, course.slug),
					eq(sessionRun.mode, 'group'),
					ne(sessionRun.status, 'completed'),
					exists(
						deps.db
							.select({ one: enrolment.id })
							.from(enrolment)
							.where(
								and(
									eq(enrolment.teamId, sessionRun.teamId),
									eq(enrolment.personId, actor.personId),
									eq(enrolment.status, 'active')
								)
							)
					)
				)
			)
			.orderBy(asc(sessionRun.startedAt));
		for (const run of runs) {
			pages.push(`/runs/${run.id}`);
			if (run.stage !== 'play') continue;
			const steps = deps.curriculum
				.course(course.slug)
				?.modules.find((m) => m.slug === run.module)
				?.sessions.find((s) => s.slug === run.session)?.activities.length;
			for (let n = 1; n <= (steps ?? 0); n++) pages.push(`/runs/${run.id}?at=${n}`);
		}
	}
	return {
		course: course.slug,
		contentVersion: deps.curriculum.version,
		pages,
		estimate: estimateOfflineBytes(deps.curriculum, course.slug, input.locale, pages)
	};
}
