import { and, eq, ne, sql } from 'drizzle-orm';
import { z } from 'zod';
import { todayInBolivia } from '../../domain/bolivia';
import { diffChanges } from '../../domain/changes';
import { optionalText } from '../../domain/form-input';
import { correctableFields, personFields } from '../../domain/org-input';
import { assertCan, type Actor } from '../access/guard';
import { personScope } from '../access/person-scope';
import { recordAudit } from '../audit/record-audit';
import type { Db, Executor } from '../db/client';
import { cooperative, correctionRequest, person } from '../db/schema';
import { AppError } from '../errors';
import { rethrowPersonConflict, writePersonChanges } from './save-person';
import { invalid, parseInput } from './validate';

const proposalInput = (today: string) =>
	z.object({ ...personFields(today), note: optionalText(500) });

/**
 * A cooperative lead proposes corrections to a member of its cooperative. The form carries every
 * correctable field; only those that differ from the record are kept as the proposal.
 */
export async function proposeCorrection(
	deps: { db: Db; now?: () => Date },
	actor: Actor | null,
	personId: string,
	input: unknown
): Promise<{ id: string }> {
	const scope = await personScope(deps.db, personId);
	assertCan(actor, 'person.propose_correction', scope);
	const { note, ...fields } = parseInput(proposalInput(todayInBolivia(deps.now?.())), input);
	return deps.db.transaction(async (tx) => {
		const [current] = await tx.select().from(person).where(eq(person.id, personId));
		if (!current) throw new AppError('not_found');
		const changes = diffChanges(current, fields);
		if (!Object.keys(changes).length) throw invalid('_', 'no_change');
		// A CI number held by another record is not refused here: the answer would tell a lead
		// whether any CI exists anywhere. The coordinator sees the clash when reviewing.
		const proposed = Object.fromEntries(
			Object.entries(changes).map(([k, c]) => [k, c.to])
		) as Record<string, unknown>;
		const [row] = await tx
			.insert(correctionRequest)
			.values({ personId, proposed, note, createdBy: actor.userId })
			.returning({ id: correctionRequest.id });
		await recordAudit(tx, actor, {
			action: 'correction_proposed',
			entity: 'person',
			entityId: personId,
			changes: { ...changes, requestId: row!.id, ...(note ? { note } : {}) }
		});
		return { id: row!.id };
	});
}

/**
 * The other record that holds a CI number, if any: shown to the coordinator reviewing a proposal
 * that would give this CI to `personId`, whose acceptance waits until the clash is resolved.
 */
export async function ciHolder(db: Executor, ciNumber: string, personId: string) {
	const [row] = await db
		.select({
			id: person.id,
			name: sql<string>`${person.givenNames} || ' ' || ${person.surnames}`,
			cooperative: sql<string | null>`coalesce(${cooperative.shortName}, ${cooperative.name})`
		})
		.from(person)
		.leftJoin(cooperative, eq(cooperative.id, person.cooperativeId))
		.where(and(eq(person.ciNumber, ciNumber), ne(person.id, personId)));
	return row ?? null;
}

/**
 * A coordinator accepts a proposal — the change is applied as an ordinary edit, with its audit
 * line — or refuses it. A proposal is decided once.
 */
export async function reviewCorrection(
	deps: { db: Db; now?: () => Date },
	actor: Actor | null,
	requestId: string,
	decision: 'accept' | 'refuse'
): Promise<{ personId: string }> {
	assertCan(actor, 'org.manage');
	const now = deps.now?.() ?? new Date();
	try {
		return await deps.db.transaction(async (tx) => {
			const [req] = await tx
				.select()
				.from(correctionRequest)
				.where(eq(correctionRequest.id, requestId))
				.for('update');
			if (!req) throw new AppError('not_found');
			if (req.status !== 'open') throw new AppError('conflict', 'already decided');
			if (decision === 'accept') {
				// Only correctable fields, validated again: the rules may have changed meanwhile.
				const proposed = Object.fromEntries(
					Object.entries(req.proposed).filter(([k]) =>
						(correctableFields as readonly string[]).includes(k)
					)
				);
				const [current] = await tx.select().from(person).where(eq(person.id, req.personId));
				if (!current) throw new AppError('not_found');
				const merged = Object.fromEntries(
					correctableFields.map((k) => [k, k in proposed ? proposed[k] : current[k]])
				);
				const data = parseInput(
					z.object(personFields(todayInBolivia(now))),
					Object.fromEntries(Object.entries(merged).map(([k, v]) => [k, v ?? '']))
				);
				const values = Object.fromEntries(
					Object.keys(proposed).map((k) => [k, data[k as keyof typeof data]])
				);
				if (
					typeof values.ciNumber === 'string' &&
					(await ciHolder(tx, values.ciNumber, req.personId))
				)
					throw invalid('_', 'ci_clash');
				const changed = await writePersonChanges(tx, actor, req.personId, values, {
					action: 'correction_accepted',
					extra: { requestId }
				});
				// Already applied by hand: the decision is still recorded.
				if (!Object.keys(changed).length)
					await recordAudit(tx, actor, {
						action: 'correction_accepted',
						entity: 'person',
						entityId: req.personId,
						changes: { requestId }
					});
			} else {
				await recordAudit(tx, actor, {
					action: 'correction_refused',
					entity: 'person',
					entityId: req.personId,
					changes: { requestId }
				});
			}
			await tx
				.update(correctionRequest)
				.set({
					status: decision === 'accept' ? 'accepted' : 'refused',
					reviewedBy: actor.userId,
					reviewedAt: now
				})
				.where(and(eq(correctionRequest.id, requestId), eq(correctionRequest.status, 'open')));
			return { personId: req.personId };
		});
	} catch (e) {
		rethrowPersonConflict(e);
	}
}

/** How many proposals wait for a decision (the coordinator's home card). */
export async function countOpenCorrections(deps: { db: Db }, actor: Actor | null): Promise<number> {
	assertCan(actor, 'org.manage');
	const [r] = await deps.db
		.select({ n: sql<number>`count(*)::int` })
		.from(correctionRequest)
		.where(eq(correctionRequest.status, 'open'));
	return r?.n ?? 0;
}
