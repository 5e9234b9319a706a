import { and, asc, eq, exists, isNotNull, isNull, not, or, sql, type SQL } from 'drizzle-orm';
import { departmentCodes, mineralCodes, sexes } from '../../domain/bolivia';
import { isUuid, oneOf, type ListQuery, type ListSpec } from '../../domain/list-query';
import { assertCan, visibility, type Actor } from '../access/guard';
import { issueLinkSql } from '../access/link-scope';
import {
	accountStatusSql,
	hasPasswordSql,
	isoOrNull,
	lastLinkAtSql,
	type AccountStatus
} from '../auth/account-status';
import type { Executor } from '../db/client';
import { cooperative, correctionRequest, enrolment, federation, person, user } from '../db/schema';
import {
	orderDir,
	PAGE_SIZE,
	searchPattern,
	toPage,
	type Page,
	type PreparedList
} from '../lists/paging';
import { personScopeSql } from '../lists/scope';

export { PAGE_SIZE };

export const peopleListSpec = {
	sorts: ['name', 'cooperative', 'federation', 'department', 'sex', 'birthDate', 'role'],
	defaultSort: 'name',
	filters: {
		federation: isUuid,
		cooperative: isUuid,
		department: oneOf(departmentCodes),
		mineral: oneOf(mineralCodes),
		sex: oneOf(sexes),
		cohort: isUuid,
		account: oneOf(['yes', 'invited', 'no']),
		corrections: oneOf(['open'])
	}
} satisfies ListSpec;
export type PeopleFilter = keyof typeof peopleListSpec.filters;
export type PeopleQuery = ListQuery<PeopleFilter>;

export interface PersonRow {
	id: string;
	name: string;
	givenNames: string;
	surnames: string;
	cooperativeId: string | null;
	cooperative: string | null;
	federation: string | null;
	department: string | null;
	sex: 'F' | 'M';
	birthDate: string | null;
	roleInCooperative: string | null;
	/** CI and phone: null unless the actor may read this person's contact data. */
	ciNumber: string | null;
	ciExtension: string | null;
	phone: string | null;
	username: string | null;
	account: AccountStatus;
	/** For an invited account: when its newest link was issued. */
	invitedAt: string | null;
	canInvite: boolean;
	canReset: boolean;
}
export type PeoplePage = Page<PersonRow>;

/** A boolean column: whether a row lies inside a visibility (for per-row permissions). */
const within = (db: Executor, actor: Actor, action: Parameters<typeof visibility>[1]) =>
	personScopeSql(db, { ...visibility(actor, action), personIds: [] }) ?? sql`true`;

/** The people an actor may see, searched (accent- and case-insensitive), filtered and sorted. */
export function preparePeople(
	deps: { db: Executor },
	actor: Actor | null,
	input: Partial<PeopleQuery> = {}
): PreparedList<PersonRow> {
	assertCan(actor, 'person.list');
	const { db } = deps;
	const query: PeopleQuery = {
		q: input.q ?? '',
		sort: input.sort ?? 'name',
		dir: input.dir ?? 'asc',
		page: input.page ?? 1,
		filters: input.filters ?? {}
	};
	const where: Array<SQL | undefined> = [personScopeSql(db, visibility(actor, 'person.read'))];
	const contact = within(db, actor, 'person.read_contact');
	const links = issueLinkSql(db, actor);
	const pattern = searchPattern(query.q);
	if (pattern) {
		// The matches are gathered first, through the trigram index on names and the cooperative
		// index (a BitmapOr), and the page is then sorted from them. Written as "in (select …)" or
		// with the sort's index, PostgreSQL would walk 130,000 people in name order instead.
		const coops = sql`array(select ${cooperative.id} from ${cooperative} where ${cooperative.search} ilike ${pattern})`;
		const matches = sql`array(select ${person.id} from ${person} where ${person.search} ilike ${pattern} or ${person.cooperativeId} = any(${coops}))`;
		const ci = query.q.replace(/[\s.]/g, '').toUpperCase();
		where.push(
			or(
				sql`${person.id} = any(${matches})`,
				// A CI number finds its person, for those who may see CI numbers.
				/^\d{4,}/.test(ci) ? and(eq(person.ciNumber, ci), contact) : undefined
			)
		);
	}
	const f = query.filters;
	if (f.federation) where.push(eq(cooperative.federationId, f.federation));
	if (f.cooperative) where.push(eq(person.cooperativeId, f.cooperative));
	if (f.department) where.push(eq(cooperative.department, f.department));
	if (f.mineral) where.push(sql`${cooperative.minerals} @> array[${f.mineral}]::text[]`);
	if (f.sex) where.push(eq(person.sex, f.sex as 'F' | 'M'));
	if (f.cohort)
		where.push(
			exists(
				db
					.select({ one: sql`1` })
					.from(enrolment)
					.where(
						and(
							eq(enrolment.personId, person.id),
							eq(enrolment.cohortId, f.cohort),
							eq(enrolment.status, 'active')
						)
					)
			)
		);
	// "Yes" is an account someone has come into; an invitation not yet used is not one.
	if (f.account === 'yes') where.push(and(isNotNull(user.id), hasPasswordSql));
	if (f.account === 'invited') where.push(and(isNotNull(user.id), not(hasPasswordSql)));
	if (f.account === 'no') where.push(isNull(user.id));
	if (f.corrections === 'open')
		where.push(
			exists(
				db
					.select({ one: sql`1` })
					.from(correctionRequest)
					.where(
						and(eq(correctionRequest.personId, person.id), eq(correctionRequest.status, 'open'))
					)
			)
		);
	const condition = and(...where);
	const sorts: Record<string, SQL> = {
		name: sql`${person.surnames} ${orderDir(query.dir)}, ${person.givenNames}`,
		cooperative: sql`lower(coalesce(${cooperative.shortName}, ${cooperative.name}))`,
		federation: sql`lower(${federation.shortName})`,
		department: sql`${cooperative.department}`,
		sex: sql`${person.sex}`,
		birthDate: sql`${person.birthDate}`,
		role: sql`lower(${person.roleInCooperative})`
	};
	const base = () =>
		db
			.select({
				id: person.id,
				name: sql<string>`${person.givenNames} || ' ' || ${person.surnames}`,
				givenNames: person.givenNames,
				surnames: person.surnames,
				cooperativeId: person.cooperativeId,
				cooperative: sql<string | null>`coalesce(${cooperative.shortName}, ${cooperative.name})`,
				federation: federation.shortName,
				department: cooperative.department,
				sex: person.sex,
				birthDate: person.birthDate,
				roleInCooperative: person.roleInCooperative,
				ciNumber: sql<string | null>`case when ${contact} then ${person.ciNumber} end`,
				ciExtension: sql<string | null>`case when ${contact} then ${person.ciExtension} end`,
				phone: sql<string | null>`case when ${contact} then ${person.phone} end`,
				username: user.username,
				account: accountStatusSql,
				invitedAt: lastLinkAtSql,
				canInvite: sql<boolean>`${links.canInvite}`,
				canReset: sql<boolean>`${links.canReset}`
			})
			.from(person)
			.leftJoin(cooperative, eq(cooperative.id, person.cooperativeId))
			.leftJoin(federation, eq(federation.id, cooperative.federationId))
			.leftJoin(user, eq(user.personId, person.id));
	return {
		async count() {
			const [r] = await db
				.select({ n: sql<number>`count(*)::int` })
				.from(person)
				.leftJoin(cooperative, eq(cooperative.id, person.cooperativeId))
				.leftJoin(user, eq(user.personId, person.id))
				.where(condition);
			return r?.n ?? 0;
		},
		async fetch(limit, offset) {
			const rows = await base()
				.where(condition)
				.orderBy(
					sql`${sorts[query.sort] ?? sorts.name} ${orderDir(query.dir)} nulls last`,
					asc(person.surnames),
					asc(person.givenNames),
					asc(person.id)
				)
				.limit(limit)
				.offset(offset);
			return rows.map((r) => ({
				...r,
				invitedAt: r.account === 'invited' ? isoOrNull(r.invitedAt) : null,
				canInvite: !!r.canInvite,
				canReset: !!r.canReset
			}));
		}
	};
}

export async function listPeople(
	deps: { db: Executor },
	actor: Actor | null,
	query: Partial<PeopleQuery> = {}
): Promise<PeoplePage> {
	return toPage(preparePeople(deps, actor, query), query.page ?? 1);
}
