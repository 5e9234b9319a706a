import { asc, desc, eq, inArray, sql } from 'drizzle-orm';
import { parseCi } from '../../domain/import/ci';
import type { EvaluateInput } from '../../domain/import/evaluate';
import type { ColumnMapping, CoopDecision, RawRow } from '../../domain/import/types';
import type { Executor } from '../db/client';
import {
	cohort,
	cooperative,
	enrolment,
	federation,
	importBatch,
	person,
	programme,
	team
} from '../db/schema';
import { AppError } from '../errors';
import { decodeMapping } from './batch';

export interface CohortInfo {
	id: string;
	name: string;
	programme: string;
	startsOn: string;
	endsOn: string;
}

export async function loadCohort(db: Executor, cohortId: string): Promise<CohortInfo> {
	if (!/^[0-9a-f-]{36}$/i.test(cohortId)) throw new AppError('not_found');
	const [c] = await db
		.select({
			id: cohort.id,
			name: cohort.name,
			programme: programme.name,
			startsOn: cohort.startsOn,
			endsOn: cohort.endsOn
		})
		.from(cohort)
		.innerJoin(programme, eq(programme.id, cohort.programmeId))
		.where(eq(cohort.id, cohortId));
	if (!c) throw new AppError('not_found');
	return c;
}

/** "yyyy-mm-dd" in Bolivia (UTC−4 all year) for the given instant. */
export function boliviaDay(now: Date): string {
	return new Date(now.getTime() - 4 * 3_600_000).toISOString().slice(0, 10);
}

/**
 * What the database holds that the evaluation compares the file with, in one query per kind:
 * the people whose CI numbers appear in the file, every cooperative and federation, the cohort's
 * enrolments and teams, and the cooperative answers given in earlier imports.
 */
export async function loadContext(
	db: Executor,
	args: {
		cohortId: string;
		rows: RawRow[];
		headerRow: number;
		mapping: ColumnMapping;
		decisions: Record<string, CoopDecision>;
		now: Date;
	}
): Promise<EvaluateInput> {
	const ciCol = args.mapping.indexOf('ci');
	const numbers = new Set<string>();
	if (ciCol >= 0)
		for (const r of args.rows) {
			if (r.row <= args.headerRow) continue;
			const c = parseCi(r.cells[ciCol] ?? '');
			if (c.ok) numbers.add(c.ci.number);
		}
	const people = numbers.size
		? await db
				.select({
					id: person.id,
					cooperativeId: person.cooperativeId,
					givenNames: person.givenNames,
					surnames: person.surnames,
					ciNumber: person.ciNumber,
					ciExtension: person.ciExtension,
					sex: person.sex,
					birthDate: person.birthDate,
					phone: person.phone,
					roleInCooperative: person.roleInCooperative
				})
				.from(person)
				.where(inArray(sql<string>`substring(${person.ciNumber} from '^[0-9]+')`, [...numbers]))
		: [];
	const cooperatives = await db
		.select({
			id: cooperative.id,
			name: cooperative.name,
			shortName: cooperative.shortName,
			registryNumber: cooperative.registryNumber,
			federationId: cooperative.federationId,
			federationShortName: federation.shortName
		})
		.from(cooperative)
		.innerJoin(federation, eq(federation.id, cooperative.federationId))
		.orderBy(asc(cooperative.name));
	const federations = await db
		.select({
			id: federation.id,
			name: federation.name,
			shortName: federation.shortName,
			department: federation.department
		})
		.from(federation)
		.orderBy(asc(federation.shortName));
	const enrolments = await db
		.select({
			id: enrolment.id,
			personId: enrolment.personId,
			cooperativeId: enrolment.cooperativeId,
			teamId: enrolment.teamId
		})
		.from(enrolment)
		.where(eq(enrolment.cohortId, args.cohortId));
	const teams = await db
		.select({ id: team.id, cooperativeId: team.cooperativeId, name: team.name })
		.from(team)
		.where(eq(team.cohortId, args.cohortId))
		.orderBy(asc(team.createdAt), asc(team.id));
	const earlier = await db
		.select({ mapping: importBatch.mapping })
		.from(importBatch)
		.where(eq(importBatch.status, 'committed'))
		.orderBy(desc(importBatch.committedAt));
	const aliases: Record<string, string> = {};
	for (const b of earlier)
		for (const [key, d] of Object.entries(decodeMapping(b.mapping).decisions))
			if (d.kind === 'existing' && !(key in aliases)) aliases[key] = d.cooperativeId;

	return {
		rows: args.rows,
		headerRow: args.headerRow,
		mapping: args.mapping,
		people,
		cooperatives,
		federations,
		enrolments,
		teams,
		decisions: args.decisions,
		aliases,
		today: boliviaDay(args.now)
	};
}
