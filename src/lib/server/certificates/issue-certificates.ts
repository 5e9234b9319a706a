import { randomBytes, randomUUID } from 'node:crypto';
import { and, eq, inArray, isNull, or } from 'drizzle-orm';
import { formatCode, standingOf, unmetConditions } from '../../domain/certificates/rule';
import { assertCan, type Actor } from '../access/guard';
import { recordAudits } from '../audit/record-audit';
import { certificate } from '../db/schema';
import { AppError } from '../errors';
import {
	certifiedCourses,
	isUuid,
	loadCohortRule,
	loadMembers,
	type CertificateDeps
} from './cohort-context';
import type { CertificateConfig } from './config';
import { publishedKeys, signingKey } from './issuer-key';
import { buildCredential, keyUrl, signCredential } from './open-badge';

export interface IssueDeps extends CertificateDeps {
	config: CertificateConfig;
	now?: () => Date;
}

/** At most this many people named in one post (a cohort has up to a few hundred). */
export const MAX_SELECTED = 2000;

export interface IssueResult {
	issued: number;
	/** Named but not meeting the rule: left without a certificate. */
	notMeeting: number;
	/** Already holding one (or given one by this very form before). */
	already: number;
}

/**
 * A coordinator issues certificates: to the members named, or to everyone who meets the rule
 * (`all`). Only members who meet the rule get one. The form's client id makes a re-post issue
 * nothing twice, and a member never holds two standing certificates for one cohort (a unique
 * index, whatever the client id). Each certificate carries its signed Open Badges credential.
 */
export async function issueCertificates(
	deps: IssueDeps,
	actor: Actor | null,
	input: { cohortId: string; clientId: string; personIds: string[] | 'all' }
): Promise<IssueResult> {
	assertCan(actor, 'certificate.manage', { cohortIds: [input.cohortId] });
	if (!isUuid(input.clientId))
		throw new AppError('invalid_input', 'clientId', { _: 'cert_err_form' });
	const named =
		input.personIds === 'all' ? undefined : [...new Set(input.personIds.filter(isUuid))];
	if (named && !named.length) throw new AppError('invalid_input', 'none', { _: 'cert_err_none' });
	if (named && named.length > MAX_SELECTED)
		throw new AppError('invalid_input', 'too many', { _: 'cert_err_none' });
	const ctx = await loadCohortRule(deps, input.cohortId);
	const members = await loadMembers(deps, ctx, named);
	const meeting = members.filter(
		(m) => standingOf(unmetConditions(ctx.rule, m.record)) === 'meets'
	);
	const held = meeting.length
		? await deps.db
				.select({ personId: certificate.personId })
				.from(certificate)
				.where(
					and(
						inArray(
							certificate.personId,
							meeting.map((m) => m.personId)
						),
						or(
							and(eq(certificate.cohortId, ctx.cohort.id), isNull(certificate.revokedAt)),
							eq(certificate.clientId, input.clientId)
						)
					)
				)
		: [];
	const holding = new Set(held.map((h) => h.personId));
	const toIssue = meeting.filter((m) => !holding.has(m.personId));
	const result: IssueResult = {
		issued: 0,
		notMeeting: (named ? named.length : members.length) - meeting.length,
		already: holding.size
	};
	if (!toIssue.length) return result;

	// Signed before the transaction: signing takes a few milliseconds each and needs no lock.
	const now = deps.now?.() ?? new Date();
	const { urls } = deps.config;
	const key = await signingKey(deps.config.keys);
	const keys = publishedKeys(deps.config.keys);
	const courses = certifiedCourses(ctx);
	const rows: (typeof certificate.$inferInsert)[] = [];
	for (const m of toIssue) {
		const id = randomUUID();
		const credential = await signCredential(
			urls,
			key,
			keys,
			buildCredential(urls, {
				certificateId: id,
				cohortId: ctx.cohort.id,
				holderName: m.name,
				cohortName: ctx.cohort.name,
				cooperativeName: m.cooperative,
				federationName: m.federation,
				courses,
				issuerName: deps.config.issuerName,
				issuedAt: now
			})
		);
		rows.push({
			id,
			code: formatCode(randomBytes(12)),
			cohortId: ctx.cohort.id,
			personId: m.personId,
			clientId: input.clientId,
			holderName: m.name,
			cohortName: ctx.cohort.name,
			cooperativeName: m.cooperative,
			federationName: m.federation,
			courses,
			credential,
			keyId: keyUrl(urls, key.publicKeyMultibase),
			issuedBy: actor.userId,
			issuedAt: now
		});
	}
	return deps.db.transaction(async (tx) => {
		// A conflict is a parallel post that got there first: that member already has theirs.
		const written = await tx
			.insert(certificate)
			.values(rows)
			.onConflictDoNothing()
			.returning({ id: certificate.id, personId: certificate.personId, code: certificate.code });
		await recordAudits(
			tx,
			actor,
			written.map((w) => ({
				action: 'issue',
				entity: 'certificate' as const,
				entityId: w.id,
				changes: { personId: w.personId, cohortId: ctx.cohort.id, code: w.code },
				at: now
			}))
		);
		return {
			...result,
			issued: written.length,
			already: result.already + rows.length - written.length
		};
	});
}
