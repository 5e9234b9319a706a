import { and, eq } from 'drizzle-orm';
import { parseRule, type CompletionRule } from '../../domain/certificates/rule';
import { assertCan, type Actor } from '../access/guard';
import { recordAudit } from '../audit/record-audit';
import { certificateRule } from '../db/schema';
import { AppError } from '../errors';
import { loadCohortRule, type CertificateDeps } from './cohort-context';

const same = (a: CompletionRule, b: CompletionRule) =>
	a.minAttendance === b.minAttendance &&
	a.requirePostTest === b.requirePostTest &&
	a.requirePlanApproved === b.requirePlanApproved &&
	a.minLiveAttendance === b.minLiveAttendance;

/**
 * A coordinator sets a cohort's completion rule. The form names the revision it was opened at
 * (0 while the cohort uses the defaults): someone else's save in between is a conflict, never
 * overwritten; the same values posted again are a success that writes nothing.
 */
export async function saveRule(
	deps: CertificateDeps,
	actor: Actor | null,
	input: { cohortId: string; revision: string; values: Record<string, unknown> }
): Promise<{ revision: number }> {
	assertCan(actor, 'certificate.manage', { cohortIds: [input.cohortId] });
	const ctx = await loadCohortRule(deps, input.cohortId);
	const { rule, fields } = parseRule(input.values);
	if (!rule) throw new AppError('invalid_input', 'rule', fields);
	const base = /^\d{1,9}$/.test(input.revision) ? Number(input.revision) : -1;
	if (base < 0) throw new AppError('invalid_input', 'revision', { _: 'cert_err_revision' });
	if (same(rule, ctx.rule) && base <= ctx.revision) return { revision: ctx.revision };
	return deps.db.transaction(async (tx) => {
		const t = certificateRule;
		const written =
			base === 0
				? await tx
						.insert(t)
						.values({ cohortId: ctx.cohort.id, ...rule, updatedBy: actor.userId })
						.onConflictDoNothing()
						.returning({ revision: t.revision })
				: await tx
						.update(t)
						.set({ ...rule, revision: base + 1, updatedBy: actor.userId, updatedAt: new Date() })
						.where(and(eq(t.cohortId, ctx.cohort.id), eq(t.revision, base)))
						.returning({ revision: t.revision });
		if (!written.length) throw new AppError('conflict');
		const changes: Record<string, unknown> = {};
		for (const k of [
			'minAttendance',
			'requirePostTest',
			'requirePlanApproved',
			'minLiveAttendance'
		] as const)
			if (rule[k] !== ctx.rule[k]) changes[k] = { from: ctx.rule[k], to: rule[k] };
		await recordAudit(tx, actor, {
			action: 'certificate_rule',
			entity: 'cohort',
			entityId: ctx.cohort.id,
			changes
		});
		return { revision: written[0]!.revision };
	});
}
