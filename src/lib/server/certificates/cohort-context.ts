import { eq, sql } from 'drizzle-orm';
import {
	DEFAULT_RULE,
	type CompletionRule,
	type MemberRecord,
	type PlanState
} from '../../domain/certificates/rule';
import { actionPlanState } from '../../domain/reports/completion';
import type { Curriculum } from '../curriculum/schema';
import type { Executor } from '../db/client';
import { certificateRule, cohort, type CertifiedCourse } from '../db/schema';
import { AppError } from '../errors';
import { outlineOf } from '../sessions/team-progress';

export interface CertificateDeps {
	db: Executor;
	curriculum: Curriculum;
}

const ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export const isUuid = (s: string) => ID.test(s);

type Row = Record<string, unknown>;
async function rows<T extends Row>(db: Executor, q: ReturnType<typeof sql>): Promise<T[]> {
	return ((await db.execute(q)) as unknown as { rows: T[] }).rows;
}

/** The cohort, its courses as the content has them, and its completion rule. */
export async function loadCohortRule(deps: CertificateDeps, cohortId: string) {
	if (!isUuid(cohortId)) throw new AppError('not_found');
	const [row] = await deps.db
		.select({
			id: cohort.id,
			name: cohort.name,
			programmeId: cohort.programmeId,
			courses: cohort.courses,
			rule: certificateRule
		})
		.from(cohort)
		.leftJoin(certificateRule, eq(certificateRule.cohortId, cohort.id))
		.where(eq(cohort.id, cohortId));
	if (!row) throw new AppError('not_found');
	const courses = deps.curriculum.courses.filter((c) => row.courses.includes(c.slug));
	const rule: CompletionRule = row.rule
		? {
				minAttendance: row.rule.minAttendance,
				requirePostTest: row.rule.requirePostTest,
				requirePlanApproved: row.rule.requirePlanApproved,
				minLiveAttendance: row.rule.minLiveAttendance
			}
		: DEFAULT_RULE;
	return {
		cohort: { id: row.id, name: row.name, programmeId: row.programmeId },
		courses,
		rule,
		/** 0 while the cohort uses the defaults; the revision a save must name. */
		revision: row.rule?.revision ?? 0
	};
}

export type CohortRule = Awaited<ReturnType<typeof loadCohortRule>>;

/** The courses as a certificate states them: title in both languages and hours. */
export function certifiedCourses(ctx: CohortRule): CertifiedCourse[] {
	return ctx.courses.map((c) => ({
		slug: c.slug,
		title: { es: c.title.es, en: c.title.en },
		hours: Math.round(c.minutes / 6) / 10
	}));
}

export interface CohortMember {
	personId: string;
	name: string;
	cooperative: string;
	federation: string;
	record: MemberRecord;
}

/**
 * Every member still in the cohort (not withdrawn) with what the rule looks at: sessions taken
 * per course (present at a group run of the session, or a completed catch-up of it — the same
 * count as the monitoring figures), the post-test handed in, the cooperative's Action Plan.
 * Grouped by the database; `personIds` narrows to some members.
 */
export async function loadMembers(
	deps: CertificateDeps,
	ctx: CohortRule,
	personIds?: string[]
): Promise<CohortMember[]> {
	const { db } = deps;
	const cohortId = ctx.cohort.id;
	const only = personIds
		? personIds.length
			? sql`and e.person_id in (${sql.join(
					personIds.map((p) => sql`${p}::uuid`),
					sql`, `
				)})`
			: sql`and false`
		: sql``;
	const members = await rows<{
		person_id: string;
		given_names: string;
		surnames: string;
		cooperative_id: string;
		cooperative: string;
		federation: string;
	}>(
		db,
		sql`select e.person_id, p.given_names, p.surnames, e.cooperative_id,
				coalesce(c.short_name, c.name) as cooperative, coalesce(f.short_name, f.name) as federation
			from enrolment e
			join person p on p.id = e.person_id
			join cooperative c on c.id = e.cooperative_id
			join federation f on f.id = c.federation_id
			where e.cohort_id = ${cohortId} and e.status <> 'withdrawn' ${only}
			order by lower(p.surnames), lower(p.given_names), p.id`
	);
	if (!members.length) return [];
	const outline = ctx.courses.flatMap((c) =>
		outlineOf(c).map((s) => sql`(${c.slug}::text, ${s.module}::text, ${s.session}::text)`)
	);
	const [taken, tests, plans, live] = await Promise.all([
		outline.length
			? rows<{ person_id: string; course: string; n: number }>(
					db,
					sql`with o(course, module, session) as (values ${sql.join(outline, sql`, `)}),
					m as (select e.person_id from enrolment e
						where e.cohort_id = ${cohortId} and e.status <> 'withdrawn' ${only})
					select x.person_id, x.course, count(*)::int as n from (
						select m.person_id, sr.course, sr.module, sr.session
						from m join run_attendance ra on ra.person_id = m.person_id
						join session_run sr on sr.id = ra.run_id and sr.cohort_id = ${cohortId}
							and sr.mode = 'group'
						union
						select m.person_id, sr.course, sr.module, sr.session
						from m join session_run sr on sr.person_id = m.person_id
							and sr.cohort_id = ${cohortId} and sr.mode = 'catch_up' and sr.status = 'completed'
					) x join o on o.course = x.course and o.module = x.module and o.session = x.session
					group by x.person_id, x.course`
				)
			: Promise.resolve([]),
		rows<{ person_id: string; course: string }>(
			db,
			sql`select t.person_id, t.course from test_attempt t
				where t.cohort_id = ${cohortId} and t.kind = 'post' and t.submitted_at is not null`
		),
		rows<{ cooperative_id: string; status: string }>(
			db,
			sql`select w.cooperative_id, ps.status from workbook w
				join plan_section ps on ps.workbook_id = w.id and ps.section_key like 'action-plan.%'
				where w.programme_id = ${ctx.cohort.programmeId}
					and w.cooperative_id in (select e.cooperative_id from enrolment e where e.cohort_id = ${cohortId})`
		),
		// Live sessions held so far (started, not cancelled), and each member's attendance at them.
		rows<{ person_id: string | null; n: number }>(
			db,
			sql`with h as (select ls.id from live_session ls
					where ls.cohort_id = ${cohortId} and ls.cancelled_at is null and ls.starts_at <= now())
				select null::uuid as person_id, count(*)::int as n from h
				union all
				select la.person_id, count(*)::int from h join live_attendance la on la.session_id = h.id
				group by la.person_id`
		)
	]);
	const held = Number(live.find((l) => l.person_id === null)?.n ?? 0);
	const attendedBy = new Map(
		live.filter((l) => l.person_id !== null).map((l) => [l.person_id!, Number(l.n)])
	);
	const takenBy = new Map(taken.map((t) => [`${t.person_id}|${t.course}`, Number(t.n)]));
	const tested = new Set(tests.map((t) => `${t.person_id}|${t.course}`));
	const statuses = new Map<string, string[]>();
	for (const p of plans) {
		if (!statuses.has(p.cooperative_id)) statuses.set(p.cooperative_id, []);
		statuses.get(p.cooperative_id)!.push(p.status);
	}
	return members.map((m) => {
		const plan: PlanState = actionPlanState(statuses.get(m.cooperative_id) ?? []) ?? 'none';
		return {
			personId: m.person_id,
			name: `${m.given_names} ${m.surnames}`,
			cooperative: m.cooperative,
			federation: m.federation,
			record: {
				plan,
				live: { held, attended: attendedBy.get(m.person_id) ?? 0 },
				courses: ctx.courses.map((c) => ({
					slug: c.slug,
					sessions: outlineOf(c).length,
					taken: takenBy.get(`${m.person_id}|${c.slug}`) ?? 0,
					postTest: tested.has(`${m.person_id}|${c.slug}`)
				}))
			}
		};
	});
}
