import { and, asc, desc, eq, inArray } from 'drizzle-orm';
import { canStep, isLocked, type ReviewStep, type SectionStatus } from '../../domain/plan-review';
import { diffSection } from '../../domain/section-diff';
import {
	defaultData,
	toFormRaw,
	type FormRaw,
	type SectionData
} from '../../domain/workbook-values';
import { assertCan, can, type Actor } from '../access/guard';
import type { Curriculum, Locale } from '../curriculum/schema';
import { fieldView, type FieldView } from '../curriculum/views';
import { shownValue } from './shown-value';
import type { Executor } from '../db/client';
import {
	planComment,
	planReviewEvent,
	planRevision,
	planSection,
	user,
	workbook
} from '../db/schema';
import { AppError } from '../errors';
import { teamMembers } from '../sessions/step-target';
import { loadTeamAccess } from '../sessions/team-access';
import { FINANCE_SECTION_KEY } from '../../domain/finance/from-section';
import {
	ACTION_PLAN_KEY,
	checkActionPlanSection,
	type ActionPlanChecks
} from './check-action-plan';
import {
	ACTION_PLAN_HEADER_KEY,
	activitiesByObjective,
	type ActivitiesByObjective
} from './action-plan-view';
import { financeSummary, financeView, type FinanceSummary, type FinanceView } from './finance-view';
import { readSection } from './read-section';

/** How many saved versions the page lists (newest first); older ones stay in the database. */
export const HISTORY_LIMIT = 50;
/** How many comments and answers a section page shows (oldest first). */
export const COMMENT_LIMIT = 200;

export interface SectionPage {
	team: { id: string; name: string };
	key: string;
	part: string;
	title: string;
	fields: FieldView[];
	/** The current data as form values, for the read-only fields. */
	values: FormRaw;
	status: SectionStatus;
	revision: number;
	members: { id: string; name: string }[];
	history: {
		revision: number;
		source: 'session' | 'workbook';
		savedBy: string | null;
		savedAt: Date;
	}[];
	can: {
		write: boolean;
		review: boolean;
		/** The team may send this revision for review now. */
		submit: boolean;
		/** The reviewer may approve it or ask for changes now. */
		decide: boolean;
		/** New comments (reviewers) and answers (the team and reviewers). */
		comment: boolean;
		answer: boolean;
	};
	/** Under review: nobody changes it until the reviewer asks for changes. */
	locked: boolean;
	/** Comments by field id ('' for the section as a whole), oldest first, with their answers. */
	comments: Record<string, CommentThread[]>;
	/** The review's steps, newest first. */
	timeline: { kind: ReviewStep; revision: number; by: string | null; at: Date }[];
	/** What changed in the version asked for (`compare`) against the one before it. */
	comparison: { revision: number; changes: ShownChange[] } | null;
	/** The financial plan only: the model worked out on the saved data (null before any). */
	finance?: FinanceView | null;
	/** The feasibility study's finances and decision: the financial plan's headline figures. */
	financeSummary?: FinanceSummary | null;
	/** The Action Plan's activities only: the mistakes the checks found in what was saved. */
	checks?: ActionPlanChecks;
	/** The Action Plan's activities only: grouped by objective (null while none is written). */
	byObjective?: ActivitiesByObjective | null;
}

export interface CommentView {
	id: string;
	body: string;
	by: string | null;
	at: Date;
	/** The revision it was written on (a comment on an older one may be answered already). */
	revision: number;
}
export type CommentThread = CommentView & { answers: CommentView[] };

/** A change ready to show: the field's label, and both values as text (or a table's rows). */
export type ShownChange =
	| { label: string; kind: 'value'; before: string; after: string }
	| { label: string; kind: 'rows'; before: number; after: number; changedRows: number[] };

// Where the feasibility study judges the finances, the financial plan's figures are shown.
const FEASIBILITY_FINANCE_KEYS = new Set(['feasibility.finances', 'feasibility.decision']);

const SECTION_KEY = /^[a-z0-9-]{1,40}\.[a-z0-9-]{1,40}$/;

/**
 * One section of a team's workbook as it stands, with its saved versions (who, when, from a
 * session or the workbook). Readers: `plan.read` on the team. An unknown section is not found.
 */
export async function getSection(
	deps: { db: Executor; curriculum: Curriculum },
	actor: Actor | null,
	teamId: string,
	sectionKey: string,
	locale: Locale,
	compare: number | null = null
): Promise<SectionPage> {
	if (!actor) throw new AppError('unauthenticated');
	const t = await loadTeamAccess(deps.db, actor, teamId);
	if (!t) throw new AppError('not_found');
	assertCan(actor, 'plan.read', t.scope);
	const section = SECTION_KEY.test(sectionKey) ? deps.curriculum.section(sectionKey) : undefined;
	if (!t.cooperativeId || !section) throw new AppError('not_found');

	const where = and(
		eq(workbook.cooperativeId, t.cooperativeId),
		eq(workbook.programmeId, t.programmeId),
		eq(planSection.sectionKey, sectionKey)
	);
	const [[current], history, members, comments, events] = await Promise.all([
		deps.db
			.select({
				data: planSection.data,
				status: planSection.status,
				revision: planSection.revision
			})
			.from(planSection)
			.innerJoin(workbook, eq(workbook.id, planSection.workbookId))
			.where(where),
		deps.db
			.select({
				revision: planRevision.revision,
				source: planRevision.source,
				savedBy: user.name,
				savedAt: planRevision.savedAt
			})
			.from(planRevision)
			.innerJoin(workbook, eq(workbook.id, planRevision.workbookId))
			.leftJoin(user, eq(user.id, planRevision.savedBy))
			.where(
				and(
					eq(workbook.cooperativeId, t.cooperativeId),
					eq(workbook.programmeId, t.programmeId),
					eq(planRevision.sectionKey, sectionKey)
				)
			)
			.orderBy(desc(planRevision.revision))
			.limit(HISTORY_LIMIT),
		teamMembers(deps.db, t.id),
		deps.db
			.select({
				id: planComment.id,
				fieldId: planComment.fieldId,
				parentId: planComment.parentId,
				body: planComment.body,
				by: user.name,
				at: planComment.createdAt,
				revision: planComment.revision
			})
			.from(planComment)
			.innerJoin(workbook, eq(workbook.id, planComment.workbookId))
			.leftJoin(user, eq(user.id, planComment.authorId))
			.where(
				and(
					eq(workbook.cooperativeId, t.cooperativeId),
					eq(workbook.programmeId, t.programmeId),
					eq(planComment.sectionKey, sectionKey)
				)
			)
			.orderBy(asc(planComment.createdAt), asc(planComment.id))
			.limit(COMMENT_LIMIT),
		deps.db
			.select({
				kind: planReviewEvent.kind,
				revision: planReviewEvent.revision,
				by: user.name,
				at: planReviewEvent.at
			})
			.from(planReviewEvent)
			.innerJoin(workbook, eq(workbook.id, planReviewEvent.workbookId))
			.leftJoin(user, eq(user.id, planReviewEvent.actorId))
			.where(
				and(
					eq(workbook.cooperativeId, t.cooperativeId),
					eq(workbook.programmeId, t.programmeId),
					eq(planReviewEvent.sectionKey, sectionKey)
				)
			)
			.orderBy(desc(planReviewEvent.at))
			.limit(HISTORY_LIMIT)
	]);
	let comparison: SectionPage['comparison'] = null;
	if (compare !== null && Number.isSafeInteger(compare) && compare >= 1) {
		const versions = await deps.db
			.select({ revision: planRevision.revision, data: planRevision.data })
			.from(planRevision)
			.innerJoin(workbook, eq(workbook.id, planRevision.workbookId))
			.where(
				and(
					eq(workbook.cooperativeId, t.cooperativeId),
					eq(workbook.programmeId, t.programmeId),
					eq(planRevision.sectionKey, sectionKey),
					inArray(planRevision.revision, [compare - 1, compare])
				)
			);
		const after = versions.find((v) => v.revision === compare);
		if (after) {
			const before = versions.find((v) => v.revision === compare - 1)?.data ?? {};
			const names = new Map(members.map((m) => [m.id, m.name]));
			comparison = {
				revision: compare,
				changes: diffSection(section.fields, before as SectionData, after.data as SectionData).map(
					(c): ShownChange => {
						const f = section.fields.find((x) => x.id === c.field)!;
						const label = f.label[locale];
						if (c.kind === 'rows') return { ...c, label };
						const show = (v: unknown) => shownValue(f, v, locale, names);
						return { label, kind: 'value', before: show(c.before), after: show(c.after) };
					}
				)
			};
		}
	}
	const status: SectionStatus = current?.status ?? 'empty';
	const revision = current?.revision ?? 0;
	const write = can(actor, 'plan.write', t.scope);
	const review = can(actor, 'plan.review', t.scope);
	return {
		comparison,
		team: { id: t.id, name: t.name },
		key: section.key,
		part: section.partTitle[locale],
		title: section.title[locale],
		fields: section.fields.map((f) => fieldView(f, locale)),
		// Never saved: the form opens with the rows the content declares (the AFCOOP checklist).
		values: toFormRaw(
			section.fields,
			current ? (current.data as SectionData) : defaultData(section.fields, locale)
		),
		status,
		revision,
		members,
		history,
		can: {
			write: write && !isLocked(status),
			review,
			submit: write && revision > 0 && canStep(status, 'submitted'),
			decide: review && canStep(status, 'approved'),
			comment: review && revision > 0,
			answer: (write || review) && revision > 0
		},
		locked: isLocked(status),
		comments: threads(comments),
		timeline: events,
		...(section.key === FINANCE_SECTION_KEY && {
			finance: financeView((current?.data as SectionData | undefined) ?? null, locale)
		}),
		...(FEASIBILITY_FINANCE_KEYS.has(section.key) && {
			financeSummary: financeSummary(
				(
					await readSection(deps.db, {
						cooperativeId: t.cooperativeId,
						programmeId: t.programmeId,
						sectionKey: FINANCE_SECTION_KEY
					})
				).data,
				locale
			)
		}),
		...(section.key === ACTION_PLAN_KEY &&
			current && {
				byObjective: activitiesByObjective(
					section.fields.find((f) => f.type === 'table')!,
					current.data as SectionData,
					(
						await readSection(deps.db, {
							cooperativeId: t.cooperativeId,
							programmeId: t.programmeId,
							sectionKey: ACTION_PLAN_HEADER_KEY
						})
					).data,
					locale,
					new Map(members.map((p) => [p.id, p.name]))
				),
				checks: await checkActionPlanSection(
					deps.db,
					{ cooperativeId: t.cooperativeId, programmeId: t.programmeId },
					current.data as SectionData
				)
			})
	};
}

/** Comments grouped by field, each with its answers under it. */
function threads(
	rows: (CommentView & { fieldId: string | null; parentId: string | null })[]
): Record<string, CommentThread[]> {
	const byId = new Map<string, CommentThread>();
	const out: Record<string, CommentThread[]> = {};
	for (const { fieldId, parentId, ...c } of rows) {
		if (parentId) {
			byId.get(parentId)?.answers.push(c);
			continue;
		}
		const thread = { ...c, answers: [] };
		byId.set(c.id, thread);
		(out[fieldId ?? ''] ??= []).push(thread);
	}
	return out;
}
