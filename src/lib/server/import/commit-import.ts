import { and, eq } from 'drizzle-orm';
import { cooperativeShortName } from '../../domain/import/cooperative-name';
import { missingRequirements } from '../../domain/import/fields';
import type { ImportCounts, PersonData, RowResult } from '../../domain/import/types';
import { assertCan, type Actor } from '../access/guard';
import { followCooperative } from '../cohorts/follow-cooperative';
import type { Tx } from '../db/client';
import { auditLog, cooperative, enrolment, importBatch, person, team } from '../db/schema';
import { AppError } from '../errors';
import { nowOf, type ImportDeps } from './deps';
import { batchOfCohort, evaluateBatch } from './get-import';
import { authorOf, SYSTEM_USER_ID } from './system-actor';

/** Rows per INSERT: well under PostgreSQL's 65,535 parameters, few round trips. */
const CHUNK = 500;

export interface CommitResult {
	batchId: string;
	counts: ImportCounts;
	/** People created, people updated, enrolments created. */
	created: number;
	updated: number;
	enrolled: number;
	cooperativesCreated: Array<{ id: string; name: string }>;
	teamsCreated: Array<{ id: string; name: string }>;
}

function chunks<T>(list: T[], size = CHUNK): T[][] {
	const out: T[][] = [];
	for (let i = 0; i < list.length; i += size) out.push(list.slice(i, i + size));
	return out;
}

const isUniqueViolation = (e: unknown): boolean => {
	for (let c: unknown = e; c && typeof c === 'object'; c = (c as { cause?: unknown }).cause)
		if ((c as { code?: unknown }).code === '23505') return true;
	return false;
};

/**
 * Confirms a previewed import: in one transaction, creates the cooperatives the coordinator
 * confirmed as new, creates or updates people, enrols them in the cohort through their
 * cooperative, puts each in the team of their cooperative (created when the cohort has none),
 * and records it all in the audit log. Error rows are left out; anything failing writes nothing.
 *
 * `expectedFingerprint` is the preview the coordinator saw: if the data changed since (another
 * import, an edit), nothing is written and `conflict` asks them to look again.
 */
export async function commitImport(
	deps: ImportDeps,
	actor: Actor | null,
	args: { cohortId: string; batchId: string; expectedFingerprint?: number }
): Promise<CommitResult> {
	assertCan(actor, 'import.run');
	assertCan(actor, 'enrolment.manage');
	const now = nowOf(deps);
	try {
		return await deps.db.transaction((tx) => write(tx, actor, args, now));
	} catch (e) {
		if (isUniqueViolation(e)) throw new AppError('conflict', 'changed');
		throw e;
	}
}

async function write(
	tx: Tx,
	actor: Actor,
	args: { cohortId: string; batchId: string; expectedFingerprint?: number },
	now: Date
): Promise<CommitResult> {
	// Locked: a second click on "confirm" waits here, then finds the batch committed.
	const batch = await batchOfCohort(tx, args.cohortId, args.batchId, { forUpdate: true });
	if (batch.status !== 'previewed') throw new AppError('conflict', batch.status);
	if (missingRequirements(batch.mapping).length)
		throw new AppError('invalid_input', 'mapping', { mapping: 'missing' });
	const { context, evaluation } = await evaluateBatch(tx, batch, now);
	if (args.expectedFingerprint !== undefined && evaluation.fingerprint !== args.expectedFingerprint)
		throw new AppError('conflict', 'changed');

	const author = authorOf(actor);
	const via = actor.userId === SYSTEM_USER_ID ? 'cli' : 'web';
	const good = evaluation.rows.filter(
		(r): r is RowResult & { target: NonNullable<RowResult['target']> } =>
			r.status !== 'error' && r.status !== 'duplicate' && !!r.target
	);
	const coopById = new Map(context.cooperatives.map((c) => [c.id, c]));

	// 1. Cooperatives the coordinator confirmed as new, only if a row still needs them.
	const newKeys = new Set(
		good.flatMap((r) => (r.target.coop.kind === 'new' ? [r.target.coop.key] : []))
	);
	const toCreate = evaluation.questions.filter(
		(q) => newKeys.has(q.key) && q.decision?.kind === 'new'
	);
	if (toCreate.length) assertCan(actor, 'org.manage');
	const createdCoops = toCreate.length
		? await tx
				.insert(cooperative)
				.values(
					toCreate.map((q) => {
						const d = q.decision as { kind: 'new'; federationId: string; department: string };
						return {
							federationId: d.federationId,
							name: q.name,
							shortName: cooperativeShortName(q.key),
							registryNumber: q.registryNumber,
							department: d.department,
							municipality: q.municipality
						};
					})
				)
				.returning({ id: cooperative.id, name: cooperative.name, shortName: cooperative.shortName })
		: [];
	const newCoopId = new Map(toCreate.map((q, i) => [q.key, createdCoops[i]!.id]));
	const coopIdOf = (r: (typeof good)[number]) =>
		r.target.coop.kind === 'existing'
			? r.target.coop.cooperativeId
			: newCoopId.get(r.target.coop.key)!;
	const coopLabel = (id: string) => {
		const c = coopById.get(id) ?? createdCoops.find((x) => x.id === id);
		return c?.shortName ?? c?.name ?? '';
	};

	// 2. One team per cooperative in this cohort: the existing one, or a new one.
	const teamByCoop = new Map<string, string>();
	for (const t of context.teams)
		if (t.cooperativeId && !teamByCoop.has(t.cooperativeId)) teamByCoop.set(t.cooperativeId, t.id);
	const needTeam = [...new Set(good.filter((r) => r.target.setTeam).map(coopIdOf))].filter(
		(id) => !teamByCoop.has(id)
	);
	const teamsCreated = needTeam.length
		? await tx
				.insert(team)
				.values(
					needTeam.map((id) => ({
						cohortId: args.cohortId,
						cooperativeId: id,
						name: coopLabel(id)
					}))
				)
				.returning({ id: team.id, name: team.name, cooperativeId: team.cooperativeId })
		: [];
	for (const t of teamsCreated) teamByCoop.set(t.cooperativeId!, t.id);

	// 3. New people, in chunks.
	const creates = good.filter((r) => r.status === 'new');
	const personIdOf = new Map<number, string>();
	for (const part of chunks(creates)) {
		const ids = await tx
			.insert(person)
			.values(
				part.map((r) => {
					const p = r.person as PersonData;
					return {
						cooperativeId: coopIdOf(r),
						givenNames: p.givenNames,
						surnames: p.surnames,
						ciNumber: p.ciNumber,
						ciExtension: p.ciExtension ?? null,
						sex: p.sex,
						birthDate: p.birthDate ?? null,
						phone: p.phone ?? null,
						roleInCooperative: p.roleInCooperative ?? null
					};
				})
			)
			.returning({ id: person.id });
		part.forEach((r, i) => personIdOf.set(r.row, ids[i]!.id));
	}

	// 4. Changed people: only the fields that changed. A member who changed cooperative takes
	// their enrolments in other cohorts along (this cohort's is rewritten in step 5).
	const updates = good.filter((r) => r.status === 'update');
	const followed: Array<typeof auditLog.$inferInsert> = [];
	for (const r of updates) {
		personIdOf.set(r.row, r.target.personId!);
		const set: Partial<typeof person.$inferInsert> = {};
		for (const c of r.target.changes) {
			if (c.field === 'cooperative') set.cooperativeId = coopIdOf(r);
			else (set as Record<string, unknown>)[c.field] = c.to;
		}
		if (Object.keys(set).length)
			await tx
				.update(person)
				.set({ ...set, updatedAt: now })
				.where(eq(person.id, r.target.personId!));
		if (set.cooperativeId)
			for (const a of await followCooperative(tx, r.target.personId!, set.cooperativeId, {
				exceptCohortId: args.cohortId
			}))
				followed.push({
					...a,
					actorUserId: author,
					changes: { via, batchId: batch.id, ...a.changes }
				});
	}

	// 5. Enrolments: new ones in chunks; moved or team-less ones one by one.
	const enrolCreates = good.filter((r) => r.target.enrol === 'create');
	for (const part of chunks(enrolCreates))
		await tx.insert(enrolment).values(
			part.map((r) => ({
				cohortId: args.cohortId,
				personId: personIdOf.get(r.row)!,
				cooperativeId: coopIdOf(r),
				teamId: teamByCoop.get(coopIdOf(r)) ?? null
			}))
		);
	for (const r of good.filter(
		(x) => x.target.enrol === 'update' || (x.target.enrol === 'none' && x.target.setTeam)
	))
		await tx
			.update(enrolment)
			.set({
				cooperativeId: coopIdOf(r),
				teamId: teamByCoop.get(coopIdOf(r)) ?? null,
				updatedAt: now
			})
			.where(
				and(eq(enrolment.cohortId, args.cohortId), eq(enrolment.personId, r.target.personId!))
			);

	// 6. The audit trail: the batch, each cooperative created, each person created or changed.
	const audits: Array<typeof auditLog.$inferInsert> = [...followed];
	for (const c of createdCoops)
		audits.push({
			actorUserId: author,
			action: 'create',
			entity: 'cooperative',
			entityId: c.id,
			changes: { via, batchId: batch.id, name: c.name }
		});
	for (const r of creates) {
		const p = r.person as PersonData;
		audits.push({
			actorUserId: author,
			action: 'create',
			entity: 'person',
			entityId: personIdOf.get(r.row)!,
			changes: {
				via,
				batchId: batch.id,
				row: r.row,
				cohortId: args.cohortId,
				cooperativeId: coopIdOf(r),
				fields: {
					givenNames: p.givenNames,
					surnames: p.surnames,
					ciNumber: p.ciNumber,
					ciExtension: p.ciExtension ?? null,
					sex: p.sex,
					birthDate: p.birthDate ?? null,
					phone: p.phone ?? null,
					roleInCooperative: p.roleInCooperative ?? null
				}
			}
		});
	}
	for (const r of updates)
		audits.push({
			actorUserId: author,
			action: 'update',
			entity: 'person',
			entityId: r.target.personId!,
			changes: {
				via,
				batchId: batch.id,
				row: r.row,
				cohortId: args.cohortId,
				fields: Object.fromEntries(
					r.target.changes.map((c) => [c.field, { from: c.from, to: c.to }])
				),
				enrolment:
					r.target.enrol === 'none' ? (r.target.setTeam ? 'team' : 'unchanged') : r.target.enrol
			}
		});
	const summary = {
		...evaluation.counts,
		fingerprint: evaluation.fingerprint,
		created: creates.length,
		updated: updates.length,
		enrolled: enrolCreates.length,
		cooperativesCreated: createdCoops.length,
		teamsCreated: teamsCreated.length
	};
	audits.push({
		actorUserId: author,
		action: 'import',
		entity: 'import_batch',
		entityId: batch.id,
		changes: {
			via,
			cohortId: args.cohortId,
			fileName: batch.fileName,
			fileHash: batch.fileHash,
			...summary,
			cooperatives: createdCoops.map((c) => c.id),
			teams: teamsCreated.map((t) => t.id)
		}
	});
	for (const part of chunks(audits)) await tx.insert(auditLog).values(part);

	await tx
		.update(importBatch)
		.set({ status: 'committed', committedAt: now, summary })
		.where(eq(importBatch.id, batch.id));

	return {
		batchId: batch.id,
		counts: evaluation.counts,
		created: creates.length,
		updated: updates.length,
		enrolled: enrolCreates.length,
		cooperativesCreated: createdCoops.map((c) => ({ id: c.id, name: c.name })),
		teamsCreated: teamsCreated.map((t) => ({ id: t.id, name: t.name }))
	};
}
