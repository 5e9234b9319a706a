import { and, desc, eq, inArray } from 'drizzle-orm';
import { diffSection } from '../../domain/section-diff';
import {
	formatMoney,
	toFormRaw,
	type FormRaw,
	type SectionData
} from '../../domain/workbook-values';
import { assertCan, can, type Actor } from '../access/guard';
import type { Curriculum, Field, Locale } from '../curriculum/schema';
import { fieldView, type FieldView } from '../curriculum/views';
import type { Executor } from '../db/client';
import { planRevision, planSection, user, workbook } from '../db/schema';
import { AppError } from '../errors';
import { teamMembers } from '../sessions/step-target';
import { loadTeamAccess } from '../sessions/team-access';
import { FINANCE_SECTION_KEY } from '../../domain/finance/from-section';
import { financeView, type FinanceView } from './finance-view';
import type { SectionStatus } from './get-workbook';

/** How many saved versions the page lists (newest first); older ones stay in the database. */
export const HISTORY_LIMIT = 50;

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
	can: { write: boolean; review: boolean };
	/** What changed in the version asked for (`compare`) against the one before it. */
	comparison: { revision: number; changes: ShownChange[] } | null;
	/** The financial plan only: the model worked out on the saved data (null before any). */
	finance?: FinanceView | null;
}

/** A change ready to show: the field's label, and both values as text (or a table's rows). */
export type ShownChange =
	| { label: string; kind: 'value'; before: string; after: string }
	| { label: string; kind: 'rows'; before: number; after: number; changedRows: number[] };

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
	const [[current], history, members] = await Promise.all([
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
		teamMembers(deps.db, t.id)
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
	return {
		comparison,
		team: { id: t.id, name: t.name },
		key: section.key,
		part: section.partTitle[locale],
		title: section.title[locale],
		fields: section.fields.map((f) => fieldView(f, locale)),
		values: toFormRaw(section.fields, (current?.data as Parameters<typeof toFormRaw>[1]) ?? null),
		status: current?.status ?? 'empty',
		revision: current?.revision ?? 0,
		members,
		history,
		can: { write: can(actor, 'plan.write', t.scope), review: can(actor, 'plan.review', t.scope) },
		...(section.key === FINANCE_SECTION_KEY && {
			finance: financeView((current?.data as SectionData | undefined) ?? null, locale)
		})
	};
}

/** A stored value as a person reads it: option labels, names, Bs, or the text; "—" for nothing. */
function shownValue(f: Field, v: unknown, locale: Locale, names: Map<string, string>): string {
	if (v === undefined || v === null || v === '' || (Array.isArray(v) && !v.length)) return '—';
	const option = (id: string) => f.options?.find((o) => o.id === id)?.label[locale] ?? id;
	if (f.type === 'choice')
		return (Array.isArray(v) ? v : [v]).map((x) => option(String(x))).join(', ');
	if (f.type === 'person') return names.get(String(v)) ?? '—';
	if (f.type === 'money' && typeof v === 'number') return formatMoney(v, locale);
	return String(v);
}
