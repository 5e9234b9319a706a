import { and, eq, isNull } from 'drizzle-orm';
import { assertCan, type Actor } from '../access/guard';
import { recordAudit } from '../audit/record-audit';
import type { Executor } from '../db/client';
import { certificate } from '../db/schema';
import { AppError } from '../errors';
import { isUuid } from './cohort-context';

export const REASON_MAX = 500;

/**
 * A coordinator revokes a certificate, saying why. Revoking one already revoked changes nothing
 * (a re-posted form); the verification page says "revoked" from then on, with the date.
 */
export async function revokeCertificate(
	deps: { db: Executor; now?: () => Date },
	actor: Actor | null,
	input: { certificateId: string; reason: string }
): Promise<{ revoked: boolean }> {
	assertCan(actor, 'certificate.manage');
	if (!isUuid(input.certificateId)) throw new AppError('not_found');
	const reason = input.reason.trim();
	if (!reason) throw new AppError('invalid_input', 'reason', { reason: 'cert_err_reason' });
	if (reason.length > REASON_MAX)
		throw new AppError('invalid_input', 'reason', { reason: 'cert_err_reason_long' });
	const now = deps.now?.() ?? new Date();
	return deps.db.transaction(async (tx) => {
		const [row] = await tx
			.update(certificate)
			.set({ revokedAt: now, revokedBy: actor.userId, revokeReason: reason })
			.where(and(eq(certificate.id, input.certificateId), isNull(certificate.revokedAt)))
			.returning({ id: certificate.id, cohortId: certificate.cohortId });
		if (!row) {
			const [had] = await tx
				.select({ id: certificate.id })
				.from(certificate)
				.where(eq(certificate.id, input.certificateId));
			if (!had) throw new AppError('not_found');
			return { revoked: false };
		}
		await recordAudit(tx, actor, {
			action: 'revoke',
			entity: 'certificate',
			entityId: row.id,
			changes: { reason, cohortId: row.cohortId },
			at: now
		});
		return { revoked: true };
	});
}
