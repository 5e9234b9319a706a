// Each cooperative's progress in each follow-up round, counted by the database: the one home of
// these counts for the cohort's follow-up list (`list-rounds.ts`, hence the late notice of
// `list-late.ts`) and for the dashboards (`reports/get-indicators.ts`). No access check here:
// callers check who is asking and narrow `where` to what that actor may see.
import { sql, type SQL } from 'drizzle-orm';
import {
	ACTION_PLAN_ACTIVITIES,
	ITEM_STATUSES,
	progressFromCounts,
	type CoopRoundProgress,
	type ItemStatus
} from '../../domain/follow-up';
import type { Executor } from '../db/client';

export interface CoopRoundCounts {
	roundId: string;
	cohortId: string;
	cohortName: string;
	dueOn: string;
	label: string;
	cooperativeId: string;
	federationId: string;
	/** The cooperative's first team in the cohort (by name): where its follow-up pages are. */
	teamId: string;
	name: string;
	progress: CoopRoundProgress;
	/** The plan's items by the status of their update in this round; `none`: no update yet. */
	byStatus: Record<ItemStatus | 'none', number>;
	/** Updates awaiting a review. */
	pending: number;
	/** Centavos spent, as the updates say, and the items' budget (see `itemsSql`). */
	spent: number;
	budget: number;
}

/**
 * The Action Plan's items of each workbook in `workbookIds` (a subquery), as `planItems` reads
 * them: rows that are objects, keyed by their index among those rows, with an activity that is
 * not blank; the budget when it is a number (centavos).
 */
export function itemsSql(workbookIds: SQL): SQL {
	return sql`select y.workbook_id, y.item_key, y.budget from (
			select ps.workbook_id,
				(row_number() over (partition by ps.workbook_id order by x.ord) - 1)::text as item_key,
				x.row,
				case when jsonb_typeof(x.row->'budget') = 'number' then (x.row->>'budget')::numeric end as budget
			from plan_section ps
			cross join lateral jsonb_array_elements(
				case when jsonb_typeof(ps.data->'activities') = 'array' then ps.data->'activities' else '[]'::jsonb end
			) with ordinality as x(row, ord)
			where ps.section_key = ${ACTION_PLAN_ACTIVITIES} and ps.workbook_id in (${workbookIds})
				and jsonb_typeof(x.row) = 'object') y
		where jsonb_typeof(y.row->'activity') = 'string' and y.row->>'activity' ~ '[^[:space:]]'`;
}

/**
 * Over items `i` left-joined to their update `u`: updates by review state and by status, amount
 * spent, and budget — an updated item's is the one its snapshot kept when first written in the
 * round (what the lead reported against), an item without an update its current row's.
 */
function updateCountsSql(u: string): SQL {
	const x = sql.raw(u);
	const byStatus = ITEM_STATUSES.map(
		(s) => sql`count(${x}.id) filter (where ${x}.status = ${s})::int as ${sql.raw(s)}`
	);
	return sql`count(${x}.id) filter (where ${x}.review_state = 'validated')::int as validated,
		count(${x}.id) filter (where ${x}.review_state = 'queried')::int as queried,
		count(${x}.id) filter (where ${x}.review_state = 'pending')::int as pending,
		${sql.join(byStatus, sql`, `)},
		coalesce(sum(${x}.spent), 0)::text as spent,
		coalesce(sum(case when ${x}.id is null then i.budget
			when jsonb_typeof(${x}.snapshot->'budget') = 'number' then (${x}.snapshot->>'budget')::numeric
			end), 0)::text as budget`;
}

/**
 * The rounds and cooperatives as pairs: every cooperative with a team in the round's cohort,
 * and its workbook of the cohort's programme (null while nothing of the plan was saved).
 * `where` narrows the teams (alias `t`) and rounds (alias `r`).
 */
export function roundCoopsSql(where: SQL): SQL {
	return sql`select distinct on (r.id, t.cooperative_id)
			r.id as round_id, r.cohort_id, co.name as cohort_name, r.due_on::text as due_on, r.label,
			t.cooperative_id, c.federation_id, t.id as team_id, coalesce(c.short_name, c.name) as name, w.id as workbook_id
		from follow_up_round r
		join cohort co on co.id = r.cohort_id
		join team t on t.cohort_id = r.cohort_id and t.cooperative_id is not null
		join cooperative c on c.id = t.cooperative_id
		left join workbook w on w.cooperative_id = t.cooperative_id and w.programme_id = co.programme_id
		where ${where}
		order by r.id, t.cooperative_id, t.name, t.id`;
}

type Row = {
	round_id: string;
	cohort_id: string;
	cohort_name: string;
	due_on: string;
	label: string;
	cooperative_id: string;
	federation_id: string;
	team_id: string;
	name: string;
	items: number;
	updated: number;
	validated: number;
	queried: number;
	pending: number;
	spent: string;
	budget: string;
} & Record<ItemStatus, number>;

/**
 * Per round and cooperative: items, updated, validated, queried, items by status, spent and
 * budget; `progress` from `progressFromCounts` (late: the due date is past on `today` and not
 * every item has an update). An update of a row that is no longer an item counts for nothing,
 * as on the round's page.
 */
export async function countRoundProgress(
	db: Executor,
	where: SQL,
	today: string
): Promise<CoopRoundCounts[]> {
	const r = (await db.execute(
		sql`with rc as (${roundCoopsSql(where)}),
		items as (${itemsSql(sql`select workbook_id from rc where workbook_id is not null`)})
		select rc.round_id, rc.cohort_id, rc.cohort_name, rc.due_on, rc.label, rc.cooperative_id,
			rc.federation_id, rc.team_id, rc.name,
			count(i.item_key)::int as items, count(u.id)::int as updated,
			${updateCountsSql('u')}
		from rc
		left join items i on i.workbook_id = rc.workbook_id
		left join follow_up_update u on u.round_id = rc.round_id and u.workbook_id = rc.workbook_id
			and u.item_key = i.item_key
		group by rc.round_id, rc.cohort_id, rc.cohort_name, rc.due_on, rc.label, rc.cooperative_id,
			rc.federation_id, rc.team_id, rc.name`
	)) as unknown as { rows: Row[] };
	const n = (v: unknown) => Number(v ?? 0);
	return r.rows.map((x) => ({
		roundId: x.round_id,
		cohortId: x.cohort_id,
		cohortName: x.cohort_name,
		dueOn: x.due_on,
		label: x.label,
		cooperativeId: x.cooperative_id,
		federationId: x.federation_id,
		teamId: x.team_id,
		name: x.name,
		progress: progressFromCounts({
			items: n(x.items),
			updated: n(x.updated),
			validated: n(x.validated),
			queried: n(x.queried),
			dueOn: x.due_on,
			today
		}),
		byStatus: {
			done: n(x.done),
			on_track: n(x.on_track),
			late: n(x.late),
			not_started: n(x.not_started),
			none: n(x.items) - n(x.updated)
		},
		pending: n(x.pending),
		spent: n(x.spent),
		budget: n(x.budget)
	}));
}

export interface LatestCounts {
	/** Items of the plans followed (each workbook once, whatever its rounds). */
	items: number;
	/** Items by the status of their latest update (the latest round that has one). */
	byStatus: Record<ItemStatus | 'none', number>;
	validated: number;
	queried: number;
	pending: number;
	/** Centavos: what the latest updates say was spent so far, and the items' budget. */
	spent: number;
	budget: number;
}

/**
 * Over every round and cooperative `where` lets through: each item once, as its latest update
 * says (spent is "so far", so only the latest counts, never a sum over rounds).
 */
export async function countLatestStatus(db: Executor, where: SQL): Promise<LatestCounts> {
	const r = (await db.execute(
		sql`with rc as (${roundCoopsSql(where)}),
		items as (${itemsSql(sql`select workbook_id from rc where workbook_id is not null`)}),
		latest as (
			select distinct on (u.workbook_id, u.item_key)
				u.id, u.workbook_id, u.item_key, u.status, u.review_state, u.spent, u.snapshot
			from follow_up_update u
			join rc on rc.round_id = u.round_id and rc.workbook_id = u.workbook_id
			order by u.workbook_id, u.item_key, rc.due_on desc, u.updated_at desc)
		select count(i.item_key)::int as items, count(l.id)::int as updated,
			${updateCountsSql('l')}
		from items i
		left join latest l on l.workbook_id = i.workbook_id and l.item_key = i.item_key`
	)) as unknown as { rows: (Omit<Row, 'spent' | 'budget'> & { spent: string; budget: string })[] };
	const x = r.rows[0];
	const n = (v: unknown) => Number(v ?? 0);
	return {
		items: n(x?.items),
		byStatus: {
			done: n(x?.done),
			on_track: n(x?.on_track),
			late: n(x?.late),
			not_started: n(x?.not_started),
			none: n(x?.items) - n(x?.updated)
		},
		validated: n(x?.validated),
		queried: n(x?.queried),
		pending: n(x?.pending),
		spent: n(x?.spent),
		budget: n(x?.budget)
	};
}
