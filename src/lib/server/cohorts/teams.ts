import { and, asc, eq, inArray, isNull, ne, sql } from 'drizzle-orm';
import { checkMove, splitSizes, teamNames, TEAM_MAX } from '../../domain/teams';
import { orgName } from '../../domain/form-input';
import { assertCan, type Actor } from '../access/guard';
import { recordAudit, recordAudits } from '../audit/record-audit';
import type { Db, Executor } from '../db/client';
import { outer } from '../db/outer';
import { cohort, cooperative, enrolment, person, team } from '../db/schema';
import { AppError } from '../errors';
import { invalid, parseInput } from '../org/validate';

const teamName = orgName(100);

// Counted per row of the outer "team" query.
const teamMembers = sql<number>`(select count(*)::int from ${enrolment} where ${enrolment.teamId} = ${outer(team.id)} and ${enrolment.status} = 'active')`;

async function assertNameFree(db: Executor, cohortId: string, name: string, exceptId?: string) {
	const [clash] = await db
		.select({ id: team.id })
		.from(team)
		.where(
			and(
				eq(team.cohortId, cohortId),
				eq(sql`lower(${team.name})`, name.toLowerCase()),
				exceptId ? ne(team.id, exceptId) : undefined
			)
		);
	if (clash) throw invalid('name', 'taken');
}

/**
 * Puts every active member without a team into one: by default one team per cooperative, split
 * evenly when a cooperative has more than 25 members. Members join their cooperative's existing
 * teams first while those have room. Running it again changes nothing.
 */
export async function formTeams(
	deps: { db: Db },
	actor: Actor | null,
	cohortId: string
): Promise<{ teamsCreated: number; membersAssigned: number }> {
	assertCan(actor, 'enrolment.manage');
	return deps.db.transaction(async (tx) => {
		const [c] = await tx.select().from(cohort).where(eq(cohort.id, cohortId)).for('update');
		if (!c) throw new AppError('not_found');
		const waiting = await tx
			.select({
				id: enrolment.id,
				cooperativeId: enrolment.cooperativeId,
				cooperative: sql<string>`coalesce(${cooperative.shortName}, ${cooperative.name})`
			})
			.from(enrolment)
			.innerJoin(person, eq(person.id, enrolment.personId))
			.innerJoin(cooperative, eq(cooperative.id, enrolment.cooperativeId))
			.where(
				and(
					eq(enrolment.cohortId, cohortId),
					eq(enrolment.status, 'active'),
					isNull(enrolment.teamId)
				)
			)
			.orderBy(asc(person.surnames), asc(person.givenNames), asc(person.id));
		if (!waiting.length) return { teamsCreated: 0, membersAssigned: 0 };
		const existing = await tx
			.select({
				id: team.id,
				name: team.name,
				cooperativeId: team.cooperativeId,
				members: teamMembers
			})
			.from(team)
			.where(eq(team.cohortId, cohortId))
			.orderBy(asc(team.name));
		const taken = new Set(existing.map((t) => t.name.toLowerCase()));
		const byCoop = new Map<string, typeof waiting>();
		for (const w of waiting)
			byCoop.set(w.cooperativeId, [...(byCoop.get(w.cooperativeId) ?? []), w]);

		const assignments: Array<{ enrolmentId: string; teamId: string }> = [];
		const audits: Parameters<typeof recordAudits>[2] = [];
		let teamsCreated = 0;
		for (const [coopId, members] of byCoop) {
			let queue = [...members];
			// Fill this cooperative's teams that have room, smallest first.
			const open = existing
				.filter((t) => t.cooperativeId === coopId && t.members < TEAM_MAX)
				.sort((a, b) => a.members - b.members);
			for (const t of open) {
				const room = TEAM_MAX - t.members;
				for (const m of queue.splice(0, room))
					assignments.push({ enrolmentId: m.id, teamId: t.id });
			}
			if (!queue.length) continue;
			const sizes = splitSizes(queue.length);
			const names = teamNames(members[0]!.cooperative, sizes.length, taken);
			for (const [i, size] of sizes.entries()) {
				const name = names[i]!;
				taken.add(name.toLowerCase());
				const [t] = await tx
					.insert(team)
					.values({ cohortId, cooperativeId: coopId, name })
					.returning({ id: team.id });
				teamsCreated++;
				audits.push({
					action: 'create',
					entity: 'team',
					entityId: t!.id,
					changes: { name, cooperativeId: coopId, members: size }
				});
				for (const m of queue.slice(0, size))
					assignments.push({ enrolmentId: m.id, teamId: t!.id });
				queue = queue.slice(size);
			}
		}
		const byTeam = new Map<string, string[]>();
		for (const a of assignments)
			byTeam.set(a.teamId, [...(byTeam.get(a.teamId) ?? []), a.enrolmentId]);
		for (const [teamId, ids] of byTeam)
			await tx
				.update(enrolment)
				.set({ teamId, updatedAt: new Date() })
				.where(inArray(enrolment.id, ids));
		for (const a of assignments)
			audits.push({
				action: 'assign_team',
				entity: 'enrolment',
				entityId: a.enrolmentId,
				changes: { teamId: { from: null, to: a.teamId } }
			});
		await recordAudits(tx, actor, audits);
		return { teamsCreated, membersAssigned: assignments.length };
	});
}

/** A new, empty team (members are then moved into it). */
export async function createTeam(
	deps: { db: Db },
	actor: Actor | null,
	cohortId: string,
	input: { name: unknown; cooperativeId?: string | null }
): Promise<{ id: string }> {
	assertCan(actor, 'enrolment.manage');
	const name = parseInput(teamName, input.name);
	return deps.db.transaction(async (tx) => {
		const [c] = await tx.select({ id: cohort.id }).from(cohort).where(eq(cohort.id, cohortId));
		if (!c) throw new AppError('not_found');
		await assertNameFree(tx, cohortId, name);
		const [t] = await tx
			.insert(team)
			.values({ cohortId, name, cooperativeId: input.cooperativeId ?? null })
			.returning({ id: team.id });
		await recordAudit(tx, actor, {
			action: 'create',
			entity: 'team',
			entityId: t!.id,
			changes: { name, cohortId }
		});
		return { id: t!.id };
	});
}

export async function renameTeam(
	deps: { db: Db },
	actor: Actor | null,
	teamId: string,
	input: unknown
): Promise<void> {
	assertCan(actor, 'enrolment.manage');
	let name: string;
	try {
		name = parseInput(teamName, input);
	} catch (e) {
		// A bare string has no field name: report it on the "name" field.
		if (e instanceof AppError && e.fields?._) throw invalid('name', e.fields._);
		throw e;
	}
	await deps.db.transaction(async (tx) => {
		const [t] = await tx.select().from(team).where(eq(team.id, teamId)).for('update');
		if (!t) throw new AppError('not_found');
		if (t.name === name) return;
		await assertNameFree(tx, t.cohortId, name, teamId);
		await tx.update(team).set({ name }).where(eq(team.id, teamId));
		await recordAudit(tx, actor, {
			action: 'rename',
			entity: 'team',
			entityId: teamId,
			changes: { name: { from: t.name, to: name } }
		});
	});
}

/** Deletes a team that has no members left. */
export async function deleteTeam(
	deps: { db: Db },
	actor: Actor | null,
	teamId: string
): Promise<{ cohortId: string }> {
	assertCan(actor, 'enrolment.manage');
	return deps.db.transaction(async (tx) => {
		const [t] = await tx.select().from(team).where(eq(team.id, teamId)).for('update');
		if (!t) throw new AppError('not_found');
		const [r] = await tx
			.select({ n: sql<number>`count(*)::int` })
			.from(enrolment)
			.where(and(eq(enrolment.teamId, teamId), eq(enrolment.status, 'active')));
		if ((r?.n ?? 0) > 0) throw invalid('team', 'not_empty');
		// Withdrawn members keep no team.
		await tx.update(enrolment).set({ teamId: null }).where(eq(enrolment.teamId, teamId));
		await tx.delete(team).where(eq(team.id, teamId));
		await recordAudit(tx, actor, {
			action: 'delete',
			entity: 'team',
			entityId: teamId,
			changes: { name: t.name, cohortId: t.cohortId }
		});
		return { cohortId: t.cohortId };
	});
}

/**
 * Moves an enrolled member to another team of the same cohort, keeping both teams within
 * 3–25 members (a team already too small may be emptied, to merge it into another).
 */
export async function moveMember(
	deps: { db: Db },
	actor: Actor | null,
	enrolmentId: string,
	toTeamId: string
): Promise<void> {
	assertCan(actor, 'enrolment.manage');
	await deps.db.transaction(async (tx) => {
		const [e] = await tx
			.select()
			.from(enrolment)
			.where(eq(enrolment.id, enrolmentId))
			.for('update');
		if (!e || e.status !== 'active') throw new AppError('not_found');
		if (e.teamId === toTeamId) return;
		// Lock both teams in a fixed order so two moves cannot deadlock or overfill a team.
		const ids = [toTeamId, ...(e.teamId ? [e.teamId] : [])].sort();
		const teams = await tx
			.select({ id: team.id, cohortId: team.cohortId, name: team.name })
			.from(team)
			.where(inArray(team.id, ids))
			.orderBy(asc(team.id))
			.for('update');
		const target = teams.find((t) => t.id === toTeamId);
		if (!target || target.cohortId !== e.cohortId) throw invalid('teamId', 'not_found');
		const source = teams.find((t) => t.id === e.teamId);
		const count = async (id: string) => {
			const [r] = await tx
				.select({ n: sql<number>`count(*)::int` })
				.from(enrolment)
				.where(and(eq(enrolment.teamId, id), eq(enrolment.status, 'active')));
			return r?.n ?? 0;
		};
		const to = await count(toTeamId);
		// A member without a team leaves no team short.
		const from = source ? await count(source.id) : Number.POSITIVE_INFINITY;
		const verdict = checkMove(from, to);
		if (verdict !== 'ok') throw invalid('teamId', verdict);
		await tx
			.update(enrolment)
			.set({ teamId: toTeamId, updatedAt: new Date() })
			.where(eq(enrolment.id, enrolmentId));
		await recordAudit(tx, actor, {
			action: 'move',
			entity: 'enrolment',
			entityId: enrolmentId,
			changes: {
				personId: e.personId,
				team: { from: source?.name ?? null, to: target.name },
				teamId: { from: e.teamId, to: toTeamId }
			}
		});
	});
}

/**
 * Splits a team of more than 25 into as few teams as the maximum allows, as even as possible
 * (31 → 16 + 15), in one step. The team keeps its name and the first share of members; the new
 * teams take its name numbered and its cooperative. Members are taken in cooperative order, so
 * members of one cooperative stay together as far as the sizes allow.
 */
export async function splitTeam(
	deps: { db: Db },
	actor: Actor | null,
	teamId: string
): Promise<{ teams: Array<{ id: string; name: string; members: number }> }> {
	assertCan(actor, 'enrolment.manage');
	return deps.db.transaction(async (tx) => {
		const [found] = await tx.select().from(team).where(eq(team.id, teamId));
		if (!found) throw new AppError('not_found');
		// The cohort first, as formTeams does, so a split and a formation never interleave.
		await tx
			.select({ id: cohort.id })
			.from(cohort)
			.where(eq(cohort.id, found.cohortId))
			.for('update');
		const [t] = await tx.select().from(team).where(eq(team.id, teamId)).for('update');
		if (!t) throw new AppError('not_found');
		const members = await tx
			.select({ id: enrolment.id, personId: enrolment.personId })
			.from(enrolment)
			.innerJoin(person, eq(person.id, enrolment.personId))
			.innerJoin(cooperative, eq(cooperative.id, enrolment.cooperativeId))
			.where(and(eq(enrolment.teamId, teamId), eq(enrolment.status, 'active')))
			.orderBy(
				sql`lower(coalesce(${cooperative.shortName}, ${cooperative.name}))`,
				asc(cooperative.id),
				asc(person.surnames),
				asc(person.givenNames),
				asc(person.id)
			);
		if (members.length <= TEAM_MAX) throw invalid('team', 'not_large');
		const sizes = splitSizes(members.length);
		const taken = new Set(
			(await tx.select({ name: team.name }).from(team).where(eq(team.cohortId, t.cohortId))).map(
				(r) => r.name.toLowerCase()
			)
		);
		const base = t.name.slice(0, 95);
		const names: string[] = [];
		for (let n = 2; names.length < sizes.length - 1; n++) {
			const name = `${base} ${n}`;
			if (!taken.has(name.toLowerCase())) names.push(name);
		}
		const audits: Parameters<typeof recordAudits>[2] = [];
		const result = [{ id: t.id, name: t.name, members: sizes[0]! }];
		let rest = members.slice(sizes[0]);
		for (const [i, size] of sizes.slice(1).entries()) {
			const name = names[i]!;
			const [created] = await tx
				.insert(team)
				.values({ cohortId: t.cohortId, cooperativeId: t.cooperativeId, name })
				.returning({ id: team.id });
			const moving = rest.slice(0, size);
			rest = rest.slice(size);
			await tx
				.update(enrolment)
				.set({ teamId: created!.id, updatedAt: new Date() })
				.where(
					inArray(
						enrolment.id,
						moving.map((m) => m.id)
					)
				);
			result.push({ id: created!.id, name, members: size });
			audits.push({
				action: 'create',
				entity: 'team',
				entityId: created!.id,
				changes: { name, cohortId: t.cohortId, cooperativeId: t.cooperativeId, members: size }
			});
			for (const m of moving)
				audits.push({
					action: 'move',
					entity: 'enrolment',
					entityId: m.id,
					changes: {
						personId: m.personId,
						team: { from: t.name, to: name },
						teamId: { from: t.id, to: created!.id }
					}
				});
		}
		audits.unshift({
			action: 'split',
			entity: 'team',
			entityId: t.id,
			changes: {
				members: { from: members.length, to: sizes[0] },
				teams: result.slice(1).map((r) => r.name)
			}
		});
		await recordAudits(tx, actor, audits);
		return { teams: result };
	});
}
