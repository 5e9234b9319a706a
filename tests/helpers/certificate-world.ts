import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import type { Curriculum } from '../../src/lib/server/curriculum/schema';
import type { Executor } from '../../src/lib/server/db/client';
import { cohort, person, planSection, testAttempt, workbook } from '../../src/lib/server/db/schema';
import { outlineOf } from '../../src/lib/server/sessions/team-progress';
import { makeRun, makeTeamWorld } from './runs';

export const CERT_ORIGIN = 'https://minka.test';

/**
 * A team of four in a cohort following Think.COOP, its cooperative's Action Plan approved:
 * member 0 took part in every session and handed in the post-test (meets the default rule);
 * member 1 took part in every session, no post-test (almost); member 2 in one session only, no
 * post-test (not yet); member 3 in all but two sessions, post-test handed in.
 */
export async function makeCertificateWorld(db: Executor, curriculum: Curriculum) {
	const w = await makeTeamWorld(db, 4);
	await db
		.update(cohort)
		.set({ courses: ['think-coop'] })
		.where(eq(cohort.id, w.cohort.id));
	await db
		.update(person)
		.set({ ciNumber: '4567123', ciExtension: 'LP' })
		.where(eq(person.id, w.people[0]!.id));
	const course = curriculum.course('think-coop')!;
	const outline = outlineOf(course);
	const [p0, p1, p2, p3] = w.people.map((p) => p.id) as [string, string, string, string];
	for (const [i, s] of outline.entries()) {
		const present = [p0, p1];
		if (i === 0) present.push(p2);
		if (i < outline.length - 2) present.push(p3);
		await makeRun(db, {
			teamId: w.team.id,
			cohortId: w.cohort.id,
			course: 'think-coop',
			module: s.module,
			session: s.session,
			present
		});
	}
	for (const personId of [p0, p3])
		await db.insert(testAttempt).values({
			id: randomUUID(),
			personId,
			cohortId: w.cohort.id,
			course: 'think-coop',
			kind: 'post',
			contentVersion: 'test',
			score: 8,
			maxScore: 10,
			submittedAt: new Date()
		});
	const [wb] = await db
		.insert(workbook)
		.values({ cooperativeId: w.coop.id, programmeId: w.cohort.programmeId })
		.returning();
	for (const sectionKey of ['action-plan.header', 'action-plan.activities'])
		await db.insert(planSection).values({
			workbookId: wb!.id,
			sectionKey,
			data: {},
			revision: 2,
			status: 'approved',
			source: 'workbook'
		});
	return { ...w, workbookId: wb!.id, sessions: outline.length, ids: [p0, p1, p2, p3] as const };
}
