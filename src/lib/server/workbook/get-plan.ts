import { and, desc, eq } from 'drizzle-orm';
import type { SectionStatus } from '../../domain/plan-review';
import { FINANCE_SECTION_KEY } from '../../domain/finance/from-section';
import type { SectionData } from '../../domain/workbook-values';
import { assertCan, type Actor } from '../access/guard';
import type { Curriculum, Locale } from '../curriculum/schema';
import type { Executor } from '../db/client';
import { cooperative, planReviewEvent, planSection, programme, user, workbook } from '../db/schema';
import { AppError } from '../errors';
import { teamMembers } from '../sessions/step-target';
import { loadTeamAccess } from '../sessions/team-access';
import {
	ACTION_PLAN_HEADER_KEY,
	activitiesByObjective,
	type ActivitiesByObjective
} from './action-plan-view';
import { ACTION_PLAN_KEY } from './check-action-plan';
import { financeView, type FinanceView } from './finance-view';
import { shownValue } from './shown-value';

export type PlanItem =
	| { kind: 'value'; label: string; value: string }
	| {
			kind: 'table';
			label: string;
			columns: string[];
			rows: string[][];
			/** The Action Plan's activities: one block per objective, with subtotals. */
			byObjective?: ActivitiesByObjective | null;
	  };

export interface PlanSection {
	key: string;
	title: string;
	status: SectionStatus;
	revision: number;
	updatedBy: string | null;
	updatedAt: Date | null;
	/** The last approval, with the revision it approved (older than `revision` if changed since). */
	approval: { by: string | null; at: Date; revision: number } | null;
	items: PlanItem[];
	finance?: FinanceView | null;
}

export interface PlanDocument {
	cooperative: string;
	team: string;
	cohort: string;
	programme: string;
	parts: { id: string; title: string; sections: PlanSection[] }[];
	counts: Record<SectionStatus, number>;
}

/**
 * The cooperative's whole plan as a document shows it: every part and section of the workbook in
 * order, each value as a person reads it, with the section's state, revision and approval, and
 * the financial model worked out. Readers: `plan.read` on the team.
 */
export async function getPlan(
	deps: { db: Executor; curriculum: Curriculum },
	actor: Actor | null,
	teamId: string,
	locale: Locale
): Promise<PlanDocument> {
	if (!actor) throw new AppError('unauthenticated');
	const t = await loadTeamAccess(deps.db, actor, teamId);
	if (!t) throw new AppError('not_found');
	assertCan(actor, 'plan.read', t.scope);
	if (!t.cooperativeId) throw new AppError('not_found', 'team without cooperative');
	const inBook = and(
		eq(workbook.cooperativeId, t.cooperativeId),
		eq(workbook.programmeId, t.programmeId)
	);
	const [[names], rows, approvals, members] = await Promise.all([
		deps.db
			.select({
				cooperative: cooperative.name,
				programme: programme.name
			})
			.from(cooperative)
			.innerJoin(programme, eq(programme.id, t.programmeId))
			.where(eq(cooperative.id, t.cooperativeId)),
		deps.db
			.select({
				key: planSection.sectionKey,
				data: planSection.data,
				status: planSection.status,
				revision: planSection.revision,
				updatedBy: user.name,
				updatedAt: planSection.updatedAt
			})
			.from(planSection)
			.innerJoin(workbook, eq(workbook.id, planSection.workbookId))
			.leftJoin(user, eq(user.id, planSection.updatedBy))
			.where(inBook),
		deps.db
			.select({
				key: planReviewEvent.sectionKey,
				revision: planReviewEvent.revision,
				by: user.name,
				at: planReviewEvent.at
			})
			.from(planReviewEvent)
			.innerJoin(workbook, eq(workbook.id, planReviewEvent.workbookId))
			.leftJoin(user, eq(user.id, planReviewEvent.actorId))
			.where(and(inBook, eq(planReviewEvent.kind, 'approved')))
			.orderBy(desc(planReviewEvent.at)),
		teamMembers(deps.db, t.id)
	]);
	const saved = new Map(rows.map((r) => [r.key, r]));
	const approved = new Map<string, (typeof approvals)[number]>();
	for (const a of approvals) if (!approved.has(a.key)) approved.set(a.key, a);
	const who = new Map(members.map((m) => [m.id, m.name]));
	const counts: Record<SectionStatus, number> = {
		empty: 0,
		draft: 0,
		submitted: 0,
		changes_requested: 0,
		approved: 0
	};
	const parts = deps.curriculum.workbook.parts.map((p) => ({
		id: p.id,
		title: p.title[locale],
		sections: p.sections.map((s): PlanSection => {
			const r = saved.get(s.key);
			const data = (r?.data ?? {}) as SectionData;
			const status: SectionStatus = r?.status ?? 'empty';
			counts[status] += 1;
			const a = approved.get(s.key);
			return {
				key: s.key,
				title: s.title[locale],
				status,
				revision: r?.revision ?? 0,
				updatedBy: r?.updatedBy ?? null,
				updatedAt: r?.updatedAt ?? null,
				approval: a ? { by: a.by, at: a.at, revision: a.revision } : null,
				items: r
					? s.fields.map((f): PlanItem => {
							const label = f.label[locale];
							if (f.type !== 'table')
								return { kind: 'value', label, value: shownValue(f, data[f.id], locale, who) };
							const cols = f.columns ?? [];
							const list = Array.isArray(data[f.id]) ? (data[f.id] as SectionData[]) : [];
							return {
								kind: 'table',
								label,
								columns: cols.map((c) => c.label[locale]),
								rows: list.map((row) => cols.map((c) => shownValue(c, row[c.id], locale, who))),
								...(s.key === ACTION_PLAN_KEY && {
									byObjective: activitiesByObjective(
										f,
										data,
										saved.get(ACTION_PLAN_HEADER_KEY)?.data as SectionData | undefined,
										locale,
										who
									)
								})
							};
						})
					: [],
				...(s.key === FINANCE_SECTION_KEY && { finance: r ? financeView(data, locale) : null })
			};
		})
	}));
	return {
		cooperative: names?.cooperative ?? '',
		team: t.name,
		cohort: t.cohortName,
		programme: names?.programme ?? '',
		parts,
		counts
	};
}
