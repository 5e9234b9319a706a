// The demo's follow-up of Action Plans: the cohort's two rounds (3 and 6 months after it ends)
// and, in the first, Cerro Rico Unificada's lead has updated two activities of its plan; the
// facilitator validated one and queried the other.
import { randomUUID } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import { ACTION_PLAN_ACTIVITIES, defaultRoundDates, planItems } from '../../domain/follow-up';
import type { SectionData } from '../../domain/workbook-values';
import type { Executor } from './client';
import {
	cohort,
	followUpEvent,
	followUpRound,
	followUpUpdate,
	planSection,
	workbook
} from './schema';

const HOUR = 3_600_000;

export async function seedDemoFollowUp(
	tx: Executor,
	opts: {
		cohortId: string;
		programmeId: string;
		cooperativeId: string;
		coordinatorUserId: string;
		facilitatorUserId: string;
		leadUserId: string;
		now: Date;
	}
): Promise<void> {
	const [c] = await tx
		.select({ endsOn: cohort.endsOn })
		.from(cohort)
		.where(eq(cohort.id, opts.cohortId));
	const rounds = await tx
		.insert(followUpRound)
		.values(
			defaultRoundDates(c!.endsOn).map((d) => ({
				cohortId: opts.cohortId,
				dueOn: d.dueOn,
				label: `${d.months} meses después del curso`,
				createdBy: opts.coordinatorUserId,
				createdAt: new Date(opts.now.getTime() - 48 * HOUR)
			}))
		)
		.returning({ id: followUpRound.id, dueOn: followUpRound.dueOn });
	const first = rounds.sort((a, b) => a.dueOn.localeCompare(b.dueOn))[0]!;

	const [plan] = await tx
		.select({ workbookId: workbook.id, data: planSection.data })
		.from(planSection)
		.innerJoin(workbook, eq(workbook.id, planSection.workbookId))
		.where(
			and(
				eq(workbook.cooperativeId, opts.cooperativeId),
				eq(workbook.programmeId, opts.programmeId),
				eq(planSection.sectionKey, ACTION_PLAN_ACTIVITIES)
			)
		);
	if (!plan) return;
	const [approve, credit] = planItems(plan.data as SectionData);
	const updatedAt = new Date(opts.now.getTime() - 20 * HOUR);
	const reviewedAt = new Date(opts.now.getTime() - 4 * HOUR);
	const updates = [
		{
			item: approve!,
			values: {
				status: 'done' as const,
				percent: 100,
				indicatorValue: '1 acta',
				spent: 45_000,
				note: 'La asamblea aprobó el plan de la planta con 212 votos a favor.'
			},
			review: {
				kind: 'validated' as const,
				note: 'Vi el acta en el libro. Bien hecho.'
			}
		},
		{
			item: credit!,
			values: {
				status: 'late' as const,
				percent: 30,
				indicatorValue: 'Solicitud en preparación',
				spent: 0,
				note: 'Falta el estudio de suelos que pide el fondo.'
			},
			review: {
				kind: 'queried' as const,
				note: '¿Quién hace el estudio de suelos y para cuándo? Pongan la fecha nueva.'
			}
		}
	];
	for (const u of updates) {
		const [row] = await tx
			.insert(followUpUpdate)
			.values({
				roundId: first.id,
				workbookId: plan.workbookId,
				itemKey: u.item.key,
				snapshot: { activity: u.item.activity, budget: u.item.budget },
				...u.values,
				revision: 1,
				updatedBy: opts.leadUserId,
				updatedAt,
				reviewState: u.review.kind,
				reviewerNote: u.review.note,
				reviewedBy: opts.facilitatorUserId,
				reviewedAt
			})
			.returning({ id: followUpUpdate.id });
		await tx.insert(followUpEvent).values([
			{
				clientId: randomUUID(),
				updateId: row!.id,
				kind: 'updated',
				revision: 1,
				data: { ...u.values, evidenceName: null, evidencePath: null },
				actorId: opts.leadUserId,
				at: updatedAt
			},
			{
				clientId: randomUUID(),
				updateId: row!.id,
				kind: u.review.kind,
				revision: 1,
				data: { note: u.review.note },
				actorId: opts.facilitatorUserId,
				at: reviewedAt
			}
		]);
	}
}
