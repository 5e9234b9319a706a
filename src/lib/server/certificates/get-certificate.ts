import { desc, eq } from 'drizzle-orm';
import { maskCi } from '../../domain/certificates/rule';
import { assertCan, type Actor } from '../access/guard';
import type { Executor } from '../db/client';
import { certificate, person } from '../db/schema';
import { AppError } from '../errors';
import { isUuid } from './cohort-context';

/**
 * A certificate to download (PDF or credential): its holder, or a coordinator. Anyone else is
 * told it does not exist rather than that it is someone else's.
 */
export async function getCertificate(
	deps: { db: Executor },
	actor: Actor | null,
	certificateId: string
) {
	if (!actor) throw new AppError('unauthenticated');
	if (!isUuid(certificateId)) throw new AppError('not_found');
	const [row] = await deps.db
		.select({
			c: certificate,
			ciNumber: person.ciNumber,
			ciExtension: person.ciExtension
		})
		.from(certificate)
		.innerJoin(person, eq(person.id, certificate.personId))
		.where(eq(certificate.id, certificateId));
	if (!row) throw new AppError('not_found');
	try {
		assertCan(actor, 'certificate.download', { personId: row.c.personId });
	} catch {
		throw new AppError('not_found');
	}
	return { ...row.c, ciMasked: maskCi(row.ciNumber, row.ciExtension) };
}

export type CertificateRecord = Awaited<ReturnType<typeof getCertificate>>;

/** The signed-in person's own certificates, newest first. */
export async function listOwnCertificates(deps: { db: Executor }, actor: Actor | null) {
	if (!actor) throw new AppError('unauthenticated');
	if (!actor.personId) return [];
	return deps.db
		.select({
			id: certificate.id,
			code: certificate.code,
			cohortName: certificate.cohortName,
			courses: certificate.courses,
			issuedAt: certificate.issuedAt,
			revokedAt: certificate.revokedAt
		})
		.from(certificate)
		.where(eq(certificate.personId, actor.personId))
		.orderBy(desc(certificate.issuedAt));
}
