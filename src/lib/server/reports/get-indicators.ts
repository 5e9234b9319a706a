// The monitoring figures for one actor and a set of filters: one plain object (domain/reports/
// indicators.ts) that the dashboard, the `report` command and exports all read.
//
// Everything is counted by the database (GROUP BY over the run, enrolment and test tables, never
// `learning_event`): at national scale (130,000 people) rows are never pulled into JavaScript,
// only grouped counts — a few dozen rows per query — which are folded into breakdowns here.
import { sql, type SQL } from 'drizzle-orm';
import { ageBandFloors, ageBands, type AgeBandKey } from '../../domain/reports/age-bands';
import {
	addToBreakdown,
	average,
	emptyBreakdown,
	emptyBySex,
	percent,
	type Breakdown,
	type Sex
} from '../../domain/reports/breakdown';
import { MIN_ATTENDANCE } from '../../domain/reports/completion';
import type { ReportFilters } from '../../domain/reports/filters';
import type {
	FollowUpFigures,
	FollowUpRoundFigures,
	Indicators,
	KnowledgeGain,
	LateCooperative,
	ScoreAverage,
	ScoresBySex,
	SessionAttendance,
	TeamRow
} from '../../domain/reports/indicators';
import { todayInBolivia } from '../../domain/bolivia';
import { sessionStates } from '../../domain/next-session';
import { visibility, type Actor, type Visibility } from '../access/guard';
import type { Curriculum } from '../curriculum/schema';
import type { Executor } from '../db/client';
import { AppError } from '../errors';
import { countLatestStatus, countRoundProgress } from '../follow-up/count-round-progress';
import { outlineOf } from '../sessions/team-progress';

export interface ReportDeps {
	db: Executor;
	curriculum: Curriculum;
}

export interface IndicatorOptions {
	/** Reference date for "active in the last 14 days" and for ages; defaults to now. */
	now?: Date;
	/** At most this many teams in the progress grid (the rest are counted in `teamsMore`). */
	teamLimit?: number;
	/** At most this many late cooperatives listed (the rest are counted in `lateMore`). */
	lateLimit?: number;
}

const ACTIVE_DAYS = 14;
const LATE_LIMIT = 100;

type Row = Record<string, unknown>;
async function rows<T extends Row>(db: Executor, q: SQL): Promise<T[]> {
	const r = (await db.execute(q)) as unknown as { rows: T[] };
	return r.rows;
}
const int = (v: unknown) => Number(v ?? 0);
const list = (ids: readonly string[]) =>
	sql.join(
		ids.map((i) => sql`${i}`),
		sql`, `
	);

/** Rows of enrolment `e` / cooperative `c` the actor may see (report.view's scope). */
export function scopeSql(v: Visibility): SQL {
	if (v.all) return sql`true`;
	const parts: SQL[] = [];
	if (v.cohortIds.length) parts.push(sql`e.cohort_id in (${list(v.cohortIds)})`);
	if (v.federationIds.length) parts.push(sql`c.federation_id in (${list(v.federationIds)})`);
	if (v.cooperativeIds.length) parts.push(sql`e.cooperative_id in (${list(v.cooperativeIds)})`);
	return parts.length ? sql`(${sql.join(parts, sql` or `)})` : sql`false`;
}

/** The person's age band at the reference date, in SQL (same bands as domain/reports/age-bands). */
function ageBandSql(asOf: string): SQL {
	const whens = [...ageBands]
		.reverse()
		.map(
			(b) =>
				sql`when p.birth_date <= (${asOf}::date - make_interval(years => ${ageBandFloors[b]}::int))::date then ${b}::text`
		);
	return sql`(case when p.birth_date is null then 'unknown' ${sql.join(whens, sql` `)} else 'unknown' end)`;
}

/**
 * The enrolments in scope and matching the filters, with what each breakdown groups by.
 * `people: false` leaves out the filters on people (sex, age band, role): for figures about
 * cooperatives (workbooks, plans), which have no sex or age.
 */
function baseSql(v: Visibility, f: ReportFilters, asOf: string, people = true): SQL {
	const where: SQL[] = [scopeSql(v)];
	if (f.programmeId) where.push(sql`co.programme_id = ${f.programmeId}`);
	if (f.cohortId) where.push(sql`e.cohort_id = ${f.cohortId}`);
	if (f.federationId) where.push(sql`c.federation_id = ${f.federationId}`);
	if (f.department) where.push(sql`c.department = ${f.department}`);
	if (f.mineral) where.push(sql`${f.mineral}::text = any(c.minerals)`);
	if (people && f.sex) where.push(sql`p.sex = ${f.sex}`);
	if (people && f.ageBand) where.push(sql`${ageBandSql(asOf)} = ${f.ageBand}::text`);
	if (people && f.role) where.push(sql`lower(p.role_in_cooperative) = lower(${f.role}::text)`);
	return sql`select e.id, e.person_id, e.cohort_id, e.team_id, e.status, e.cooperative_id,
			co.programme_id, co.courses, p.sex, ${ageBandSql(asOf)} as age_band,
			c.federation_id, f.short_name as federation, c.department
		from enrolment e
		join cohort co on co.id = e.cohort_id
		join person p on p.id = e.person_id
		join cooperative c on c.id = e.cooperative_id
		join federation f on f.id = c.federation_id
		where ${sql.join(where, sql` and `)}`;
}

/** The curriculum's sessions as a VALUES list, in the content's order. */
function outlineSql(curriculum: Curriculum): SQL {
	const rowsSql = curriculum.courses.flatMap((c) =>
		outlineOf(c).map(
			(s, i) => sql`(${c.slug}::text, ${s.module}::text, ${s.session}::text, ${i}::int)`
		)
	);
	return sql`select * from (values ${sql.join(rowsSql, sql`, `)}) as o(course, module, session, n)`;
}

const emptyScores = (): ScoresBySex => ({
	all: { n: 0, average: null },
	F: { n: 0, average: null },
	M: { n: 0, average: null }
});

/**
 * The monitoring figures in the actor's scope (`report.view`: a coordinator everything, a
 * facilitator their cohorts, a focal point their federation, a lead their cooperative). Filters
 * only narrow that scope: a filter outside it finds nothing, never someone else's data.
 */
export async function getIndicators(
	deps: ReportDeps,
	actor: Actor | null,
	filters: ReportFilters,
	opts: IndicatorOptions = {}
): Promise<Indicators> {
	if (!actor) throw new AppError('unauthenticated');
	const v = visibility(actor, 'report.view');
	if (!v.all && !v.cohortIds.length && !v.federationIds.length && !v.cooperativeIds.length)
		throw new AppError('forbidden', 'report.view denied');
	const { db, curriculum } = deps;
	const now = opts.now ?? new Date();
	const asOf = now.toISOString().slice(0, 10);
	const since = new Date(now.getTime() - ACTIVE_DAYS * 24 * 3600 * 1000).toISOString();
	const base = baseSql(v, filters, asOf);
	const outline = outlineSql(curriculum);

	// People: enrolled, dropped out, active, completed (all courses and course by course), as one
	// cross-tab per figure (sex × age band × federation × department).
	const people = await rows<{
		kind: string;
		course: string | null;
		sex: Sex;
		age_band: AgeBandKey;
		federation: string;
		federation_id: string;
		department: string;
		n: number;
	}>(
		db,
		sql`with base as (${base}),
		outline as (${outline}),
		course_size as (select course, count(*)::int as n from outline group by course),
		-- Sessions are made distinct first, then counted: count(distinct …) sorts every group, which
		-- spills to disk over a country's attendance; a hashed DISTINCT does not.
		team_done as (
			select team_id, course, count(*)::int as n from (
				select distinct sr.team_id, sr.course, sr.module, sr.session
				from session_run sr
				join outline o on o.course = sr.course and o.module = sr.module and o.session = sr.session
				where sr.mode = 'group' and sr.status = 'completed'
					and sr.team_id in (select team_id from base where team_id is not null)) y
			group by team_id, course),
		taken as (
			select id, course, count(*)::int as n from (
			select distinct x.id, x.course, x.module, x.session from (
				select b.id, sr.course, sr.module, sr.session
				from base b
				join run_attendance ra on ra.person_id = b.person_id
				join session_run sr on sr.id = ra.run_id and sr.cohort_id = b.cohort_id and sr.mode = 'group'
				union all
				select b.id, sr.course, sr.module, sr.session
				from base b
				join session_run sr on sr.person_id = b.person_id and sr.cohort_id = b.cohort_id
					and sr.mode = 'catch_up' and sr.status = 'completed'
			) x
			join outline o on o.course = x.course and o.module = x.module and o.session = x.session) y
			group by id, course),
		course_done as (
			select b.id, cs.course
			from base b
			join course_size cs on cs.course = any(b.courses)
			join team_done td on td.team_id = b.team_id and td.course = cs.course and td.n >= cs.n
			join taken tk on tk.id = b.id and tk.course = cs.course
				and tk.n >= ${MIN_ATTENDANCE}::float8 * cs.n
			where b.status <> 'withdrawn'),
		active as (
			select b.id from base b
			join run_attendance ra on ra.person_id = b.person_id and ra.recorded_at >= ${since}::timestamptz
			join session_run sr on sr.id = ra.run_id and sr.cohort_id = b.cohort_id
			union
			select b.id from base b
			join session_run sr on sr.person_id = b.person_id and sr.cohort_id = b.cohort_id
				and sr.mode = 'catch_up' and sr.updated_at >= ${since}::timestamptz
			union
			select b.id from base b
			join test_attempt t on t.person_id = b.person_id and t.cohort_id = b.cohort_id
				and coalesce(t.submitted_at, t.started_at) >= ${since}::timestamptz),
		-- Joined, not looked up per row: a subquery per enrolment over course_done was quadratic.
		per as (
			select b.*,
				coalesce(d.n, 0)::int as done,
				(select count(*) from course_size cs where cs.course = any(b.courses))::int as need,
				a.id is not null as is_active
			from base b
			left join (select id, count(*)::int as n from course_done group by id) d on d.id = b.id
			left join active a on a.id = b.id)
		select 'enrolled' as kind, null as course, sex, age_band, federation, federation_id, department, count(*)::int as n
			from per group by sex, age_band, federation, federation_id, department
		union all
		select 'dropped', null, sex, age_band, federation, federation_id, department, count(*)::int
			from per where status = 'withdrawn' group by sex, age_band, federation, federation_id, department
		union all
		select 'active', null, sex, age_band, federation, federation_id, department, count(*)::int
			from per where is_active and status <> 'withdrawn'
			group by sex, age_band, federation, federation_id, department
		union all
		select 'completed', null, sex, age_band, federation, federation_id, department, count(*)::int
			from per where need > 0 and done = need
			group by sex, age_band, federation, federation_id, department
		union all
		select 'course', d.course, b.sex, b.age_band, b.federation, b.federation_id, b.department, count(*)::int
			from course_done d join base b on b.id = d.id
			group by d.course, b.sex, b.age_band, b.federation, b.federation_id, b.department`
	);

	// Columns of every breakdown: the federations and departments that appear, in order.
	const fedIds = new Map<string, string>();
	for (const r of people) fedIds.set(r.federation, r.federation_id);
	const federations = [...fedIds]
		.map(([shortName, id]) => ({ id, shortName }))
		.sort((a, b) => a.shortName.localeCompare(b.shortName));
	const departments = [...new Set(people.map((r) => r.department))].sort();
	const fresh = () =>
		emptyBreakdown(
			federations.map((f) => f.shortName),
			departments
		);
	const enrolled = fresh();
	const active = fresh();
	const droppedOut = fresh();
	const completed = fresh();
	const byCourse = new Map<string, Breakdown>();
	const target: Record<string, Breakdown> = {
		enrolled,
		active,
		dropped: droppedOut,
		completed
	};
	for (const r of people) {
		const cell = {
			sex: r.sex,
			ageBand: r.age_band,
			federation: r.federation,
			department: r.department
		};
		if (r.kind === 'course') {
			const c = r.course!;
			if (!byCourse.has(c)) byCourse.set(c, fresh());
			addToBreakdown(byCourse.get(c)!, cell, int(r.n));
		} else addToBreakdown(target[r.kind]!, cell, int(r.n));
	}
	// Courses the cohorts in scope follow, in the content's order.
	const courseRows = await rows<{ course: string }>(
		db,
		sql`select distinct unnest(courses) as course from (${base}) b`
	);
	const scopedCourses = new Set(courseRows.map((r) => r.course));
	const courseList = curriculum.courses.filter((c) => scopedCourses.has(c.slug));
	const courses = courseList.map((c) => ({
		course: c.slug,
		completed: byCourse.get(c.slug) ?? fresh()
	}));

	const coopBase = baseSql(v, filters, asOf, false);
	const [attendance, grid, knowledgeGain, plans, participation, followUp, live] = await Promise.all(
		[
			attendanceOf(db, base, outline, courseList),
			gridOf(db, base, courseList, opts.teamLimit ?? 200),
			testsOf(db, base, courseList),
			plansOf(db, coopBase),
			participationOf(db, base, coopBase),
			followUpOf(db, coopBase, todayInBolivia(now), opts.lateLimit ?? LATE_LIMIT),
			liveOf(db, base, now)
		]
	);
	// Team gains come from the same grouped test rows.
	for (const t of grid.teams) t.gain = knowledgeGain.byTeam.get(t.teamId) ?? {};

	return {
		asOf,
		filters,
		federations,
		departments,
		enrolled,
		active,
		droppedOut,
		completed,
		courses,
		attendance,
		sessions: grid.sessions,
		teams: grid.teams,
		teamsMore: grid.more,
		knowledgeGain: knowledgeGain.byCourse,
		...plans,
		followUp,
		participation,
		live
	};
}

/** Attendance of the live sessions held by `now` in the cohorts of the people in scope, by sex. */
async function liveOf(db: Executor, base: SQL, now: Date): Promise<Indicators['live']> {
	const r = await rows<{ sex: Sex; present: number; expected: number; sessions: number }>(
		db,
		sql`with base as (${base}),
		held as (
			select ls.id, ls.cohort_id from live_session ls
			where ls.cancelled_at is null and ls.starts_at <= ${now.toISOString()}::timestamptz
				and ls.cohort_id in (select cohort_id from base))
		select b.sex, count(la.person_id)::int as present, count(*)::int as expected,
			(select count(*) from held)::int as sessions
		from held h
		join base b on b.cohort_id = h.cohort_id and b.status <> 'withdrawn'
		left join live_attendance la on la.session_id = h.id and la.person_id = b.person_id
		group by b.sex`
	);
	const present = { ...emptyBySex(), total: 0 };
	const expected = { ...emptyBySex(), total: 0 };
	let sessions = 0;
	for (const x of r) {
		present[x.sex] += int(x.present);
		present.total += int(x.present);
		expected[x.sex] += int(x.expected);
		expected.total += int(x.expected);
		sessions = int(x.sessions);
	}
	return { sessions, present, expected, rate: percent(present.total, expected.total) };
}

/**
 * Action Plan follow-up of the cooperatives in scope (as plans are: no person filter), in the
 * rounds due by `today` (Bolivia's calendar) or already reported in. Counted by `follow-up/count-round-progress.ts`,
 * the same counts and lateness rule as the cohort's follow-up page.
 */
async function followUpOf(
	db: Executor,
	coopBase: SQL,
	today: string,
	lateLimit: number
): Promise<Indicators['followUp']> {
	const inScope = sql`select b.cohort_id, b.cooperative_id from (${coopBase}) b`;
	// A round counts once due, or once a cooperative in scope has reported in it (early).
	const where = sql`(r.cohort_id, t.cooperative_id) in (${inScope})
		and (r.due_on <= ${today}::date or r.id in (
			select u.round_id from follow_up_update u
			join workbook w2 on w2.id = u.workbook_id
			join follow_up_round r2 on r2.id = u.round_id
			where (r2.cohort_id, w2.cooperative_id) in (${inScope})))`;
	const [counts, latest] = await Promise.all([
		countRoundProgress(db, where, today),
		countLatestStatus(db, where)
	]);
	const empty = (): FollowUpFigures => ({
		cooperatives: 0,
		late: 0,
		items: 0,
		byStatus: { done: 0, on_track: 0, late: 0, not_started: 0, none: 0 },
		reviews: { validated: 0, queried: 0, pending: 0 },
		spent: 0,
		budget: 0
	});
	const rounds = new Map<string, FollowUpRoundFigures>();
	const lateCoops = new Set<string>();
	const late: LateCooperative[] = [];
	for (const k of counts) {
		let r = rounds.get(k.roundId);
		if (!r) {
			r = {
				roundId: k.roundId,
				cohortId: k.cohortId,
				cohortName: k.cohortName,
				label: k.label,
				dueOn: k.dueOn,
				...empty()
			};
			rounds.set(k.roundId, r);
		}
		r.cooperatives++;
		r.items += k.progress.items;
		for (const s of Object.keys(r.byStatus) as (keyof FollowUpFigures['byStatus'])[])
			r.byStatus[s] += k.byStatus[s];
		r.reviews.validated += k.progress.validated;
		r.reviews.queried += k.progress.queried;
		r.reviews.pending += k.pending;
		r.spent += k.spent;
		r.budget += k.budget;
		if (k.progress.state !== 'late') continue;
		r.late++;
		lateCoops.add(`${k.cohortId} ${k.cooperativeId}`);
		late.push({
			cooperativeId: k.cooperativeId,
			federationId: k.federationId,
			name: k.name,
			teamId: k.teamId,
			cohortId: k.cohortId,
			roundId: k.roundId,
			round: k.label,
			dueOn: k.dueOn,
			updated: k.progress.updated,
			items: k.progress.items
		});
	}
	late.sort((a, b) => a.dueOn.localeCompare(b.dueOn) || a.name.localeCompare(b.name, 'es'));
	const list = [...rounds.values()].sort(
		(a, b) => a.dueOn.localeCompare(b.dueOn) || a.cohortName.localeCompare(b.cohortName, 'es')
	);
	return {
		today,
		rounds: list,
		overall: {
			cooperatives: new Set(counts.map((k) => `${k.cohortId} ${k.cooperativeId}`)).size,
			late: lateCoops.size,
			items: latest.items,
			byStatus: latest.byStatus,
			reviews: { validated: latest.validated, queried: latest.queried, pending: latest.pending },
			spent: latest.spent,
			budget: latest.budget
		},
		late: late.slice(0, lateLimit),
		lateMore: Math.max(0, late.length - lateLimit)
	};
}

/** Present / expected members at the completed group run of each session, by sex. */
async function attendanceOf(
	db: Executor,
	base: SQL,
	outline: SQL,
	courses: Curriculum['courses']
): Promise<SessionAttendance[]> {
	const r = await rows<{
		course: string;
		module: string;
		session: string;
		sex: Sex;
		runs: number;
		present: number;
		expected: number;
	}>(
		db,
		sql`with base as (${base}),
		outline as (${outline}),
		done as (
			select distinct on (sr.team_id, sr.course, sr.module, sr.session)
				sr.id, sr.team_id, sr.course, sr.module, sr.session
			from session_run sr
			join outline o on o.course = sr.course and o.module = sr.module and o.session = sr.session
			where sr.mode = 'group' and sr.status = 'completed'
				and sr.team_id in (select team_id from base where team_id is not null)
			order by sr.team_id, sr.course, sr.module, sr.session, sr.completed_at desc nulls last),
		team_size as (
			select team_id, sex, count(*)::int as n from base
			where team_id is not null and status <> 'withdrawn' group by team_id, sex),
		present as (
			select d.course, d.module, d.session, b.sex, count(*)::int as n
			from done d
			join run_attendance ra on ra.run_id = d.id
			join base b on b.person_id = ra.person_id and b.team_id = d.team_id and b.status <> 'withdrawn'
			group by d.course, d.module, d.session, b.sex),
		expected as (
			select d.course, d.module, d.session, ts.sex, sum(ts.n)::int as n, count(distinct d.id)::int as runs
			from done d join team_size ts on ts.team_id = d.team_id
			group by d.course, d.module, d.session, ts.sex)
		select x.course, x.module, x.session, x.sex, x.runs, x.n as expected, coalesce(p.n, 0)::int as present
		from expected x
		left join present p on p.course = x.course and p.module = x.module
			and p.session = x.session and p.sex = x.sex`
	);
	const runs = await rows<{ course: string; module: string; session: string; runs: number }>(
		db,
		sql`with base as (${base})
		select sr.course, sr.module, sr.session, count(distinct sr.team_id)::int as runs
		from session_run sr
		where sr.mode = 'group' and sr.status = 'completed'
			and sr.team_id in (select team_id from base where team_id is not null and status <> 'withdrawn')
		group by sr.course, sr.module, sr.session`
	);
	const out: SessionAttendance[] = [];
	for (const c of courses)
		for (const s of outlineOf(c)) {
			const here = r.filter(
				(x) => x.course === c.slug && x.module === s.module && x.session === s.session
			);
			const nRuns = runs.find(
				(x) => x.course === c.slug && x.module === s.module && x.session === s.session
			);
			if (!nRuns) continue;
			const present = { ...emptyBySex(), total: 0 };
			const expected = { ...emptyBySex(), total: 0 };
			for (const x of here) {
				present[x.sex] += int(x.present);
				present.total += int(x.present);
				expected[x.sex] += int(x.expected);
				expected.total += int(x.expected);
			}
			out.push({
				course: c.slug,
				module: s.module,
				session: s.session,
				runs: int(nRuns.runs),
				present,
				expected,
				rate: percent(present.total, expected.total)
			});
		}
	return out;
}

/** The teams in scope and the state of each session: done, in progress, not started. */
async function gridOf(
	db: Executor,
	base: SQL,
	courses: Curriculum['courses'],
	limit: number
): Promise<{ sessions: Indicators['sessions']; teams: TeamRow[]; more: number }> {
	const teams = await rows<{
		team_id: string;
		team: string;
		cooperative: string;
		federation: string;
		cohort_id: string;
		courses: string[];
		total: number;
	}>(
		db,
		sql`with base as (${base}),
		t as (select distinct team_id from base where team_id is not null)
		select tm.id as team_id, tm.name as team, coalesce(c.short_name, c.name, '') as cooperative,
			coalesce(f.short_name, '') as federation, tm.cohort_id, co.courses,
			count(*) over ()::int as total
		from t join team tm on tm.id = t.team_id
		join cohort co on co.id = tm.cohort_id
		left join cooperative c on c.id = tm.cooperative_id
		left join federation f on f.id = c.federation_id
		order by f.short_name, c.name, tm.name, tm.id
		limit ${limit}`
	);
	const sessions = courses.flatMap((c) => outlineOf(c).map((s) => ({ course: c.slug, ...s })));
	if (!teams.length) return { sessions, teams: [], more: 0 };
	const runs = await rows<{
		id: string;
		team_id: string;
		course: string;
		module: string;
		session: string;
		status: 'open' | 'paused' | 'completed';
	}>(
		db,
		sql`select team_id, course, module, session,
			(case when bool_or(status = 'completed') then 'completed' else 'open' end) as status,
			min(id::text) as id
		from session_run
		where mode = 'group' and team_id in (${list(teams.map((t) => t.team_id))})
		group by team_id, course, module, session`
	);
	const out: TeamRow[] = teams.map((t) => {
		const states: TeamRow['states'] = {};
		let done = 0;
		let total = 0;
		for (const c of courses) {
			if (!(t.courses ?? []).includes(c.slug)) continue;
			const mine = runs.filter((r) => r.team_id === t.team_id && r.course === c.slug);
			for (const [k, state] of sessionStates(outlineOf(c), mine)) {
				states[`${c.slug}/${k}`] = state;
				total++;
				if (state === 'done') done++;
			}
		}
		return {
			teamId: t.team_id,
			team: t.team,
			cooperative: t.cooperative,
			federation: t.federation,
			cohortId: t.cohort_id,
			sessionsDone: done,
			sessionsTotal: total,
			states,
			gain: {}
		};
	});
	return { sessions, teams: out, more: Math.max(0, int(teams[0]!.total) - teams.length) };
}

/** Pre-test and post-test averages (percent of the maximum) and the gain, per course and team. */
async function testsOf(
	db: Executor,
	base: SQL,
	courses: Curriculum['courses']
): Promise<{ byCourse: KnowledgeGain[]; byTeam: Map<string, Record<string, ScoreAverage>> }> {
	const r = await rows<{
		kind: 'pre' | 'post' | 'gain';
		course: string;
		team_id: string | null;
		sex: Sex;
		n: number;
		total: number;
	}>(
		db,
		sql`with base as (${base}),
		t as (
			select b.team_id, b.sex, t.person_id, t.cohort_id, t.course, t.kind,
				t.score::float8 * 100 / t.max_score as pct
			from test_attempt t
			join base b on b.person_id = t.person_id and b.cohort_id = t.cohort_id
			where t.submitted_at is not null and t.score is not null and t.max_score > 0)
		select kind, course, team_id, sex, count(*)::int as n, sum(pct)::float8 as total
			from t group by kind, course, team_id, sex
		union all
		-- One pre and one post per person, cohort and course (test_attempt_once_key): pair them by
		-- grouping, not by joining t to itself, which the planner ran as a nested loop over a
		-- federation's attempts (tens of millions of row pairs).
		select 'gain', course, team_id, sex, count(*)::int, sum(post - pre)::float8 from (
			select course, team_id, sex,
				max(pct) filter (where kind = 'pre') as pre, max(pct) filter (where kind = 'post') as post
			from t group by person_id, cohort_id, course, team_id, sex) g
		where pre is not null and post is not null
		group by course, team_id, sex`
	);
	const byCourse: KnowledgeGain[] = [];
	for (const c of courses) {
		const here = r.filter((x) => x.course === c.slug);
		const of = (kind: string): ScoresBySex => {
			const s = emptyScores();
			const acc = { all: [0, 0], F: [0, 0], M: [0, 0] } as Record<'all' | Sex, [number, number]>;
			for (const x of here.filter((y) => y.kind === kind)) {
				for (const k of ['all', x.sex] as const) {
					acc[k][0] += int(x.n);
					acc[k][1] += Number(x.total);
				}
			}
			for (const k of ['all', 'F', 'M'] as const)
				s[k] = { n: acc[k][0], average: average(acc[k][1], acc[k][0]) };
			return s;
		};
		byCourse.push({ course: c.slug, pre: of('pre'), post: of('post'), gain: of('gain') });
	}
	const byTeam = new Map<string, Record<string, ScoreAverage>>();
	const sums = new Map<string, [number, number]>();
	for (const x of r)
		if (x.kind === 'gain' && x.team_id) {
			const k = `${x.team_id} ${x.course}`;
			const s = sums.get(k) ?? [0, 0];
			sums.set(k, [s[0] + int(x.n), s[1] + Number(x.total)]);
		}
	for (const [k, [n, total]] of sums) {
		const [teamId, course] = k.split(' ') as [string, string];
		const m = byTeam.get(teamId) ?? {};
		m[course] = { n, average: average(total, n) };
		byTeam.set(teamId, m);
	}
	return { byCourse, byTeam };
}

/**
 * The workbooks of the cooperatives and programmes in scope. A semi-join (EXISTS), not a join
 * and DISTINCT: the country's 130,000 enrolments are never multiplied and sorted.
 */
const workbooksIn = (coopBase: SQL) => sql`select w.id from workbook w
	where exists (select 1 from (${coopBase}) b
		where b.cooperative_id = w.cooperative_id and b.programme_id = w.programme_id)`;

// A person's id as written in a plan: compared as a uuid (so the key's index serves), never cast
// from text that is not one.
const UUID_RE = '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$';

/** The cooperatives' workbooks in scope: sections by status, Action Plans, feasibility. */
async function plansOf(
	db: Executor,
	coopBase: SQL
): Promise<Pick<Indicators, 'workbooks' | 'actionPlans' | 'feasibility'>> {
	const wb = workbooksIn(coopBase);
	const [sections, count, plans, verdicts] = await Promise.all([
		rows<{ section_key: string; status: string; n: number }>(
			db,
			sql`select ps.section_key, ps.status, count(*)::int as n
			from plan_section ps where ps.workbook_id in (${wb})
			group by ps.section_key, ps.status`
		),
		rows<{ n: number }>(db, sql`select count(*)::int as n from (${wb}) w`),
		rows<{ state: string; n: number }>(
			db,
			sql`select state, count(*)::int as n from (
				select case when bool_and(ps.status = 'approved') then 'approved'
					when bool_and(ps.status in ('submitted', 'approved')) then 'submitted'
					else 'drafted' end as state
				from plan_section ps
				where ps.workbook_id in (${wb}) and ps.section_key like 'action-plan.%'
				group by ps.workbook_id) x
			group by state`
		),
		rows<{ area: string; value: string | null; n: number }>(
			db,
			sql`select a.area, ps.data->>a.field as value, count(*)::int as n
			from plan_section ps
			cross join (values ('market', 'marketVerdict'), ('operations', 'operationsVerdict'),
				('organisation', 'organisationVerdict'), ('finances', 'financesVerdict'),
				('social', 'socialVerdict'), ('decision', 'finalDecision')) as a(area, field)
			where ps.workbook_id in (${wb}) and ps.section_key = 'feasibility.decision'
				and ps.data->>a.field is not null
			group by a.area, ps.data->>a.field`
		)
	]);
	const bySection: Indicators['workbooks']['bySection'] = {};
	for (const s of sections) {
		bySection[s.section_key] ??= { draft: 0, submitted: 0, changes_requested: 0, approved: 0 };
		bySection[s.section_key]![s.status as 'draft'] = int(s.n);
	}
	const actionPlans = { total: 0, drafted: 0, submitted: 0, approved: 0 };
	for (const p of plans) {
		actionPlans[p.state as 'drafted'] = int(p.n);
		actionPlans.total += int(p.n);
	}
	const feasibility: Indicators['feasibility'] = { verdicts: {}, decisions: {} };
	for (const x of verdicts) {
		if (!x.value) continue;
		if (x.area === 'decision') feasibility.decisions[x.value] = int(x.n);
		else (feasibility.verdicts[x.area] ??= {})[x.value] = int(x.n);
	}
	return {
		workbooks: { count: int(count[0]?.n), bySection },
		actionPlans,
		feasibility
	};
}

/** Roles taken in runs by sex, and the governance offices drafted in the plans by sex. */
async function participationOf(
	db: Executor,
	base: SQL,
	coopBase: SQL
): Promise<Indicators['participation']> {
	const [roles, officers] = await Promise.all([
		rows<{ role: string; sex: Sex; n: number }>(
			db,
			sql`with base as (${base})
			select rr.role, b.sex, count(*)::int as n
			from run_role rr
			join session_run sr on sr.id = rr.run_id
			join base b on b.person_id = rr.person_id and b.cohort_id = sr.cohort_id
			group by rr.role, b.sex`
		),
		rows<{ sex: Sex; n: number }>(
			db,
			sql`select p.sex, count(*)::int as n
			from plan_section ps
			cross join lateral jsonb_array_elements(
				case when jsonb_typeof(ps.data->'officers') = 'array' then ps.data->'officers' else '[]'::jsonb end
			) as o(row)
			join person p on p.id = case when o.row->>'person' ~* ${UUID_RE}
				then (o.row->>'person')::uuid end
			where ps.section_key = 'organisation.governance'
				and ps.workbook_id in (${workbooksIn(coopBase)})
			group by p.sex`
		)
	]);
	const share = (x: { F: number; M: number; total: number }) => ({
		...x,
		womenShare: percent(x.F, x.total)
	});
	const tally = (list: { sex: Sex; n: number }[]) => {
		const t = { F: 0, M: 0, total: 0 };
		for (const r of list) {
			t[r.sex] += int(r.n);
			t.total += int(r.n);
		}
		return share(t);
	};
	return {
		roles: {
			reader: tally(roles.filter((r) => r.role === 'reader')),
			timekeeper: tally(roles.filter((r) => r.role === 'timekeeper')),
			notetaker: tally(roles.filter((r) => r.role === 'notetaker'))
		},
		officers: tally(officers)
	};
}
