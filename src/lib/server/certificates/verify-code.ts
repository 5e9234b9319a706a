import { eq } from 'drizzle-orm';
import { normaliseCode } from '../../domain/certificates/rule';
import { refundAttempt, takeAttempt } from '../auth/rate-limit';
import type { Executor } from '../db/client';
import { certificate, type CertifiedCourse } from '../db/schema';

/** Unknown codes an address may look up before each further one must wait (2 s, 4 s…). */
export const FREE_UNKNOWN_PER_ADDRESS = 30;

export type Verification =
	| { state: 'unknown'; code: string }
	| {
			state: 'valid' | 'revoked';
			code: string;
			holderName: string;
			cohortName: string;
			courses: CertifiedCourse[];
			issuedAt: Date;
			revokedAt: Date | null;
	  };

/**
 * The public answer for a certificate code: valid, revoked (with the date) or unknown, with the
 * holder's name and what it certifies — nothing else (no CI, no phone, no cooperative). Anyone
 * may ask, so guessing is slowed per address: every lookup is charged before the database is
 * asked and a found code gives its charge back, so only unknown codes add up (RateLimitedError).
 */
export async function verifyCode(
	deps: { db: Executor; now?: () => Date },
	input: { code: string; address: string }
): Promise<Verification> {
	const now = deps.now?.() ?? new Date();
	const shown = input.code.slice(0, 64);
	const key = `verify:${input.address.slice(0, 100)}`;
	await takeAttempt(deps.db, key, FREE_UNKNOWN_PER_ADDRESS, now);
	const code = normaliseCode(input.code);
	if (!code) return { state: 'unknown', code: shown };
	const [row] = await deps.db
		.select({
			holderName: certificate.holderName,
			cohortName: certificate.cohortName,
			courses: certificate.courses,
			issuedAt: certificate.issuedAt,
			revokedAt: certificate.revokedAt
		})
		.from(certificate)
		.where(eq(certificate.code, code));
	if (!row) return { state: 'unknown', code: shown };
	await refundAttempt(deps.db, key);
	return { state: row.revokedAt ? 'revoked' : 'valid', code, ...row };
}
