import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import { visibility, type Actor } from '../access/guard';
import type { Executor } from '../db/client';
import { cooperative, person, runAttendance } from '../db/schema';
import { personScopeSql } from '../lists/scope';

/**
 * Who attended a run, as a reader may see it: counts of women and men over everyone present
 * (numbers name nobody), names only of the people this reader may read, and how many others.
 */
export interface AttendanceView {
	women: number;
	men: number;
	guests: number;
	names: string[];
	hidden: number;
}

/** The condition "this reader may read that person", as a column (needs person ⟕ cooperative). */
export function mayReadPersonSql(db: Executor, actor: Actor) {
	const cond = personScopeSql(db, visibility(actor, 'person.read'));
	return cond ? sql<boolean>`coalesce((${cond}), false)` : sql<boolean>`true`;
}

/** Attendance of several runs at once, by run id. */
export async function attendanceOf(
	db: Executor,
	actor: Actor,
	runs: readonly { id: string; guests: number }[]
): Promise<Map<string, AttendanceView>> {
	const out = new Map<string, AttendanceView>();
	for (const r of runs) out.set(r.id, { women: 0, men: 0, guests: r.guests, names: [], hidden: 0 });
	if (runs.length === 0) return out;
	const rows = await db
		.select({
			runId: runAttendance.runId,
			name: sql<string>`${person.givenNames} || ' ' || ${person.surnames}`,
			sex: person.sex,
			visible: mayReadPersonSql(db, actor)
		})
		.from(runAttendance)
		.innerJoin(person, eq(person.id, runAttendance.personId))
		.leftJoin(cooperative, eq(cooperative.id, person.cooperativeId))
		.where(
			inArray(
				runAttendance.runId,
				runs.map((r) => r.id)
			)
		)
		.orderBy(asc(person.surnames), asc(person.givenNames));
	for (const row of rows) {
		const a = out.get(row.runId)!;
		if (row.sex === 'F') a.women++;
		else a.men++;
		if (row.visible) a.names.push(row.name);
		else a.hidden++;
	}
	return out;
}

/** Names of people by id, only those this reader may read (others are left out). */
export async function readableNames(
	db: Executor,
	actor: Actor,
	ids: readonly string[]
): Promise<Map<string, string>> {
	if (ids.length === 0) return new Map();
	const rows = await db
		.select({ id: person.id, name: sql<string>`${person.givenNames} || ' ' || ${person.surnames}` })
		.from(person)
		.leftJoin(cooperative, eq(cooperative.id, person.cooperativeId))
		.where(and(inArray(person.id, [...new Set(ids)]), mayReadPersonSql(db, actor)));
	return new Map(rows.map((r) => [r.id, r.name]));
}
