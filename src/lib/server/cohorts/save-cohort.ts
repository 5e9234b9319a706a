import { and, eq, sql } from 'drizzle-orm';
import { diffChanges } from '../../domain/changes';
import { cohortInput, type CohortInput } from '../../domain/cohort-input';
import { assertCan, type Actor } from '../access/guard';
import { recordAudit } from '../audit/record-audit';
import type { Db, Executor } from '../db/client';
import { cohort, enrolment, programme } from '../db/schema';
import { AppError } from '../errors';
import { invalid, parseInput } from '../org/validate';

async function checkProgramme(db: Executor, data: CohortInput) {
	const [p] = await db
		.select({ id: programme.id })
		.from(programme)
		.where(eq(programme.id, data.programmeId));
	if (!p) throw invalid('programmeId', 'not_found');
}

export async function createCohort(
	deps: { db: Db },
	actor: Actor | null,
	input: unknown
): Promise<{ id: string }> {
	assertCan(actor, 'programme.manage');
	const data = parseInput(cohortInput, input);
	return deps.db.transaction(async (tx) => {
		await checkProgramme(tx, data);
		const [row] = await tx.insert(cohort).values(data).returning({ id: cohort.id });
		await recordAudit(tx, actor, {
			action: 'create',
			entity: 'cohort',
			entityId: row!.id,
			changes: data
		});
		return { id: row!.id };
	});
}

/** Edits a cohort. The capacity may not drop below the members already enrolled. */
export async function updateCohort(
	deps: { db: Db },
	actor: Actor | null,
	id: string,
	input: unknown
): Promise<void> {
	assertCan(actor, 'programme.manage');
	const data = parseInput(cohortInput, input);
	await deps.db.transaction(async (tx) => {
		const [before] = await tx.select().from(cohort).where(eq(cohort.id, id)).for('update');
		if (!before) throw new AppError('not_found');
		await checkProgramme(tx, data);
		if (data.capacity !== null) {
			const [r] = await tx
				.select({ n: sql<number>`count(*)::int` })
				.from(enrolment)
				.where(and(eq(enrolment.cohortId, id), eq(enrolment.status, 'active')));
			if ((r?.n ?? 0) > data.capacity) throw invalid('capacity', 'below_enrolled');
		}
		const changes = diffChanges(before, data);
		if (!Object.keys(changes).length) return;
		await tx
			.update(cohort)
			.set({ ...data, updatedAt: new Date() })
			.where(eq(cohort.id, id));
		await recordAudit(tx, actor, { action: 'update', entity: 'cohort', entityId: id, changes });
	});
}
