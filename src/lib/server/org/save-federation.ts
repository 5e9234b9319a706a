import { and, eq, ne, sql } from 'drizzle-orm';
import { diffChanges } from '../../domain/changes';
import { federationInput, type FederationInput } from '../../domain/org-input';
import { assertCan, type Actor } from '../access/guard';
import { recordAudit } from '../audit/record-audit';
import type { Db, Executor } from '../db/client';
import { uniqueViolation } from '../db/errors';
import { federation } from '../db/schema';
import { AppError } from '../errors';
import { invalid, parseInput } from './validate';

async function assertShortNameFree(db: Executor, shortName: string, exceptId?: string) {
	const [clash] = await db
		.select({ id: federation.id })
		.from(federation)
		.where(
			and(
				eq(sql`lower(${federation.shortName})`, shortName.toLowerCase()),
				exceptId ? ne(federation.id, exceptId) : undefined
			)
		);
	if (clash) throw invalid('shortName', 'taken');
}

function rethrow(e: unknown): never {
	if (uniqueViolation(e) === 'federation_short_name_key') throw invalid('shortName', 'taken');
	throw e;
}

/** Creates a federation (coordinators). Short names are unique, whatever their case. */
export async function createFederation(
	deps: { db: Db },
	actor: Actor | null,
	input: unknown
): Promise<{ id: string }> {
	assertCan(actor, 'org.manage');
	const data: FederationInput = parseInput(federationInput, input);
	try {
		return await deps.db.transaction(async (tx) => {
			await assertShortNameFree(tx, data.shortName);
			const [row] = await tx.insert(federation).values(data).returning({ id: federation.id });
			await recordAudit(tx, actor, {
				action: 'create',
				entity: 'federation',
				entityId: row!.id,
				changes: data
			});
			return { id: row!.id };
		});
	} catch (e) {
		rethrow(e);
	}
}

/** Edits a federation; the audit line holds only the fields that changed. */
export async function updateFederation(
	deps: { db: Db },
	actor: Actor | null,
	id: string,
	input: unknown
): Promise<void> {
	assertCan(actor, 'org.manage');
	const data: FederationInput = parseInput(federationInput, input);
	try {
		await deps.db.transaction(async (tx) => {
			const [before] = await tx
				.select()
				.from(federation)
				.where(eq(federation.id, id))
				.for('update');
			if (!before) throw new AppError('not_found');
			await assertShortNameFree(tx, data.shortName, id);
			const changes = diffChanges(before, data);
			if (!Object.keys(changes).length) return;
			await tx
				.update(federation)
				.set({ ...data, updatedAt: new Date() })
				.where(eq(federation.id, id));
			await recordAudit(tx, actor, {
				action: 'update',
				entity: 'federation',
				entityId: id,
				changes
			});
		});
	} catch (e) {
		rethrow(e);
	}
}
