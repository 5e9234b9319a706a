import { and, eq, ne } from 'drizzle-orm';
import { diffChanges } from '../../domain/changes';
import { cooperativeInput, type CooperativeInput } from '../../domain/org-input';
import { assertCan, type Actor } from '../access/guard';
import { recordAudit } from '../audit/record-audit';
import type { Db, Executor } from '../db/client';
import { uniqueViolation } from '../db/errors';
import { cooperative, federation } from '../db/schema';
import { AppError } from '../errors';
import { invalid, parseInput } from './validate';

async function checkReferences(db: Executor, data: CooperativeInput, exceptId?: string) {
	const [fed] = await db
		.select({ id: federation.id })
		.from(federation)
		.where(eq(federation.id, data.federationId));
	if (!fed) throw invalid('federationId', 'not_found');
	if (data.registryNumber) {
		const [clash] = await db
			.select({ id: cooperative.id })
			.from(cooperative)
			.where(
				and(
					eq(cooperative.registryNumber, data.registryNumber),
					exceptId ? ne(cooperative.id, exceptId) : undefined
				)
			);
		if (clash) throw invalid('registryNumber', 'taken');
	}
}

function rethrow(e: unknown): never {
	if (uniqueViolation(e) === 'cooperative_registry_number_key')
		throw invalid('registryNumber', 'taken');
	throw e;
}

/** Registers a cooperative (coordinators); its AFCOOP registry number is unique. */
export async function createCooperative(
	deps: { db: Db },
	actor: Actor | null,
	input: unknown
): Promise<{ id: string }> {
	assertCan(actor, 'org.manage');
	const data = parseInput(cooperativeInput, input);
	try {
		return await deps.db.transaction(async (tx) => {
			await checkReferences(tx, data);
			const [row] = await tx.insert(cooperative).values(data).returning({ id: cooperative.id });
			await recordAudit(tx, actor, {
				action: 'create',
				entity: 'cooperative',
				entityId: row!.id,
				changes: data
			});
			return { id: row!.id };
		});
	} catch (e) {
		rethrow(e);
	}
}

export async function updateCooperative(
	deps: { db: Db },
	actor: Actor | null,
	id: string,
	input: unknown
): Promise<void> {
	assertCan(actor, 'org.manage');
	const data = parseInput(cooperativeInput, input);
	try {
		await deps.db.transaction(async (tx) => {
			const [before] = await tx
				.select()
				.from(cooperative)
				.where(eq(cooperative.id, id))
				.for('update');
			if (!before) throw new AppError('not_found');
			await checkReferences(tx, data, id);
			const changes = diffChanges(before, data);
			if (!Object.keys(changes).length) return;
			await tx
				.update(cooperative)
				.set({ ...data, updatedAt: new Date() })
				.where(eq(cooperative.id, id));
			await recordAudit(tx, actor, {
				action: 'update',
				entity: 'cooperative',
				entityId: id,
				changes
			});
		});
	} catch (e) {
		rethrow(e);
	}
}
