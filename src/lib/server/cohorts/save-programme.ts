import { asc, eq, sql } from 'drizzle-orm';
import { diffChanges } from '../../domain/changes';
import { programmeInput } from '../../domain/cohort-input';
import { assertCan, type Actor } from '../access/guard';
import { recordAudit } from '../audit/record-audit';
import type { Db, Executor } from '../db/client';
import { outer } from '../db/outer';
import { cohort, programme } from '../db/schema';
import { AppError } from '../errors';
import { parseInput } from '../org/validate';

export async function createProgramme(
	deps: { db: Db },
	actor: Actor | null,
	input: unknown
): Promise<{ id: string }> {
	assertCan(actor, 'programme.manage');
	const data = parseInput(programmeInput, input);
	return deps.db.transaction(async (tx) => {
		const [row] = await tx.insert(programme).values(data).returning({ id: programme.id });
		await recordAudit(tx, actor, {
			action: 'create',
			entity: 'programme',
			entityId: row!.id,
			changes: data
		});
		return { id: row!.id };
	});
}

export async function updateProgramme(
	deps: { db: Db },
	actor: Actor | null,
	id: string,
	input: unknown
): Promise<void> {
	assertCan(actor, 'programme.manage');
	const data = parseInput(programmeInput, input);
	await deps.db.transaction(async (tx) => {
		const [before] = await tx.select().from(programme).where(eq(programme.id, id)).for('update');
		if (!before) throw new AppError('not_found');
		const changes = diffChanges(before, data);
		if (!Object.keys(changes).length) return;
		await tx
			.update(programme)
			.set({ ...data, updatedAt: new Date() })
			.where(eq(programme.id, id));
		await recordAudit(tx, actor, { action: 'update', entity: 'programme', entityId: id, changes });
	});
}

/** Every programme with its number of cohorts (a short list: a few per year). */
export async function listProgrammes(deps: { db: Executor }, actor: Actor | null) {
	assertCan(actor, 'programme.manage');
	return deps.db
		.select({
			id: programme.id,
			name: programme.name,
			description: programme.description,
			startsOn: programme.startsOn,
			endsOn: programme.endsOn,
			cohorts: sql<number>`(select count(*)::int from ${cohort} where ${cohort.programmeId} = ${outer(programme.id)})`
		})
		.from(programme)
		.orderBy(sql`${programme.startsOn} desc nulls last`, asc(programme.name));
}

export async function getProgramme(deps: { db: Executor }, actor: Actor | null, id: string) {
	assertCan(actor, 'programme.manage');
	const [row] = await deps.db.select().from(programme).where(eq(programme.id, id));
	if (!row) throw new AppError('not_found');
	return row;
}
