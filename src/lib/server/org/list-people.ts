import { and, asc, eq, exists, ilike, inArray, or, sql, type SQL } from 'drizzle-orm';
import { fold } from '../../domain/text';
import { assertCan, can, visibility, type Actor } from '../access/guard';
import type { Executor } from '../db/client';
import { cooperative, enrolment, person, user } from '../db/schema';

export const PAGE_SIZE = 25;

export interface PeoplePage {
	rows: Array<{
		id: string;
		name: string;
		cooperative: string | null;
		phone: string | null;
		username: string | null;
		canInvite: boolean;
		canReset: boolean;
	}>;
	total: number;
	page: number;
	pages: number;
}

/** The people an actor may see, searched (accent- and case-insensitive) and paged. */
export async function listPeople(
	deps: { db: Executor },
	actor: Actor | null,
	query: { q?: string; page?: number }
): Promise<PeoplePage> {
	assertCan(actor, 'person.list');
	const v = visibility(actor, 'person.read');
	const conditions: SQL[] = [];
	if (!v.all) {
		const scope: SQL[] = [];
		if (v.personIds.length) scope.push(inArray(person.id, v.personIds));
		if (v.cooperativeIds.length) scope.push(inArray(person.cooperativeId, v.cooperativeIds));
		if (v.federationIds.length) scope.push(inArray(cooperative.federationId, v.federationIds));
		if (v.cohortIds.length)
			scope.push(
				exists(
					deps.db
						.select({ one: sql`1` })
						.from(enrolment)
						.where(and(eq(enrolment.personId, person.id), inArray(enrolment.cohortId, v.cohortIds)))
				)
			);
		conditions.push(scope.length ? or(...scope)! : sql`false`);
	}
	const q = fold(query.q ?? '');
	if (q) {
		const pattern = `%${q.replace(/[%_\\]/g, '\\$&')}%`;
		// unaccent is not available everywhere; translate() folds the Spanish accents we meet.
		const foldSql = (col: SQL | typeof person.givenNames) =>
			sql`translate(lower(${col}), 'áéíóúüñ', 'aeiouun')`;
		conditions.push(
			or(
				ilike(foldSql(sql`${person.givenNames} || ' ' || ${person.surnames}`), pattern),
				ilike(foldSql(sql`coalesce(${cooperative.name}, '')`), pattern)
			)!
		);
	}
	const where = conditions.length ? and(...conditions) : undefined;
	const [{ total }] = (await deps.db
		.select({ total: sql<number>`count(*)::int` })
		.from(person)
		.leftJoin(cooperative, eq(cooperative.id, person.cooperativeId))
		.where(where)) as [{ total: number }];
	const pages = Math.max(1, Math.ceil(total / PAGE_SIZE));
	const page = Math.min(Math.max(1, query.page ?? 1), pages);
	const rows = await deps.db
		.select({
			id: person.id,
			givenNames: person.givenNames,
			surnames: person.surnames,
			cooperativeId: person.cooperativeId,
			federationId: cooperative.federationId,
			cooperative: cooperative.shortName,
			cooperativeName: cooperative.name,
			phone: person.phone,
			username: user.username
		})
		.from(person)
		.leftJoin(cooperative, eq(cooperative.id, person.cooperativeId))
		.leftJoin(user, eq(user.personId, person.id))
		.where(where)
		.orderBy(asc(person.surnames), asc(person.givenNames), asc(person.id))
		.limit(PAGE_SIZE)
		.offset((page - 1) * PAGE_SIZE);
	const cohortsOf = await cohortsByPerson(
		deps.db,
		rows.map((r) => r.id)
	);
	return {
		total,
		page,
		pages,
		rows: rows.map((r) => {
			const scope = {
				personId: r.id,
				cooperativeId: r.cooperativeId,
				federationId: r.federationId,
				cohortIds: cohortsOf.get(r.id) ?? []
			};
			return {
				id: r.id,
				name: `${r.givenNames} ${r.surnames}`,
				cooperative: r.cooperative ?? r.cooperativeName,
				phone: can(actor, 'person.read_contact', scope) ? r.phone : null,
				username: r.username,
				canInvite: !r.username && can(actor, 'person.invite', scope),
				canReset: !!r.username && can(actor, 'person.reset_password', scope)
			};
		})
	};
}

async function cohortsByPerson(db: Executor, ids: string[]) {
	const map = new Map<string, string[]>();
	if (!ids.length) return map;
	const rows = await db
		.select({ personId: enrolment.personId, cohortId: enrolment.cohortId })
		.from(enrolment)
		.where(inArray(enrolment.personId, ids));
	for (const r of rows) map.set(r.personId, [...(map.get(r.personId) ?? []), r.cohortId]);
	return map;
}
