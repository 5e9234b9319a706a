import { createHash } from 'node:crypto';
import { and, eq, inArray } from 'drizzle-orm';
import { canStep } from '../../domain/plan-review';
import { assertCan, type Actor } from '../access/guard';
import type { Curriculum, Locale } from '../curriculum/schema';
import type { Db } from '../db/client';
import { uniqueViolation } from '../db/errors';
import { planReviewEvent, planSection, workbook } from '../db/schema';
import { AppError } from '../errors';
import { loadTeamAccess } from '../sessions/team-access';
import { clientIdOf, revisionNumber } from '../sessions/step-target';
import { moveSectionIn } from './move-section';

export type SubmitPlanResult =
	| { status: 'submitted'; count: number }
	/** Sections changed (or moved) since the page was opened: nothing was sent. */
	| { status: 'stale'; sections: string[] };

/**
 * The team sends its whole plan for review in one go: every section the page listed as ready to
 * send (a draft, or one with changes requested), each as the revision the page showed. All or
 * nothing: when any of them was saved or moved since, nothing is sent and the page says which,
 * so nobody sends what they did not read. A retried post (same client id) sends nothing more.
 */
export async function submitPlan(
	deps: { db: Db; curriculum: Curriculum },
	actor: Actor | null,
	input: { teamId: string; clientId: unknown; revisions: Record<string, unknown> },
	locale: Locale
): Promise<SubmitPlanResult> {
	if (!actor) throw new AppError('unauthenticated');
	const team = await loadTeamAccess(deps.db, actor, input.teamId);
	if (!team) throw new AppError('not_found');
	assertCan(actor, 'plan.write', team.scope);
	if (!team.cooperativeId) throw new AppError('not_found', 'team without cooperative');
	const clientId = clientIdOf(input.clientId);

	// Only the workbook's own sections, in its order; anything else posted is ignored.
	const wanted = deps.curriculum.workbook.parts
		.flatMap((p) => p.sections)
		.filter((s) => Object.hasOwn(input.revisions, s.key))
		.map((s) => ({ section: s, revision: revisionNumber(input.revisions[s.key]) }));
	if (!wanted.length)
		throw new AppError('invalid_input', 'nothing listed', { _: 'nothing_to_submit' });
	if (wanted.some((w) => w.revision === null || w.revision === 0))
		throw new AppError('invalid_input', 'revision', { _: 'invalid' });
	const ids = new Map(wanted.map((w) => [w.section.key, sectionClientId(clientId, w.section.key)]));
	const ref = { cooperativeId: team.cooperativeId, programmeId: team.programmeId };

	const run = () =>
		deps.db.transaction(async (tx): Promise<SubmitPlanResult> => {
			const before = await tx
				.select({ id: planReviewEvent.id })
				.from(planReviewEvent)
				.where(inArray(planReviewEvent.clientId, [...ids.values()]));
			if (before.length) return { status: 'submitted', count: before.length };
			const rows = await tx
				.select({
					key: planSection.sectionKey,
					status: planSection.status,
					revision: planSection.revision
				})
				.from(planSection)
				.innerJoin(workbook, eq(workbook.id, planSection.workbookId))
				.where(
					and(
						eq(workbook.cooperativeId, ref.cooperativeId),
						eq(workbook.programmeId, ref.programmeId),
						inArray(
							planSection.sectionKey,
							wanted.map((w) => w.section.key)
						)
					)
				)
				.for('update');
			const now = new Map(rows.map((r) => [r.key, r]));
			const stale = wanted.filter((w) => {
				const r = now.get(w.section.key);
				return !r || r.revision !== w.revision || !canStep(r.status, 'submitted');
			});
			if (stale.length)
				return { status: 'stale', sections: stale.map((w) => w.section.title[locale]) };
			for (const w of wanted)
				await moveSectionIn(
					tx,
					actor,
					{ team, section: w.section, ref: { ...ref, sectionKey: w.section.key } },
					'submitted',
					w.revision!,
					ids.get(w.section.key)!
				);
			return { status: 'submitted', count: wanted.length };
		});
	try {
		return await run();
	} catch (e) {
		// The same post twice at once: the other one sent the plan; answer as it did.
		if (uniqueViolation(e) === 'plan_review_event_client_key') return run();
		throw e;
	}
}

/** One client id per section, derived from the form's: retries find what the first post wrote. */
function sectionClientId(clientId: string, key: string): string {
	const h = createHash('sha256').update(`${clientId}:${key}`).digest('hex');
	return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}
