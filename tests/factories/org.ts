import { randomUUID } from 'node:crypto';
import type { Executor } from '../../src/lib/server/db/client';
import {
	cohort,
	cooperative,
	enrolment,
	federation,
	person,
	programme
} from '../../src/lib/server/db/schema';
import { createAccount } from '../../src/lib/server/auth/create-account';
import type { Role } from '../../src/lib/domain/roles';
import type { Actor } from '../../src/lib/server/access/guard';
import { loadActor } from '../../src/lib/server/access/load-actor';

let seq = 0;
const next = () => ++seq;

export async function makeFederation(db: Executor, shortName = `FED${next()}`) {
	const [row] = await db
		.insert(federation)
		.values({ name: `Federación ${shortName}`, shortName, level: 'regional', department: 'LP' })
		.returning();
	return row!;
}

export async function makeCooperative(
	db: Executor,
	federationId: string,
	name = `Cooperativa ${next()}`
) {
	const [row] = await db
		.insert(cooperative)
		.values({ federationId, name, shortName: name, department: 'PT', minerals: ['tin'] })
		.returning();
	return row!;
}

/** 1 → "A", 27 → "Ab": names take no digits (src/lib/domain/names.ts). */
function letters(n: number): string {
	let s = '';
	for (let k = n; k > 0; k = Math.floor((k - 1) / 26))
		s = String.fromCharCode(97 + ((k - 1) % 26)) + s;
	return s.charAt(0).toUpperCase() + s.slice(1);
}

export async function makePerson(
	db: Executor,
	cooperativeId: string,
	over: Partial<typeof person.$inferInsert> = {}
) {
	const n = next();
	const [row] = await db
		.insert(person)
		.values({
			cooperativeId,
			givenNames: `Nombre ${letters(n)}`,
			surnames: `Apellido ${letters(n)} Quispe`,
			sex: n % 2 ? 'F' : 'M',
			ciNumber: String(9_000_000 + n),
			phone: `+5917${String(1_000_000 + n)}`,
			...over
		})
		.returning();
	return row!;
}

export async function makeCohort(db: Executor) {
	const [prog] = await db
		.insert(programme)
		.values({ name: `Programa ${next()}` })
		.returning();
	const [row] = await db
		.insert(cohort)
		.values({
			programmeId: prog!.id,
			name: `Cohorte ${next()}`,
			startsOn: '2026-09-01',
			endsOn: '2026-12-01'
		})
		.returning();
	return row!;
}

export async function enrol(
	db: Executor,
	cohortId: string,
	p: { id: string; cooperativeId: string | null }
) {
	await db.insert(enrolment).values({ cohortId, personId: p.id, cooperativeId: p.cooperativeId! });
}

/** An account holding one role in a scope, returned as the Actor a request would carry. */
export async function makeActor(
	db: Executor,
	role: Role,
	scope: {
		cohortId?: string;
		federationId?: string;
		cooperativeId?: string;
		personId?: string;
	} = {}
): Promise<Actor> {
	const { id } = await createAccount(
		db,
		{
			name: `${role} ${next()}`,
			username: `u${randomUUID().slice(0, 8)}`,
			personId: scope.personId,
			password: 'contraseña-segura',
			grants: [
				{
					role,
					cohortId: scope.cohortId,
					federationId: scope.federationId,
					cooperativeId: scope.cooperativeId
				}
			]
		},
		null
	);
	return (await loadActor(db, id))!;
}

/**
 * Two federations, each with a cooperative and two members; cohort A holds federation 1's
 * members, cohort B federation 2's. Enough to prove every scope boundary.
 */
export async function makeWorld(db: Executor) {
	const fed1 = await makeFederation(db);
	const fed2 = await makeFederation(db);
	const coop1 = await makeCooperative(db, fed1.id);
	const coop2 = await makeCooperative(db, fed2.id);
	const p1a = await makePerson(db, coop1.id);
	const p1b = await makePerson(db, coop1.id);
	const p2a = await makePerson(db, coop2.id);
	const p2b = await makePerson(db, coop2.id);
	const cohortA = await makeCohort(db);
	const cohortB = await makeCohort(db);
	for (const p of [p1a, p1b]) await enrol(db, cohortA.id, p);
	for (const p of [p2a, p2b]) await enrol(db, cohortB.id, p);
	return { fed1, fed2, coop1, coop2, p1a, p1b, p2a, p2b, cohortA, cohortB };
}
