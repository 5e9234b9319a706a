import { randomUUID } from 'node:crypto';
import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import { sessionKey, sessionStates } from '../../domain/next-session';
import type { Actor } from '../access/guard';
import type { Curriculum, Locale } from '../curriculum/schema';
import { readCourse } from '../curriculum/read-course';
import type { Executor } from '../db/client';
import { cohort, enrolment, sessionRun, team } from '../db/schema';
import { draftParam } from '../sessions/draft-run';
import { outlineOf } from '../sessions/team-progress';
import { estimateOfflineBytes, type OfflineEstimate } from './estimate-offline-bytes';
import { listTestPages } from './list-test-pages';
import { listWorkbookPages } from './list-workbook-pages';

export interface OfflinePages {
	course: string;
	/** The course's title in the member's language (the offline page links to it). */
	title: string;
	/** The content version the pages were made from: a different one means "save again". */
	contentVersion: string;
	/** Every address to keep, in the order to fetch it. */
	pages: string[];
	/** Sessions ready to start with no signal (one per team of the member's: its next one). */
	drafts: OfflineDraft[];
	/** About how much the phone will keep, told before saving. */
	estimate: OfflineEstimate;
}

/** A session not begun, kept so the team can start it with no signal (`/runs/<id>?draft=…`). */
export interface OfflineDraft {
	/** The id the kept start names: the run it makes has it. */
	id: string;
	/** The kept page to open once the start is kept. */
	url: string;
	team: string;
	teamName: string;
	module: string;
	session: string;
	moduleNumber: number;
	sessionNumber: number;
	title: string;
}

/**
 * The player's pages a phone keeps for a run in `stage`: the page itself, then what the group
 * may reach with no signal: the roles after attendance, every step, the closing check-in.
 */
export function runPages(url: string, stage: string, steps: number): string[] {
	if (stage !== 'setup' && stage !== 'play') return [url];
	const at = (v: string | number) => `${url}${url.includes('?') ? '&' : '?'}at=${v}`;
	const pages = [url];
	if (stage === 'setup') pages.push(at('roles'));
	for (let n = 1; n <= steps; n++) pages.push(at(n));
	pages.push(at('checkin'));
	return pages;
}

/**
 * The member's active teams whose cohort has this course, and those teams' runs of it (group
 * runs of any status, for where each team stands; the member's own catch-up runs are not kept).
 */
async function myTeamsAndRuns(db: Executor, personId: string, courseSlug: string) {
	const teams = await db
		.select({ id: team.id, name: team.name })
		.from(enrolment)
		.innerJoin(team, eq(team.id, enrolment.teamId))
		.innerJoin(cohort, eq(cohort.id, team.cohortId))
		.where(
			and(
				eq(enrolment.personId, personId),
				eq(enrolment.status, 'active'),
				sql`${courseSlug} = any(${cohort.courses})`
			)
		)
		.orderBy(asc(team.name));
	const runs = teams.length
		? await db
				.select({
					id: sessionRun.id,
					teamId: sessionRun.teamId,
					module: sessionRun.module,
					session: sessionRun.session,
					stage: sessionRun.stage,
					status: sessionRun.status
				})
				.from(sessionRun)
				.where(
					and(
						eq(sessionRun.course, courseSlug),
						eq(sessionRun.mode, 'group'),
						inArray(
							sessionRun.teamId,
							teams.map((t) => t.id)
						)
					)
				)
				.orderBy(asc(sessionRun.startedAt))
		: [];
	return { teams, runs };
}

/**
 * What "save for use without internet" keeps of a course for this member: the course page, each
 * session page, the pre- and post-test pages with their questions (`listTestPages`), the team's
 * workbook pages the course fills (`listWorkbookPages`); for each open group session of the member's own
 * teams in this course, the player as it is and as it will look further on (`runPages`); and for
 * each of those teams, its next session not begun, ready to start with no signal (`drafts`).
 * Only the member's own teams are listed; every page is fetched by the member's browser and
 * checked for access again when it is.
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
	const drafts: OfflineDraft[] = [];
	if (actor.personId) {
		const content = deps.curriculum.course(course.slug);
		const stepsOf = (module: string, session: string) =>
			content?.modules.find((m) => m.slug === module)?.sessions.find((s) => s.slug === session)
				?.activities.length ?? 0;
		const { teams, runs } = await myTeamsAndRuns(deps.db, actor.personId, course.slug);
		for (const run of runs) {
			if (run.status === 'completed') continue;
			pages.push(...runPages(`/runs/${run.id}`, run.stage, stepsOf(run.module, run.session)));
		}
		// Each team's next session not yet begun, ready to start with no signal: its pages are made
		// for a run whose id is chosen now, and the start the phone keeps names that id.
		const outline = content ? outlineOf(content) : [];
		for (const t of teams) {
			const states = sessionStates(
				outline,
				runs.filter((r) => r.teamId === t.id)
			);
			const next = outline.find((s) => states.get(sessionKey(s)) === 'not_started');
			if (!next) continue;
			const id = randomUUID();
			const draft = { team: t.id, course: course.slug, ...next };
			const url = `/runs/${id}?draft=${draftParam(draft)}`;
			const mod = course.moduleList.find((m) => m.slug === next.module);
			const ses = mod?.sessions.find((s) => s.slug === next.session);
			drafts.push({
				id,
				url,
				team: t.id,
				teamName: t.name,
				module: next.module,
				session: next.session,
				moduleNumber: mod?.number ?? 0,
				sessionNumber: ses?.number ?? 0,
				title: ses?.title ?? ''
			});
			pages.push(...runPages(url, 'setup', stepsOf(next.module, next.session)));
		}
	}
	return {
		course: course.slug,
		title: course.title,
		contentVersion: deps.curriculum.version,
		pages,
		drafts,
		estimate: estimateOfflineBytes(deps.curriculum, course.slug, input.locale, pages)
	};
}
