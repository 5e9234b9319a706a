import { eq } from 'drizzle-orm';
import { defaultRoundDates, isIsoDate, LABEL_MAX } from '../../domain/follow-up';
import { assertCan, type Actor } from '../access/guard';
import type { Executor } from '../db/client';
import { cohort, followUpRound } from '../db/schema';
import { AppError } from '../errors';
import { isUuid } from './round-context';

export interface RoundInput {
	dueOn: string;
	label: string;
}

/** At most this many rounds in one post (the form offers a few rows). */
export const ROUNDS_PER_POST = 6;

async function loadCohort(db: Executor, cohortId: string) {
	if (!isUuid(cohortId)) throw new AppError('not_found');
	const [row] = await db
		.select({ id: cohort.id, name: cohort.name, endsOn: cohort.endsOn })
		.from(cohort)
		.where(eq(cohort.id, cohortId));
	if (!row) throw new AppError('not_found');
	return row;
}

/** What the form offers: rounds 3 and 6 months after the cohort's end date. */
export async function roundDefaults(deps: { db: Executor }, actor: Actor | null, cohortId: string) {
	assertCan(actor, 'followup.manage', { cohortIds: [cohortId] });
	const c = await loadCohort(deps.db, cohortId);
	return defaultRoundDates(c.endsOn);
}

/**
 * A coordinator sets a cohort's follow-up rounds. Rows left empty are skipped; each date must
 * be after the course ended. A date the cohort already has is kept as it is (so posting the
 * same form twice adds nothing). Returns how many rounds were added.
 */
export async function createRounds(
	deps: { db: Executor },
	actor: Actor | null,
	input: { cohortId: string; rounds: RoundInput[] }
): Promise<{ created: number }> {
	assertCan(actor, 'followup.manage', { cohortIds: [input.cohortId] });
	const c = await loadCohort(deps.db, input.cohortId);
	const fields: Record<string, string> = {};
	const rows: RoundInput[] = [];
	input.rounds.slice(0, ROUNDS_PER_POST).forEach((r, i) => {
		const dueOn = r.dueOn.trim();
		const label = r.label.trim();
		if (!dueOn && !label) return;
		if (!isIsoDate(dueOn)) fields[`dueOn-${i}`] = 'followup_err_date';
		else if (dueOn <= c.endsOn) fields[`dueOn-${i}`] = 'followup_err_after_end';
		if (!label) fields[`label-${i}`] = 'followup_err_label';
		else if (label.length > LABEL_MAX) fields[`label-${i}`] = 'followup_err_too_long';
		rows.push({ dueOn, label });
	});
	if (!rows.length && !Object.keys(fields).length) fields._ = 'followup_err_no_rounds';
	if (Object.keys(fields).length) throw new AppError('invalid_input', 'rounds', fields);
	const written = await deps.db
		.insert(followUpRound)
		.values(
			rows.map((r) => ({
				cohortId: c.id,
				dueOn: r.dueOn,
				label: r.label,
				createdBy: actor.userId
			}))
		)
		.onConflictDoNothing({ target: [followUpRound.cohortId, followUpRound.dueOn] })
		.returning({ id: followUpRound.id });
	return { created: written.length };
}
