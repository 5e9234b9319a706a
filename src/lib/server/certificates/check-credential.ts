import { eq } from 'drizzle-orm';
import type { Executor } from '../db/client';
import { certificate } from '../db/schema';
import { isUuid } from './cohort-context';
import type { CertificateConfig } from './config';
import { publishedKeys } from './issuer-key';
import { verifySignature } from './open-badge';

export interface CredentialCheck {
	/** valid only when the signature holds, it has not expired and it is not revoked. */
	status: 'valid' | 'invalid_signature' | 'expired' | 'revoked' | 'unknown';
	signature: { verified: boolean; error?: string };
	expired: boolean;
	revoked: boolean;
	revokedAt: string | null;
	/** Whether this platform issued it (its id is one of our certificates). */
	known: boolean;
	id: string | null;
	code: string | null;
}

/**
 * Checks an Open Badges credential as a file: the eddsa-rdfc-2022 proof against the published
 * issuer keys (old ones included), `validUntil` against the clock, and revocation in the
 * database (the credential's id is `urn:uuid:<certificate id>`).
 */
export async function checkCredential(
	deps: { db: Executor; config: Pick<CertificateConfig, 'urls' | 'keys'>; now?: () => Date },
	credential: unknown
): Promise<CredentialCheck> {
	const now = deps.now?.() ?? new Date();
	const obj = (credential && typeof credential === 'object' ? credential : {}) as Record<
		string,
		unknown
	>;
	const signature = await verifySignature(
		deps.config.urls,
		publishedKeys(deps.config.keys),
		credential
	);
	const until = typeof obj.validUntil === 'string' ? Date.parse(obj.validUntil) : NaN;
	const expired = Number.isFinite(until) && until < now.getTime();
	const id = typeof obj.id === 'string' ? obj.id : null;
	const certId = id?.startsWith('urn:uuid:') ? id.slice(9) : '';
	const [row] = isUuid(certId)
		? await deps.db
				.select({ code: certificate.code, revokedAt: certificate.revokedAt })
				.from(certificate)
				.where(eq(certificate.id, certId))
		: [];
	const revoked = !!row?.revokedAt;
	const status = !signature.verified
		? 'invalid_signature'
		: expired
			? 'expired'
			: !row
				? 'unknown'
				: revoked
					? 'revoked'
					: 'valid';
	return {
		status,
		signature,
		expired,
		revoked,
		revokedAt: row?.revokedAt ? row.revokedAt.toISOString() : null,
		known: !!row,
		id,
		code: row?.code ?? null
	};
}
